/**
 * The Rust kernels (reached through the napi addon) agree with the JS references, on the
 * catalogue inputs and on edge cases: wrapping, signed zero, empty and all-0xFF buffers.
 */
import { describe, expect, it } from 'vitest';
import { exportOf } from '../contract/workloads.ts';
import { mixedString, patternBytes, randomF64s } from '../runners/shared/inputs.ts';
import { workloads, workloadById, type Workload } from '../runners/shared/catalogue.ts';
import { callbackTarget, STR_MAKE_ALPHABET } from '../runners/shared/reference.ts';
import { verify } from '../runners/shared/verify.ts';
import { loadAddon } from './helpers.ts';

const addon = loadAddon();

/** The addon's function for a workload; a `via` workload is its JS loop over the addon. */
function napiOf(w: Workload): (...args: unknown[]) => unknown {
  if (!w.via) return addon[exportOf(w)]!;
  const loop = new Function(...w.via.params, w.via.body) as (...a: unknown[]) => unknown;
  const f = addon[w.via.workload]!;
  return (...args) => loop(f, ...args);
}

/** A call's answer as the runner takes it: awaited, or the written argument's contents. */
async function answerOf(w: Workload, fn: (...a: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
  const r = await fn(...args);
  return w.observe === undefined ? r : (args[w.observe] as { slice(): unknown }).slice();
}

const copy = (args: unknown[]) => args.map((a) => (ArrayBuffer.isView(a) ? (a as unknown as { slice(): unknown }).slice() : Array.isArray(a) ? [...a] : a));
const ints = (...v: number[]) => new Int32Array(v);
const lone = 'a\ud800b\udc00c';

const edgeCases: Record<string, unknown[][]> = {
  noop: [[]],
  add_i32: [[1, 2], [-1, 1], [-2147483648, -1], [2147483647, 2147483647], [0, -0]],
  add_f64: [[0.1, 0.2], [-0, -0], [1e308, 1e308], [Number.MIN_VALUE, -Number.MIN_VALUE], [NaN, 1]],
  add_i64: [[1n, 2n], [-9223372036854775808n, -1n], [9223372036854775807n, 9223372036854775807n], [0n, -5n]],
  sum6_f64: [[1e16, 1, 1, 0, 0, 0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [-0, -0, -0, -0, -0, -0]],
  bytes_sum: [[new Uint8Array(0)], [new Uint8Array([255])], [new Uint8Array(1 << 20).fill(255)], [patternBytes(1000).subarray(3, 700)]],
  bytes_invert: [[new Uint8Array(0)], [new Uint8Array([0, 255, 1, 128])], [patternBytes(1000).subarray(3, 700)]],
  str_hash: [[''], ['a'], ['foobar'], ['héllo wörld'], ['中文字符'], ['🦀😀'], [mixedString(333)]],
  str_hash_mixed: [[mixedString(1)], [mixedString(2048)]],
  str_hash_bytes: [[new Uint8Array(0)], [new TextEncoder().encode('foobar')], [new TextEncoder().encode('é中😀')], [patternBytes(300)]],
  str_make: [[0], [1], [15], [16], [100_000]],
  f64_sum: [[new Float64Array(0)], [new Float64Array([1e16, 1, 1])], [new Float64Array([-0, -0])], [new Float64Array([Infinity, 1])], [randomF64s(777, 9)]],
  callback_sum: [[0, callbackTarget], [1, callbackTarget], [5, (i: number) => -i], [70_000, (i: number) => i * 40_000]],
  async_job: [[0], [1], [100_000]],
  fib: [[0], [1], [2], [25]],
  count_primes: [[0], [1], [2], [3], [30], [7919]],
  hash_strings: [[[]], [['']], [['a', '', 'é中😀', 'foobar']]],
  sha256_strings: [[[]], [['']], [['abc', 'é中😀', 'x'.repeat(1000)]]],
  sort_f64: [[new Float64Array(0)], [new Float64Array([3, -0, 0, -1.5, Infinity, 2, -Infinity])], [randomF64s(5000, 4)]],
  fin_metrics: [[new Float64Array(0)], [new Float64Array([0.01])], [new Float64Array([0.1, -0.5, 0.2])], [new Float64Array(100).fill(0.01)]],
  each_add_i32: [[ints(), ints(), ints()], [ints(1, 2147483647), ints(2, 1), ints(0, 0)]],
  batch_add_i32: [[ints(), ints(), ints()], [ints(1, 2147483647, -5), ints(2, 1, -2147483647), ints(0, 0, 0)], [ints(1, 2, 3), ints(1), ints(0, 0)]],
};

describe('kernels match their JS references', () => {
  it('has edge cases only for catalogue workloads', () => {
    expect(Object.keys(edgeCases).filter((id) => !workloadById(id))).toEqual([]);
  });

  // Every workload is checked on its catalogue inputs; edge cases are extra, so a new workload
  // needs no edit here (its kernel, declaration, reference and input are the whole of it).
  for (const w of workloads) {
    const id = w.id;
    const cases = edgeCases[id] ?? [];
    it(`${id}: edge cases and catalogue inputs`, async () => {
      const inputs = [...cases, ...w.params.map((p) => w.input(p))];
      for (const args of inputs) {
        const expected = await answerOf(w, w.reference as (...a: unknown[]) => unknown, copy(args));
        const actual = await answerOf(w, napiOf(w), copy(args));
        expect(verify(w, expected, actual), `${id}(${args.map((a) => String(a).slice(0, 40)).join(', ')})`).toEqual({ ok: true });
      }
    });
  }

  it('wraps exactly where the references do', () => {
    expect(addon.add_i32!(2147483647, 1)).toBe(-2147483648);
    expect(addon.add_i64!(9223372036854775807n, 2n)).toBe(-9223372036854775807n);
    expect(addon.bytes_sum!(new Uint8Array(1 << 20).fill(255))).toBe(267386880);
  });

  it('strings: lone surrogates hash as U+FFFD, as every FFI encodes them', () => {
    expect(addon.str_hash!(lone)).toBe(addon.str_hash_bytes!(new TextEncoder().encode(lone)));
    expect(napiOf(workloadById('str_hash')!)(lone)).toBe((workloadById('str_hash')!.reference as (s: string) => number)(lone));
  });

  it('str_make cycles the same alphabet on both sides', () => {
    expect(addon.str_make!(STR_MAKE_ALPHABET.length)).toBe(STR_MAKE_ALPHABET);
  });

  it('napi rejects a callback that throws with its error', () => {
    expect(() => addon.callback_sum!(3, () => { throw new Error('from js'); })).toThrow(/from js/);
  });

  it('verify rejects a wrong or imprecise answer', () => {
    const i64 = workloadById('add_i64')!;
    expect(verify(i64, -9223372036854775807n, -9223372036854775807)).toMatchObject({ ok: false });
    expect(verify(workloadById('add_f64')!, 0.30000000000000004, 0.3)).toEqual({
      ok: false, expected: '0.30000000000000004', actual: '0.3',
    });
    const fin = workloadById('fin_metrics')!;
    expect(verify(fin, [1, 2, 3, 4], [1, 2, 3, 4 * (1 + 1e-12)])).toEqual({ ok: true });
    expect(verify(fin, [1, 2, 3, 4], [1, 2, 3, 4 * (1 + 1e-6)])).toMatchObject({ ok: false });
    expect(verify(workloadById('bytes_invert')!, new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toMatchObject({ ok: false });
    expect(verify(workloadById('hash_strings')!, ['a', 'b'], ['a'])).toMatchObject({ ok: false });
  });
});
