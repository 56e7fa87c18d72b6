/**
 * github-action-benchmark's `customSmallerIsBetter` JSON: an array of `{ name, unit, value,
 * range?, extra? }`, one per timed cell, named like the BMF export. `value` is the median time
 * per call in ns (the figure every report shows); `range` (free text in that tool, shown beside
 * the value) is the 95 % interval of that median where known; `extra` says how it was measured.
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
      value: s.p50Ns,
      ...(s.medianCiLowNs !== undefined && s.medianCiHighNs !== undefined
        ? { range: `${formatNs(s.medianCiLowNs)} .. ${formatNs(s.medianCiHighNs)} (95 % interval of the median)` } : {}),
      extra: `median of ${s.samples} samples, ${s.ticks} calls (mode ${results.run.mode}); mean ${formatNs(s.avgNs)}, min ${formatNs(s.minNs)}, p99 ${formatNs(s.p99Ns)}${c.note ? `; ${c.note}` : ''}`,
    }];
  });
}

/** `customSmallerIsBetter` JSON text. */
export const renderGab = (results: Results) => `${JSON.stringify(toGab(results), null, 1)}\n`;
