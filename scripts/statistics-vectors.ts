/**
 * Writes contract/statistics-vectors.json: the one specification of a cell's statistics that
 * both implementations are tested against (test/statistics-vectors.test.ts for
 * contract/statistics.ts and runners/shared/measure.ts, `cargo test -p bridgetax-host` for
 * host/src/measure.rs). The inputs are chosen here, the expected values computed by
 * contract/statistics.ts; the TypeScript test checks the small cases against a brute-force
 * enumeration of every resample, so the file is not only the implementation's own echo.
 *
 * Run: `node scripts/statistics-vectors.ts` (then review the diff: a changed expected value is
 * a change of the statistics, for both sides).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stoppingRules } from '../contract/document.ts';
import { bootstrapMedian, keptSamples, stopDecision, type StopRule } from '../contract/statistics.ts';

/** A deterministic stream in [0, 1) (a 32-bit LCG: the inputs only need to be fixed, not random). */
function stream(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Samples of a call of `base` ns with ±`jitter` relative noise and a long tail: `tail` of them
 *  preempted, 10–100x slower. Rounded to 4 significant digits, as cells keep them. */
function timings(n: number, base: number, jitter: number, tail: number, seed: number): number[] {
  const r = stream(seed);
  return Array.from({ length: n }, () => {
    const x = base * (1 + jitter * (2 * r() - 1)) * (r() < tail ? 10 + 90 * r() : 1);
    return Number(x.toPrecision(4));
  });
}

const asc = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

/** Interval vectors: ascending samples in, the median's interval out. */
const intervalInputs: [string, number[]][] = [
  ['one sample', [5]],
  ['two samples: the lower middle is the median', [3, 7]],
  ['three samples', [1, 2, 4]],
  ['four samples, even n', [2, 4, 6, 8]],
  ['five samples: the interval is the whole range', [10, 20, 30, 40, 50]],
  ['six samples with ties at the median', [1, 2, 2, 2, 3, 9]],
  ['seven samples, odd n', [1, 2, 3, 5, 8, 13, 21]],
  ['all ties', [7, 7, 7, 7, 7, 7, 7, 7]],
  ['ties across the interval', [1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5]],
  ['a zero median: rme 0, not a division by zero', [0, 0, 0, 1, 2]],
  ['twelve samples, even n', asc(timings(12, 100, 0.05, 0, 1))],
  ['thirteen samples, odd n', asc(timings(13, 100, 0.05, 0, 2))],
  ['a long right tail: 200 samples, 10 % preempted', asc(timings(200, 50, 0.02, 0.1, 3))],
  ['0 to 999: about ±1.96·√n/2 ranks around the median', Array.from({ length: 1000 }, (_, i) => i)],
  ['2001 samples with a long tail: the normal approximation of the binomial (past 2000 draws)', asc(timings(2001, 1.5, 0.1, 0.02, 4))],
];

const rule = (mode: 'quick' | 'full'): StopRule => ({
  ...stoppingRules[mode], minSamples: stoppingRules.minSamples, minCappedSamples: stoppingRules.minCappedSamples, trim: stoppingRules.trim,
});

/** Stop vectors: samples as taken (any order), the time spent, the mode; the decision out. */
const stopInputs: [string, 'quick' | 'full', number, number[]][] = [
  ['below minSamples, before the cap: continue', 'quick', 10, timings(11, 100, 0.001, 0, 5)],
  ['below minSamples, past the cap with minCappedSamples: cap, on all samples (none trimmed)', 'quick', 200, timings(11, 100, 0.2, 0, 6)],
  ['below minCappedSamples, long past the cap: continue', 'full', 5000, [1e9, 1.1e9]],
  ['exactly minCappedSamples at exactly the cap: cap', 'full', stoppingRules.full.capMs, [3e9, 1e9, 2e9]],
  ['minSamples identical samples: target (trimmed to 8)', 'quick', 1, Array.from({ length: 12 }, () => 42)],
  ['minSamples wide samples before the cap: continue', 'quick', 100, timings(12, 100, 0.5, 0, 7)],
  ['the same at the cap: cap', 'quick', stoppingRules.quick.capMs, timings(12, 100, 0.5, 0, 7)],
  ['an interval of exactly the target: target (rme ≤ targetRme)', 'quick', 1, [0.5, 97, 120, 97, 98, 100, 102, 100, 103, 150, 1, 103]],
  ['±1.5 % in quick mode: target', 'quick', 20, timings(60, 200, 0.05, 0, 8)],
  ['the same in full mode before its cap: continue', 'full', 20, timings(60, 200, 0.05, 0, 8)],
  ['the same in full mode at its cap: cap', 'full', 300, timings(60, 200, 0.05, 0, 8)],
  ['a long tail the median ignores: target in full mode', 'full', 50, timings(3000, 10, 0.01, 0.05, 9)],
  ['unsorted, trimmed at both ends: the outliers go', 'quick', 1, [1000, 100, 101, 99, 100, 0.001, 100, 102, 98, 100, 101, 99, 5000, 0.002]],
];

const file = {
  about: 'The statistics of a bridgetax cell, one specification for contract/statistics.ts and host/src/measure.rs: '
    + '`intervals`: ascending samples in, their lower median (sorted[floor((n-1)/2)]), the exact 95 % percentile-bootstrap interval of it '
    + '(`low`, `high`) and `rme` = (high - low) / 2 / median (0 when the median is 0) out; '
    + '`stops`: samples as taken, the ms spent timing and the mode in, the stopping decision under `rules` '
    + '(contract/document.ts stoppingRules) out: `stop` (target, cap, continue), `kept` (samples after trimming) and the interval '
    + 'it decided on (null when it continued below minSamples). Every number must match exactly. Written by scripts/statistics-vectors.ts.',
  rules: stoppingRules,
  intervals: intervalInputs.map(([name, sorted]) => {
    const i = bootstrapMedian(sorted);
    return { name, sorted, median: i.median, low: i.low, high: i.high, rme: i.rme };
  }),
  stops: stopInputs.map(([name, mode, elapsedMs, pooled]) => {
    const r = rule(mode);
    const v = stopDecision(pooled, elapsedMs, r);
    const kept = keptSamples(pooled, r).length;
    return {
      name, mode, elapsedMs, pooled, stop: v.stop, kept,
      interval: v.interval ? { median: v.interval.median, low: v.interval.low, high: v.interval.high, rme: v.interval.rme } : null,
    };
  }),
};

const out = fileURLToPath(new URL('../contract/statistics-vectors.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(file, null, 1)}\n`);
for (const s of file.stops) console.log(`${s.stop.padEnd(8)} ${s.interval ? s.interval.rme.toFixed(4) : '-'.padEnd(6)}  ${s.name}`);
