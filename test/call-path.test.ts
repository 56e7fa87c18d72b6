/**
 * The call-path rules, from neutral signatures: node:ffi's Fast API register limits and its
 * fallbacks, Deno's fast call, Bun's JIT, and an explicit `unknown` for a type without a rule.
 */
import { describe, expect, it } from 'vitest';
import { workloads } from '../runners/shared/catalogue.ts';
import { callPathOf, type PathContext } from '../runners/shared/call-path.ts';

const node26: PathContext = { runtime: { name: 'node', version: '26.10.0' }, arch: 'x64', littleEndian: true };
const sig = (args: string[], ret = 'i32') => ({ args, ret });

describe('node:ffi call paths (documented rules)', () => {
  it('puts every catalogue workload without a callback on the Fast API path on x64, callbacks on generic', () => {
    for (const w of workloads) {
      const expected = w.args.includes('callback') ? { path: 'generic', fast: false } : { path: 'fast-api', fast: true };
      expect(callPathOf('node-ffi', w, node26), w.id).toMatchObject({ ...expected, basis: 'docs' });
    }
    expect(workloads.some((w) => w.args.includes('callback'))).toBe(true);
  });

  it('lowers strings, string lists and out-pointers before counting registers', () => {
    expect(callPathOf('node-ffi', sig(['strs', 'strs'], 'strs'), node26)).toMatchObject({ path: 'shared-buffer' });
    expect(callPathOf('node-ffi', sig(['str', 'f64s'], 'f64x4'), node26)?.why).toMatch(/^4 integer\/pointer/);
  });

  it('counts a bytes argument as two integer registers (pointer and length)', () => {
    expect(callPathOf('node-ffi', sig(['bytes', 'bytes', 'i32', 'i32']), node26)?.path).toBe('fast-api');
    const seven = callPathOf('node-ffi', sig(['bytes', 'bytes', 'bytes', 'i32']), node26)!;
    expect(seven).toMatchObject({ path: 'shared-buffer', fast: false });
    expect(seven.why).toMatch(/7 integer\/pointer \(max 6 on x64\)/);
  });

  it('allows seven integer arguments on arm64 and eight floats anywhere', () => {
    const ints = sig(Array(7).fill('i32'));
    expect(callPathOf('node-ffi', ints, node26)?.path).toBe('shared-buffer');
    expect(callPathOf('node-ffi', ints, { ...node26, arch: 'arm64' })?.path).toBe('fast-api');
    expect(callPathOf('node-ffi', sig(Array(8).fill('f64'), 'f64'), node26)?.path).toBe('fast-api');
    expect(callPathOf('node-ffi', sig(Array(9).fill('f64'), 'f64'), node26)?.path).toBe('shared-buffer');
  });

  it('falls back to the generic path on a big-endian host that misses the Fast API', () => {
    expect(callPathOf('node-ffi', sig(Array(9).fill('f64')), { ...node26, arch: 's390x', littleEndian: false })?.path).toBe('generic');
    expect(callPathOf('node-ffi', sig(['i32']), { ...node26, arch: 'ia32' })).toMatchObject({ path: 'shared-buffer', fast: false });
  });
});

describe('other runtimes and mechanisms', () => {
  it('gives Deno a fast call and Bun a JIT-compiled call for every catalogue workload', () => {
    const deno: PathContext = { runtime: { name: 'deno', version: '2.9.6' }, arch: 'x64', littleEndian: true };
    const bun: PathContext = { runtime: { name: 'bun', version: '1.4.4' }, arch: 'x64', littleEndian: true };
    for (const w of workloads) {
      expect(callPathOf('deno-ffi', w, deno)).toMatchObject({ path: 'fast-call', fast: true });
      expect(callPathOf('bun-ffi', w, bun)).toMatchObject({ path: 'jit', fast: true });
    }
  });

  it('has no path for mechanisms with one way in', () => {
    for (const m of ['js', 'napi', 'koffi', 'wasm'] as const) expect(callPathOf(m, workloads[0]!, node26)).toBeUndefined();
  });

  it('says unknown, naming the type, for a neutral word without a rule', () => {
    for (const m of ['node-ffi', 'deno-ffi', 'bun-ffi'] as const) {
      const p = callPathOf(m, sig(['string', 'f64'], 'tuple'), node26)!;
      expect(p).toMatchObject({ path: 'unknown', fast: null });
      expect(p.why).toMatch(/"string", "tuple"/);
    }
  });
});
