/**
 * One declaration drives every Rust binding: kernels/build.rs turns contract/workloads.json into
 * the `for_each_workload!` list every family's macro consumes, and no wrapper source names a
 * workload by hand (what each built artifact exports is checked both ways in
 * symbol-table.test.ts, wasm-bindgen-exports.test.ts and http-connections.test.ts; the host's
 * native ids by `cargo test` in host/src/native.rs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declarations, exported } from '../contract/workloads.ts';
import { root } from '../orchestrator/paths.ts';

const scratch = mkdtempSync(join(tmpdir(), 'bt-decl-'));
const generator = join(scratch, 'kernels-build');
execFileSync('rustc', ['--edition', '2021', '-o', generator, join(root, 'kernels', 'build.rs')]);

/** Runs the generator on `manifestDir/../contract/workloads.json`; the generated source. */
function generate(manifestDir: string): string {
  const out = mkdtempSync(join(scratch, 'out-'));
  execFileSync(generator, [], { env: { ...process.env, CARGO_MANIFEST_DIR: manifestDir, OUT_DIR: out }, stdio: 'pipe' });
  return readFileSync(join(out, 'workloads.rs'), 'utf8');
}

/** One line of `for_each_workload!`. */
const itemLine = /^\s+(\w+) "(\w+)" "bt_(\w+)" (kernels|native) (plain|fallible|task|thread) \((.*)\) -> (\w+) \[(\w+)\];$/;

/** A type word as the macro line spells it: `records<payment>` is `records` with the shape's
 *  Rust type (`Payment`) in its last identifier slot. */
const spelled = (t: string, slot: string): string => (t === 'records' ? `records<${slot.replace(/[A-Z]/g, (c, i: number) => `${i ? '_' : ''}${c.toLowerCase()}`)}>` : t);

describe('the declarations drive every binding', () => {
  const source = generate(join(root, 'kernels'));
  const items = source.split('\n').flatMap((l) => {
    const m = itemLine.exec(l);
    return m ? [{ id: m[1]!, name: m[2]!, sym: m[3]!, home: m[4]!, mode: m[5]!, args: m[6]!, ret: spelled(m[7]!, m[8]!) }] : [];
  });

  it('for_each_workload! lists every workload with an export of its own, in order, as declared', () => {
    const own = declarations.filter(exported);
    expect(items.map((i) => i.id)).toEqual(own.map((w) => w.id));
    for (const w of own) {
      const item = items.find((i) => i.id === w.id)!;
      expect([item.name, item.sym]).toEqual([w.id, w.id]);
      expect(item.args.split(', ').filter(Boolean).map((a) => {
        const [word, slots] = [a.split(' ')[0]!, /\[(.*)\]/.exec(a)![1]!.split(' ')];
        return spelled(word, slots[3]!);
      })).toEqual(w.args);
      expect(item.ret).toBe(w.ret);
      const callback = w.args.includes('callback');
      // A `thread` workload's kernel is crate-free: only its wrapper needs threads.
      expect(item.home).toBe(w.nativeOnly && !(w.async && callback) ? 'native' : 'kernels');
      expect(item.mode).toBe(w.async ? (callback ? 'thread' : 'task') : callback ? 'fallible' : 'plain');
    }
  });

  it('for_each_alias! lists every workload that calls another\'s export', () => {
    const aliases = [...source.matchAll(/^\s+(\w+) "\w+" => (\w+);$/gm)].map((m) => [m[1], m[2]]);
    expect(aliases).toEqual(declarations.filter((w) => w.kernel).map((w) => [w.id, w.kernel]));
  });

  it('refuses a declaration no binding can express, naming it', () => {
    const dir = join(scratch, 'bad');
    mkdirSync(join(dir, 'contract'), { recursive: true });
    mkdirSync(join(dir, 'kernels'), { recursive: true });
    // A thread that calls JS back can hold no borrowed JS memory, and hands back an i32.
    const bad = { workloads: [{ id: 'late_call', args: ['bytes', 'callback'], ret: 'i32', async: true }] };
    writeFileSync(join(dir, 'contract', 'workloads.json'), JSON.stringify(bad));
    expect(() => generate(join(dir, 'kernels'))).toThrow(/late_call: an async workload that calls back into JS takes numbers and one callback and returns i32 \(got \(bytes, callback\) -> i32\)/);
    writeFileSync(join(dir, 'contract', 'workloads.json'), '{"workloads": [{"id": "x", "args": [], "ret": "void",}]}');
    expect(() => generate(join(dir, 'kernels'))).toThrow(/invalid JSON at byte \d+/);
  });

  it('no wrapper source names a workload: each family maps type words, never ids', () => {
    const wrappers = ['rustlib/src/c_abi.rs', 'rustlib/src/node_api.rs', 'rustlib/src/wasm.rs', 'bindings/napi-pinned/src/lib.rs',
      'bindings/napi-sys/src/lib.rs', 'bindings/napi-sys/src/convert.rs', 'bindings/napi-sys/src/job.rs', 'bindings/napi-sys/src/thread.rs', 'bindings/neon/src/lib.rs',
      'bindings/wasm-bindgen/src/lib.rs', 'service/src/routes.rs', 'host/src/native.rs'];
    for (const file of wrappers) {
      // Code only: comments and the unit tests may name workloads.
      const code = readFileSync(join(root, file), 'utf8').split('#[cfg(test)]')[0]!
        .split('\n').map((l) => l.replace(/\/\/.*$/, '')).join('\n');
      const named = declarations.filter((w) => new RegExp(`\\b${w.id}\\b`).test(code)).map((w) => w.id);
      expect(named, file).toEqual([]);
    }
  });
});
