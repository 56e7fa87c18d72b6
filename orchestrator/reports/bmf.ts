/**
 * Bencher Metric Format (BMF) JSON, for `bencher run --adapter json`: one benchmark per timed
 * cell, named `<workload>[/<param>]/<mechanism>[@<version>]/<runtime column>`, with Bencher's built-in
 * `latency` measure in nanoseconds: `value` the median time per call (the figure every report
 * shows), `lower_value` and `upper_value` the 95 % interval of that median (absent where the
 * file does not know it: a version 1 or 2 file's interval of unknown statistic).
 */
import { mechanismKey, type MechanismAt } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';

/** A BMF metric. */
export interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

/** A BMF document: benchmark name → measure slug → metric. */
export type Bmf = Record<string, Record<string, BmfMetric>>;

/** The benchmark name of a cell, shared by the exports: the mechanism with its version where it
 *  has one (`add_i32/napi@3.5.2/node@26.10.0`), so two versions are two benchmarks. */
export function benchmarkName(c: { workload: string; param: number | null; runtime: string } & MechanismAt): string {
  return [c.workload, ...(c.param === null ? [] : [String(c.param)]), mechanismKey(c), c.runtime].join('/');
}

/** The BMF object of every verified, timed cell. */
export function toBmf(results: Results): Bmf {
  const out: Bmf = {};
  for (const c of results.cells) {
    if (!c.verified || !c.stats) continue;
    const s = c.stats;
    const interval = s.medianCiLowNs !== undefined && s.medianCiHighNs !== undefined ? { lower_value: s.medianCiLowNs, upper_value: s.medianCiHighNs } : {};
    out[benchmarkName(c)] = { latency: { value: s.p50Ns, ...interval } };
  }
  return out;
}

/** BMF JSON text. */
export const renderBmf = (results: Results) => `${JSON.stringify(toBmf(results), null, 1)}\n`;
