/**
 * The statistics of a cell, written once in TypeScript and once in Rust (host/src/measure.rs),
 * and pinned for both by one set of golden vectors (contract/statistics-vectors.json, read by
 * test/statistics-vectors.test.ts and by `cargo test -p bridgetax-host`): the samples kept
 * (`keptSamples`: sorted, trimmed), their median (`lowerMedian`), the 95 % percentile-bootstrap
 * interval of that median computed exactly (`bootstrapMedian`), and when timing stops
 * (`stopDecision`, under document.ts `stoppingRules`). Two rules exist in TypeScript only, as
 * the JS engines' tiers they answer exist only there: `steadyFrom` (a slow start dropped) and
 * `twoModes` (two clusters named); the host runner's native calls have no tiers to warm through.
 *
 * Hand-rolled: no maintained npm package offers a bootstrap confidence interval (the statistics
 * libraries in the registry list, simple-statistics, jstat and @stdlib/stats, have none;
 * compute-bootstrap is unmaintained and returns a standard error, not an interval), and the
 * exact form is two binary searches over a binomial tail.
 */
/** The `q` quantile of sorted values, linearly interpolated (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The median of ascending values as every cell states it: the lower middle one,
 *  `sorted[⌊(n − 1) / 2⌋]` (mitata's `p50`; for an even count the lower of the two middles). */
export function lowerMedian(sorted: readonly number[]): number {
  if (sorted.length === 0) throw new Error('median of no values');
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** A confidence interval of a median, in the samples' unit. */
export interface MedianInterval {
  /** The sample median the interval is about: the lower middle value, `sorted[⌊(n − 1) / 2⌋]`
   *  (mitata's `p50`). */
  median: number;
  low: number;
  high: number;
  /** Relative margin of error: half the interval's width over the median. */
  rme: number;
}

/** log(e^a + e^b), without overflow. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** P(X ≥ k) for X ~ Binomial(n, p): exact (summed in log space) up to `exactUpTo` draws, the
 *  normal approximation with continuity correction past it (its error there is below 1e-3). */
function binomialAtLeast(n: number, p: number, k: number, exactUpTo = 2000): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  if (n > exactUpTo) {
    const z = (k - 0.5 - n * p) / Math.sqrt(n * p * (1 - p));
    return 1 - normalCdf(z);
  }
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  // log C(n, i) p^i q^(n-i), from i = 0 upward; the tail from k summed.
  let logPmf = n * lq;
  let tail = -Infinity;
  for (let i = 0; i < n; i++) {
    if (i >= k) tail = logAdd(tail, logPmf);
    logPmf += Math.log((n - i) / (i + 1)) + lp - lq;
  }
  tail = logAdd(tail, logPmf);
  return Math.min(1, Math.exp(tail));
}

/** Φ(z), by Abramowitz & Stegun 7.1.26 (error below 1.5e-7). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/**
 * The 95 % percentile-bootstrap interval of the median of `sorted` (ascending), computed exactly
 * rather than by resampling (Efron 1982, §10.4): a resample's median is at most `sorted[j]` when
 * at least ⌊(n − 1) / 2⌋ + 1 of its n draws are, and the draws at or below `sorted[j]` are
 * Binomial(n, (values ≤ sorted[j]) / n). So the bootstrap distribution of the median is known
 * in closed form, and its 2.5 % and 97.5 % points are two binary searches: no seed, no
 * resamples, microseconds where resampling 1000 medians took tens of milliseconds a check.
 *
 * Why the median and not the mean: on this shared machine, two quick runs' means of one call cell
 * differed by 18–40 % (median over 90 cells) while their medians agreed within 1–3 %: the mean
 * carries whatever else the machine ran, and an interval of it tightens only as slowly as the
 * machine's bursts allow, so most cells ran to their cap.
 */
export function bootstrapMedian(sorted: readonly number[], level = 0.95): MedianInterval {
  const n = sorted.length;
  if (n === 0) throw new Error('median interval of no samples');
  const need = Math.floor((n - 1) / 2) + 1;
  // Values at or below sorted[i], ties included.
  const atOrBelow = (i: number) => {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    return j + 1;
  };
  const cdf = (i: number) => binomialAtLeast(n, atOrBelow(i) / n, need);
  const firstAt = (q: number) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf(mid) >= q) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo]!;
  };
  const median = sorted[need - 1]!;
  const low = firstAt((1 - level) / 2);
  const high = firstAt(1 - (1 - level) / 2);
  return { median, low, high, rme: median > 0 ? (high - low) / 2 / median : 0 };
}

/** The part of document.ts `stoppingRules` one decision needs: one mode's rule and the counts. */
export interface StopRule {
  targetRme: number;
  capMs: number;
  minSamples: number;
  minCappedSamples: number;
  trim: number;
}

/** The samples a cell's statistics are computed from: `pooled` sorted ascending, `rule.trim`
 *  dropped at each end once there are `rule.minSamples` (from 12 on, not mitata's 13: a cell
 *  stopped by its cap after its first chunk has exactly 12, and one of them across a
 *  descheduling, 40 ms in a 1-µs sample, made a 0.3-ns call read 886 ns). */
export function keptSamples(pooled: readonly number[], rule: Pick<StopRule, 'minSamples' | 'trim'>): number[] {
  const sorted = [...pooled].sort((a, b) => a - b);
  return sorted.length >= rule.minSamples && sorted.length > 2 * rule.trim ? sorted.slice(rule.trim, sorted.length - rule.trim) : sorted;
}

/** What `stopDecision` decided, and the interval of the kept samples' median (absent only when
 *  it continues below `minSamples`). */
export interface StopVerdict {
  /** `target` and `cap` end the cell (its `stats.stop`); `continue` takes more samples. */
  stop: 'target' | 'cap' | 'continue';
  interval?: MedianInterval;
  /** The samples the interval is of (`keptSamples`), with it: the caller's statistics come from
   *  these, so a harness sorts its pool once per decision. */
  kept?: number[];
}

/**
 * Whether a cell timed so far stops, under one mode's stopping rule: `pooled` is every sample
 * taken (ns per call, in any order), `elapsedMs` the time spent timing it. Below `minSamples` it
 * continues, unless the cap has passed with at least `minCappedSamples` (`cap`); from
 * `minSamples` on, `target` once the median's interval of the kept samples has `rme` ≤
 * `targetRme`, else `cap` once `elapsedMs` ≥ `capMs`, else `continue`. Pure, so both harnesses
 * (runners/shared/measure.ts, host/src/measure.rs) ask it the same question and the golden
 * vectors pin its answers; when to ask (every chunk, every doubling) is each harness's own.
 */
export function stopDecision(pooled: readonly number[], elapsedMs: number, rule: StopRule): StopVerdict {
  const capped = elapsedMs >= rule.capMs;
  if (pooled.length < rule.minSamples) {
    if (!capped || pooled.length < Math.max(1, rule.minCappedSamples)) return { stop: 'continue' };
    const kept = keptSamples(pooled, rule);
    return { stop: 'cap', interval: bootstrapMedian(kept), kept };
  }
  const kept = keptSamples(pooled, rule);
  const interval = bootstrapMedian(kept);
  if (interval.rme <= rule.targetRme) return { stop: 'target', interval, kept };
  return { stop: capped ? 'cap' : 'continue', interval, kept };
}

/**
 * Where the steady part of a time-ordered series of samples starts: while the median of its first
 * quarter is more than `gain` above the median of the rest, that quarter was still warming (a
 * callee or an engine still compiling) and is dropped; at most half the series goes. Only the
 * JS harness's own loop (runners/shared/loop.ts) takes its samples in an order it keeps.
 */
export function steadyFrom(timeOrdered: readonly number[], gain = 0.1, fewest = 8): number {
  let from = 0;
  const byValue = (a: number, b: number) => a - b;
  while (timeOrdered.length - from >= fewest && from < timeOrdered.length / 2) {
    const quarter = Math.max(1, Math.floor((timeOrdered.length - from) / 4));
    const head = timeOrdered.slice(from, from + quarter).sort(byValue);
    const rest = timeOrdered.slice(from + quarter).sort(byValue);
    if (lowerMedian(head) > lowerMedian(rest) * (1 + gain)) from += quarter;
    else break;
  }
  return from;
}

/** One of two clusters of a cell's samples. */
export interface SampleMode {
  /** The cluster's median (lower middle), in the samples' unit. */
  median: number;
  /** Its share of the samples (0–1). */
  share: number;
}

/**
 * Two clusters in sorted samples, or undefined: the largest step between neighbours, when the
 * upper one is more than `gap` above the lower and each side holds at least `minShare` of the
 * samples (a call path taken on some calls and not on others; a median alone follows whichever
 * side has more). Needs `fewest` samples.
 */
export function twoModes(sorted: readonly number[], gap = 0.1, minShare = 0.15, fewest = 20): [SampleMode, SampleMode] | undefined {
  const n = sorted.length;
  if (n < fewest) return undefined;
  const edge = Math.ceil(minShare * n);
  let at = -1;
  let widest = 1;
  for (let i = edge; i <= n - edge; i++) {
    const step = sorted[i]! / Math.max(sorted[i - 1]!, Number.MIN_VALUE);
    if (step > widest) [widest, at] = [step, i];
  }
  if (at < 0 || widest <= 1 + gap) return undefined;
  const low = sorted.slice(0, at);
  const high = sorted.slice(at);
  return [{ median: lowerMedian(low), share: low.length / n }, { median: lowerMedian(high), share: high.length / n }];
}
