/**
 * github-action-benchmark's `customSmallerIsBetter` JSON: an array of `{ name, unit, value,
 * range?, extra? }`, one per timed cell, named like the BMF export. `value` is the mean time per
 * call in ns; `range` (free text in that tool, shown beside the value) spans the fastest
 * sample to the 99th percentile; `extra` says how it was measured.
 */
import { formatNs } from './model.ts';
import type { Results } from '../../contract/results.ts';
import { benchmarkName } from './bmf.ts';

/** One entry of the `customSmallerIsBetter` array. */
export interface GabEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/** The `customSmallerIsBetter` entries of every verified, timed cell. */
export function toGab(results: Results): GabEntry[] {
  return results.cells.flatMap((c): GabEntry[] => {
    if (!c.verified || !c.stats) return [];
    const s = c.stats;
    return [{
      name: benchmarkName(c),
      unit: 'ns',
      value: s.avgNs,
      range: `${formatNs(s.minNs)} .. ${formatNs(s.p99Ns)} (min .. p99)`,
      extra: `mean of ${s.ticks} calls in ${s.samples} samples (mitata, mode ${results.run.mode}); p50 ${formatNs(s.p50Ns)}${c.note ? `; ${c.note}` : ''}`,
    }];
  });
}

/** `customSmallerIsBetter` JSON text. */
export const renderGab = (results: Results) => `${JSON.stringify(toGab(results), null, 1)}\n`;
