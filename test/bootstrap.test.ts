/**
 * The bootstrap interval of the median, computed exactly (bootstrap.ts `bootstrapMedian`), on
 * samples recorded by a real quick run (test/fixtures/results-quick.json): the same as a
 * resampling bootstrap of those samples, around the median, narrowing like 1/√n, and for timing
 * samples with a heavy right tail narrower than the mean's normal-theory interval.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapMedian, quantile } from '../contract/statistics.ts';
import { thinSorted } from '../runners/shared/measure.ts';
import { rngFor, drawIndex } from '../contract/random.ts';
import { recordedResults } from './fixtures.ts';

const results = recordedResults('results-quick.json');
const recorded = results.cells.filter((c) => c.stats?.samplesNs && c.stats.samplesNs.length >= 100);
const lowerMedian = (sorted: readonly number[]) => sorted[Math.floor((sorted.length - 1) / 2)]!;

/** A resampling percentile bootstrap of the lower median: the method the exact form replaces. */
function resampled(xs: readonly number[], resamples: number, label: string): { low: number; high: number } {
  const rng = rngFor(1, label);
  const meds: number[] = [];
  for (let b = 0; b < resamples; b++) {
    meds.push(lowerMedian(Array.from({ length: xs.length }, () => xs[drawIndex(rng, xs.length)]!).sort((x, y) => x - y)));
  }
  meds.sort((x, y) => x - y);
  return { low: meds[Math.floor(0.025 * resamples)]!, high: meds[Math.ceil(0.975 * resamples) - 1]! };
}

describe('bootstrap interval of the median', () => {
  it('has recorded cells with thinned samples to work on', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(8);
    for (const c of recorded) expect(c.stats!.samplesNs!.length).toBeLessThanOrEqual(256);
  });

  it('matches a 4000-resample bootstrap of the same samples, to within one distinct value', () => {
    for (const c of recorded.slice(0, 8)) {
      const xs = c.stats!.samplesNs!;
      const exact = bootstrapMedian(xs);
      const r = resampled(xs, 4000, `${c.runtime} ${c.mechanism} ${c.workload}`);
      // Thinned samples have 4 significant digits, so ties: rank among the distinct values.
      const distinct = [...new Set(xs)];
      const rank = (v: number) => distinct.indexOf(v);
      expect(Math.abs(rank(exact.low) - rank(r.low)), `${c.mechanism} ${c.workload} low`).toBeLessThanOrEqual(1);
      expect(Math.abs(rank(exact.high) - rank(r.high)), `${c.mechanism} ${c.workload} high`).toBeLessThanOrEqual(1);
    }
  });

  it('brackets the lower median, and its rme is half its width over it', () => {
    for (const c of recorded) {
      const xs = c.stats!.samplesNs!;
      const ci = bootstrapMedian(xs);
      expect(ci.median).toBe(lowerMedian(xs));
      expect(ci.low).toBeLessThanOrEqual(ci.median);
      expect(ci.high).toBeGreaterThanOrEqual(ci.median);
      expect(ci.rme).toBeCloseTo((ci.high - ci.low) / 2 / ci.median, 12);
    }
  });

  it('takes the whole range for five samples, and a single value for identical ones', () => {
    expect(bootstrapMedian([10, 20, 30, 40, 50])).toMatchObject({ median: 30, low: 10, high: 50 });
    expect(bootstrapMedian([7, 7, 7, 7, 7, 7, 7, 7])).toEqual({ median: 7, low: 7, high: 7, rme: 0 });
    expect(() => bootstrapMedian([])).toThrow(/no samples/);
  });

  it('is as wide as theory says for a median, exact below 2000 samples and approximated past it', () => {
    // Continuous timing-like samples (lognormal), so no ties hide the narrowing.
    const rng = rngFor(2, 'lognormal');
    const draw = (n: number) => Array.from({ length: n }, () => {
      const u = (drawIndex(rng, 1e9) + 0.5) / 1e9;
      const v = (drawIndex(rng, 1e9) + 0.5) / 1e9;
      return 100 * Math.exp(0.3 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }).sort((a, b) => a - b);
    // The median of n draws has standard error 1 / (2 f(m) √n), f the density at the median m:
    // for this lognormal, f(100) = 1 / (100 · 0.3 · √(2π)).
    const f = 1 / (100 * 0.3 * Math.sqrt(2 * Math.PI));
    for (const n of [250, 1000, 4000, 16000]) {
      const ci = bootstrapMedian(draw(n));
      const theory = 1.959964 / (2 * f * Math.sqrt(n));
      const half = (ci.high - ci.low) / 2;
      expect(half / theory, `${n} samples`).toBeGreaterThan(0.7);
      expect(half / theory, `${n} samples`).toBeLessThan(1.4);
    }
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
