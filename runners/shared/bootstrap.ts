/**
 * How much to believe a cell's mean: a 95 % percentile-bootstrap confidence interval of the mean
 * of mitata's samples (measure.ts keeps the samples themselves, thinned, as `samplesNs`).
 *
 * Hand-rolled: no maintained npm package offers a bootstrap confidence interval of a mean (the
 * statistics libraries in the registry list, simple-statistics, jstat and @stdlib/stats, have
 * none; compute-bootstrap is unmaintained and returns a standard error, not an interval), and the
 * loop is a dozen lines over pure-rand's seeded generator. Seeded, so the same samples and seed give the
 * same interval (tests rely on it).
 *
 * Cost is bounded: a fast cell has 10^4–10^5 samples (each a batch of 4096 calls), and a
 * bootstrap redrawing all of them 1000 times would take longer than the measurement. Past
 * `maxDraw` samples we use the rescaled m-out-of-n bootstrap (Bickel, Götze & van Zwet 1997):
 * each resample draws m = maxDraw samples and its deviation from the sample mean is scaled by
 * √(m/n), which for the mean gives the spread of an n-draw resample. The interval is then a
 * little more skewed than an n-draw one would be, never narrower.
 */
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { rngFor } from './shuffle.ts';

/** A confidence interval of a mean, in the samples' unit. */
export interface Interval {
  /** The sample mean the interval is about. */
  mean: number;
  low: number;
  high: number;
  /** Relative margin of error: half the interval's width over the mean (tinybench's ±%). */
  rme: number;
}

/** Bootstrap settings. */
export interface BootstrapOptions {
  /** Seed and label of the generator (see shuffle.ts `rngFor`). */
  seed: number;
  label: string;
  /** Number of resamples; 1000 is the usual floor for a 95 % percentile interval. */
  resamples?: number;
  /** Most samples drawn per resample (the m of m-out-of-n). */
  maxDraw?: number;
  /** Confidence level. */
  level?: number;
}

/** The `q` quantile of sorted values, linearly interpolated (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * The mean of `m` draws with replacement. The index is the generator's 32 bits scaled to
 * [0, n) (multiply-shift) rather than pure-rand's rejection-sampled `uniformInt`: ten times
 * faster (a bootstrap is 10^6 draws, and cost 15–100 ms a cell, a tenth of a quick run), at a
 * bias below n / 2^32 per index.
 */
function resampleMean(xs: readonly number[], m: number, rng: RandomGenerator): number {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < m; i++) s += xs[Math.floor(((rng.next() >>> 0) * n) / 4294967296)]!;
  return s / m;
}

/** A percentile-bootstrap confidence interval of the mean of `samples`. */
export function bootstrapMean(samples: readonly number[], o: BootstrapOptions): Interval {
  const n = samples.length;
  if (n === 0) throw new Error('bootstrap of no samples');
  const resamples = o.resamples ?? 1000;
  const level = o.level ?? 0.95;
  const m = Math.min(n, o.maxDraw ?? 1024);
  const center = mean(samples);
  const rng = rngFor(o.seed, o.label);
  const scale = Math.sqrt(m / n);
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) means.push(center + (resampleMean(samples, m, rng) - center) * scale);
  means.sort((a, b) => a - b);
  const low = quantile(means, (1 - level) / 2);
  const high = quantile(means, 1 - (1 - level) / 2);
  return { mean: center, low, high, rme: center > 0 ? (high - low) / 2 / center : 0 };
}
