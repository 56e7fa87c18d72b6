/**
 * The one statistics specification (contract/statistics-vectors.json) against the TypeScript
 * side: contract/statistics.ts (median, its exact bootstrap interval, rme, kept samples, the stop
 * decision) and the rule runners/shared/measure.ts applies. `cargo test -p bridgetax-host` checks
 * host/src/measure.rs against the same file. The small cases are also checked against a brute
 * force over every possible resample, so the file is not just the implementation's echo.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stoppingRules } from '../contract/document.ts';
import { bootstrapMedian, keptSamples, lowerMedian, stopDecision, type StopRule } from '../contract/statistics.ts';
import { stopRuleOf } from '../runners/shared/measure.ts';

interface Interval { median: number; low: number; high: number; rme: number }
interface Vectors {
  rules: typeof stoppingRules;
  intervals: ({ name: string; sorted: number[] } & Interval)[];
  stops: { name: string; mode: 'quick' | 'full'; elapsedMs: number; pooled: number[]; stop: string; kept: number; interval: Interval | null }[];
}
const vectors = JSON.parse(readFileSync(new URL('../contract/statistics-vectors.json', import.meta.url), 'utf8')) as Vectors;

/** The percentile bootstrap of the lower median by enumerating all n^n resamples (n ≤ 7). */
function bruteForce(sorted: readonly number[]): { low: number; high: number } {
  const n = sorted.length;
  const counts = new Map<number, number>();
  const idx = new Array<number>(n).fill(0);
  for (;;) {
    const resample = idx.map((i) => sorted[i]!).sort((a, b) => a - b);
    const m = lowerMedian(resample);
    counts.set(m, (counts.get(m) ?? 0) + 1);
    let k = 0;
    while (k < n && ++idx[k]! === n) idx[k++] = 0;
    if (k === n) break;
  }
  const total = n ** n;
  const values = [...counts.keys()].sort((a, b) => a - b);
  // The smallest value whose cumulative count reaches the quantile, in integers (no rounding).
  const at = (num: number, den: number) => {
    let cum = 0;
    for (const v of values) {
      cum += counts.get(v)!;
      if (cum * den >= num * total) return v;
    }
    return values.at(-1)!;
  };
  return { low: at(25, 1000), high: at(975, 1000) };
}

describe('statistics vectors (contract/statistics-vectors.json)', () => {
  it('states the stopping rule document.ts declares, and measure.ts applies that rule', () => {
    expect(vectors.rules).toEqual(stoppingRules);
    for (const mode of ['quick', 'full'] as const) {
      expect(stopRuleOf(mode)).toEqual({
        ...stoppingRules[mode], minSamples: stoppingRules.minSamples, minCappedSamples: stoppingRules.minCappedSamples, trim: stoppingRules.trim,
      });
    }
  });

  it('covers few samples, ties, even and odd counts, a long tail and the normal approximation', () => {
    const ns = vectors.intervals.map((v) => v.sorted.length);
    expect(ns).toContain(1);
    expect(ns.some((n) => n % 2 === 0) && ns.some((n) => n % 2 === 1)).toBe(true);
    expect(Math.max(...ns)).toBeGreaterThan(2000);
    expect(vectors.intervals.some((v) => new Set(v.sorted).size < v.sorted.length)).toBe(true);
    expect(new Set(vectors.stops.map((s) => s.stop))).toEqual(new Set(['target', 'cap', 'continue']));
  });

  for (const v of vectors.intervals) {
    it(`interval: ${v.name}`, () => {
      expect(v.sorted).toEqual([...v.sorted].sort((a, b) => a - b));
      const got = bootstrapMedian(v.sorted);
      // Exact: the Rust side must produce these very numbers.
      expect(got).toEqual({ median: v.median, low: v.low, high: v.high, rme: v.rme });
      expect(lowerMedian(v.sorted)).toBe(v.median);
      if (v.sorted.length <= 7) expect(bruteForce(v.sorted), 'every resample enumerated').toEqual({ low: v.low, high: v.high });
    });
  }

  for (const s of vectors.stops) {
    it(`stop: ${s.name}`, () => {
      const rule: StopRule = { ...stoppingRules[s.mode], minSamples: stoppingRules.minSamples, minCappedSamples: stoppingRules.minCappedSamples, trim: stoppingRules.trim };
      const got = stopDecision(s.pooled, s.elapsedMs, rule);
      expect(got.stop).toBe(s.stop);
      expect(got.interval ?? null).toEqual(s.interval);
      expect(keptSamples(s.pooled, rule)).toHaveLength(s.kept);
      // The interval is of the samples it hands back (absent together).
      expect(got.kept?.length).toBe(got.interval ? s.kept : undefined);
      if (got.interval) expect(bootstrapMedian(got.kept!)).toEqual(got.interval);
    });
  }

  it('a 1000-sample ramp puts the interval about 1.96·√n/2 ranks either side of the median', () => {
    const ramp = vectors.intervals.find((v) => v.sorted.length === 1000)!;
    expect(ramp.median).toBe(499);
    expect(ramp.low).toBeGreaterThanOrEqual(466);
    expect(ramp.low).toBeLessThanOrEqual(472);
    expect(ramp.high).toBeGreaterThanOrEqual(527);
    expect(ramp.high).toBeLessThanOrEqual(533);
  });
});
