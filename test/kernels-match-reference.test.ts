/**
 * The Rust kernels (reached through the napi addon) agree with the JS references, on the
 * catalogue inputs and on edge cases: wrapping, signed zero, empty and all-0xFF buffers.
 */
import { describe, expect, it } from 'vitest';
import { patternBytes, workloads, workloadById } from '../runners/shared/catalogue.ts';
import { verify } from '../runners/shared/verify.ts';
import { loadAddon } from './helpers.ts';

const addon = loadAddon();

const edgeCases: Record<string, unknown[][]> = {
  noop: [[]],
  add_i32: [[1, 2], [-1, 1], [-2147483648, -1], [2147483647, 2147483647], [0, -0]],
  add_f64: [[0.1, 0.2], [-0, -0], [1e308, 1e308], [Number.MIN_VALUE, -Number.MIN_VALUE], [NaN, 1]],
  add_i64: [[1n, 2n], [-9223372036854775808n, -1n], [9223372036854775807n, 9223372036854775807n], [0n, -5n]],
  sum6_f64: [[1e16, 1, 1, 0, 0, 0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [-0, -0, -0, -0, -0, -0]],
  bytes_sum: [[new Uint8Array(0)], [new Uint8Array([255])], [new Uint8Array(1 << 20).fill(255)], [patternBytes(1000).subarray(3, 700)]],
};

describe('kernels match their JS references', () => {
  it('has edge cases for every workload in the catalogue', () => {
    expect(Object.keys(edgeCases).sort()).toEqual(workloads.map((w) => w.id).sort());
  });

  for (const [id, cases] of Object.entries(edgeCases)) {
    const w = workloadById(id)!;
    it(`${id}: edge cases and catalogue inputs`, () => {
      const inputs = [...cases, ...w.params.map((p) => w.input(p))];
      for (const args of inputs) {
        const expected = (w.reference as (...a: unknown[]) => unknown)(...args);
        const actual = addon[id]!(...args);
        expect(verify(w, expected, actual), `${id}(${args.map(String).join(', ')})`).toEqual({ ok: true });
      }
    });
  }

  it('wraps exactly where the references do', () => {
    expect(addon.add_i32!(2147483647, 1)).toBe(-2147483648);
    expect(addon.add_i64!(9223372036854775807n, 2n)).toBe(-9223372036854775807n);
    expect(addon.bytes_sum!(new Uint8Array(1 << 20).fill(255))).toBe(267386880);
  });

  it('verify rejects a wrong or imprecise answer', () => {
    const i64 = workloadById('add_i64')!;
    expect(verify(i64, -9223372036854775807n, -9223372036854775807)).toMatchObject({ ok: false });
    expect(verify(workloadById('add_f64')!, 0.30000000000000004, 0.3)).toEqual({
      ok: false, expected: '0.30000000000000004', actual: '0.3',
    });
  });
});
