/**
 * The seeded generator in contract/random.ts: xoshiro128** as its authors define it (the first
 * outputs from the state 1, 2, 3, 4 worked by hand from the reference algorithm), and a draw
 * in [0, n) that favours no index.
 */
import { describe, expect, it } from 'vitest';
import { drawIndex, rngFor, xoshiro128ss } from '../contract/random.ts';

describe('seeded generator', () => {
  it('is xoshiro128**: the reference sequence from the state 1, 2, 3, 4', () => {
    const r = xoshiro128ss([1, 2, 3, 4]);
    expect([r.next(), r.next(), r.next()]).toEqual([11520, 0, 5927040]);
  });

  it('draws every index of [0, n) about equally often, and only those', () => {
    const rng = rngFor(3, 'uniform');
    const n = 7;
    const counts = new Array<number>(n).fill(0);
    const draws = 70_000;
    for (let i = 0; i < draws; i++) counts[drawIndex(rng, n)]!++;
    // Each count is binomial(70000, 1/7): mean 10000, sd about 93; 6 sd either way.
    for (const c of counts) expect(Math.abs(c - draws / n)).toBeLessThan(560);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(draws);
  });

  it('refuses a range it cannot draw from', () => {
    expect(() => drawIndex(rngFor(1, 'x'), 0)).toThrow(/n must be an integer/);
    expect(() => drawIndex(rngFor(1, 'x'), 2.5)).toThrow(/n must be an integer/);
  });
});
