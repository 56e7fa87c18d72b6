/** The A/B statistics (orchestrator/paired.ts) against values worked out by hand and tables. */
import { describe, expect, it } from 'vitest';
import { abVerdict, pairedRounds, signedRank } from '../orchestrator/paired.ts';

describe('signedRank', () => {
  it('gives the exact two-sided p of a table: 10 rounds all one way is 2/1024', () => {
    const r = signedRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.p).toBeCloseTo(2 / 1024, 12);
    expect(r.n).toBe(10);
  });

  it('matches the exact null distribution for a mixed sample (n = 5, T+ = 12 of 15)', () => {
    // Ranks 1..5, negative at rank 3: T+ = 12. P(T+ >= 12) = #{sums >= 12} / 32 = 5/32.
    const r = signedRank([0.1, 0.2, -0.3, 0.4, 0.5]);
    expect(r.p).toBeCloseTo((2 * 5) / 32, 12);
  });

  it('drops exact zeros and averages tied ranks', () => {
    expect(signedRank([0, 0, 0]).p).toBe(1);
    const r = signedRank([1, -1, 1, -1, 0]);
    expect(r.n).toBe(4);
    expect(r.p).toBe(1);
  });

  it('bounds the Hodges-Lehmann estimate with the 95 % interval of the table (n = 10: 9th Walsh averages)', () => {
    const d = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const r = signedRank(d, 0.95);
    expect(r.estimate).toBe(5.5);
    const walsh: number[] = [];
    for (let i = 0; i < 10; i++) for (let j = i; j < 10; j++) walsh.push((d[i]! + d[j]!) / 2);
    walsh.sort((a, b) => a - b);
    expect(r.low).toBe(walsh[8]);
    expect(r.high).toBe(walsh[walsh.length - 9]);
    expect(r.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves the interval unbounded when too few rounds can bound it', () => {
    const r = signedRank([1, 2, 3]);
    expect(r.low).toBe(-Infinity);
    expect(r.high).toBe(Infinity);
  });
});

describe('pairedRounds and the verdict', () => {
  it('estimates B / A as a ratio and calls a steady 20 % slower', () => {
    const a = [100, 90, 130, 110, 95, 120, 105, 98, 115, 101];
    const b = a.map((x, i) => x * 1.2 * (1 + (i % 3 - 1) * 0.01));
    const r = pairedRounds(a, b);
    expect(r.ratio).toBeGreaterThan(1.18);
    expect(r.ratio).toBeLessThan(1.22);
    expect(r.low).toBeLessThanOrEqual(r.ratio);
    expect(r.high).toBeGreaterThanOrEqual(r.ratio);
    expect(abVerdict(r, 0.01, 1.05)).toBe('slower');
    expect(abVerdict(pairedRounds(b, a), 0.01, 1.05)).toBe('faster');
  });

  it('calls a significant but small change unchanged, and a large one in too few rounds unchanged', () => {
    const a = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109];
    expect(abVerdict(pairedRounds(a, a.map((x) => x * 1.02)), 0.01, 1.05)).toBe('unchanged');
    expect(abVerdict(pairedRounds(a.slice(0, 4), a.slice(0, 4).map((x) => x * 2)), 0.01, 1.05)).toBe('unchanged');
  });

  it('calls a mixture of per-process speeds unchanged when the interval reaches back under the threshold', () => {
    // A call the JIT folds lands at one of two speeds per process: the per-round ratios are a
    // mixture, most near 1, some near 3 or 1/3. Significant by rank, estimate over 1.1, but the
    // interval goes down to about 1: not "at least 10 % slower".
    const a = [11, 11, 5, 11, 17, 11, 11, 11, 5, 11, 11, 11, 17, 11, 11, 11, 11, 11, 11, 11];
    const b = [11.2, 17, 11.1, 11.3, 17, 11.2, 17, 11.2, 11, 11.3, 17, 11.1, 17, 11.2, 17, 11.3, 11.2, 17, 11.1, 11.2];
    const r = pairedRounds(a, b);
    expect(r.p).toBeLessThan(0.01);
    expect(r.ratio).toBeGreaterThan(1.1);
    expect(r.low).toBeLessThan(1.1);
    expect(abVerdict(r, 0.01, 1.1)).toBe('unchanged');
  });

  it('refuses rounds that do not pair', () => {
    expect(() => pairedRounds([1, 2], [1])).toThrow(/round by round/);
    expect(() => pairedRounds([1, 0], [1, 1])).toThrow(/above zero/);
  });
});
