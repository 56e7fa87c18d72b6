/**
 * The measuring order: a permutation, the same for the same seed and label (so a run can be
 * replayed with --seed), different across seeds and rows.
 */
import { describe, expect, it } from 'vitest';
import { shuffled } from '../contract/random.ts';

/** A fixed list (not the catalogue's, which grows) so the recorded order stays a fact. */
const mechanismIds = ['js', 'napi', 'koffi', 'node-ffi', 'bun-ffi', 'deno-ffi', 'wasm'] as const;

describe('seeded shuffle', () => {
  it('is a permutation that leaves its input alone', () => {
    const input = [...mechanismIds];
    const out = shuffled(input, 42, 'order:add_i32:null');
    expect([...out].sort()).toEqual([...input].sort());
    expect(input).toEqual([...mechanismIds]);
  });

  it('is the same for the same seed and label', () => {
    expect(shuffled(mechanismIds, 42, 'order:noop:null')).toEqual(shuffled(mechanismIds, 42, 'order:noop:null'));
    expect(shuffled(mechanismIds, 42, 'order:noop:null')).toMatchInlineSnapshot(`
      [
        "js",
        "wasm",
        "bun-ffi",
        "node-ffi",
        "napi",
        "deno-ffi",
        "koffi",
      ]
    `);
  });

  it('differs across seeds and across rows', () => {
    const orders = (f: (i: number) => [number, string]) => new Set(Array.from({ length: 20 }, (_, i) => shuffled(mechanismIds, ...f(i)).join()));
    expect(orders((i) => [i, 'order:noop:null']).size).toBeGreaterThan(15);
    expect(orders((i) => [7, `order:bytes_sum:${i}`]).size).toBeGreaterThan(15);
  });

  it('puts every mechanism first about equally often', () => {
    const first = new Map<string, number>();
    for (let seed = 0; seed < 7000; seed++) {
      const m = shuffled(mechanismIds, seed, 'order:add_f64:null')[0]!;
      first.set(m, (first.get(m) ?? 0) + 1);
    }
    for (const m of mechanismIds) expect(first.get(m)).toBeGreaterThan(800);
  });
});
