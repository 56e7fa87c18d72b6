/**
 * The bootstrap interval on samples recorded by a real quick run (test/fixtures/results-quick.json):
 * seeded and reproducible, around the mean, as wide as normal theory says for a mean of that many
 * samples, and the m-out-of-n shortcut for large samples keeps that width.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapMean, quantile } from '../runners/shared/bootstrap.ts';
import { thinSorted } from '../runners/shared/measure.ts';
import { recordedResults } from './fixtures.ts';

const results = recordedResults('results-quick.json');
const recorded = results.cells.filter((c) => c.stats?.samplesNs && c.stats.samplesNs.length >= 100);

function normalHalfWidth(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return (1.959964 * sd) / Math.sqrt(xs.length);
}

describe('bootstrap of recorded samples', () => {
  it('has recorded cells with thinned samples to work on', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(8);
    for (const c of recorded) expect(c.stats!.samplesNs!.length).toBeLessThanOrEqual(256);
  });

  it('gives the same interval for the same seed and label, another for another seed', () => {
    const xs = recorded[0]!.stats!.samplesNs!;
    const a = bootstrapMean(xs, { seed: 7, label: 'cell' });
    expect(bootstrapMean(xs, { seed: 7, label: 'cell' })).toEqual(a);
    expect(bootstrapMean(xs, { seed: 8, label: 'cell' })).not.toEqual(a);
  });

  it('brackets the sample mean and is as wide as normal theory for every recorded cell', () => {
    for (const c of recorded) {
      const xs = c.stats!.samplesNs!;
      const ci = bootstrapMean(xs, { seed: 1, label: `${c.runtime} ${c.mechanism} ${c.workload}` });
      expect(ci.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 12);
      expect(ci.low).toBeLessThan(ci.mean);
      expect(ci.high).toBeGreaterThan(ci.mean);
      const half = (ci.high - ci.low) / 2;
      // 1000 resamples of a heavy-tailed timing distribution: within 30 % of 1.96·s/√n.
      expect(half / normalHalfWidth(xs), `${c.runtime} ${c.mechanism} ${c.workload}`).toBeGreaterThan(0.7);
      expect(half / normalHalfWidth(xs)).toBeLessThan(1.3);
      expect(ci.rme).toBeCloseTo(half / ci.mean, 12);
    }
  });

  it('keeps the width of an n-draw bootstrap when it draws fewer (m-out-of-n, rescaled)', () => {
    // 40 000 samples built from a recorded distribution: each recorded order statistic repeated.
    const base = recorded[0]!.stats!.samplesNs!;
    const big = Array.from({ length: 40_000 }, (_, i) => base[i % base.length]!).sort((a, b) => a - b);
    const shortcut = bootstrapMean(big, { seed: 3, label: 'big', maxDraw: 1024 });
    const ratio = (shortcut.high - shortcut.low) / 2 / normalHalfWidth(big);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });

  it('narrows as the sample grows, like 1/√n', () => {
    const xs = recorded[1]!.stats!.samplesNs!;
    const four = [...xs, ...xs, ...xs, ...xs].sort((a, b) => a - b);
    const w1 = bootstrapMean(xs, { seed: 5, label: 'n' });
    const w4 = bootstrapMean(four, { seed: 5, label: 'n' });
    expect((w1.high - w1.low) / (w4.high - w4.low)).toBeGreaterThan(1.7);
    expect((w1.high - w1.low) / (w4.high - w4.low)).toBeLessThan(2.3);
  });
});

describe('quantiles and thinning', () => {
  it('interpolates quantiles linearly (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30], 0.25)).toBe(15);
    expect(quantile([5], 0.975)).toBe(5);
  });

  it('thins sorted samples to evenly spaced order statistics, extremes kept', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    const t = thinSorted(xs, 11);
    expect(t).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thinSorted([3, 4], 256)).toEqual([3, 4]);
  });
});
