/**
 * "Does crossing pay?" as data, for every format: per runtime column, the speedup of each
 * mechanism over `js` for every data and compute row, and each mechanism's crossover on the
 * sized workloads. Computed from the cells alone (orchestrator/analysis.ts).
 */
import { crossoversOf, speedupsOf, type Crossover } from '../analysis.ts';
import { mechanismLabel, mechanismsIn, sameMechanism } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { rowLabel } from './model.ts';

/** One runtime column's speedups. */
export interface PayoffTable {
  runtime: string;
  /** Mechanisms (at their versions: `napi 3.5.2`) with at least one speedup, in report order. */
  mechanisms: string[];
  /** Per row (workload × param): the row label and each mechanism's speedup (undefined = none). */
  rows: { label: string; speedups: (number | undefined)[] }[];
  /** Per sized workload: each mechanism's crossover (undefined = not measured at 2+ sizes). */
  crossovers: { workload: string; paramUnit?: string; at: (Crossover | undefined)[] }[];
}

/** The payoff tables of a results document, one per runtime column that has speedups. */
export function payoffTables(results: Results): PayoffTable[] {
  const speedups = speedupsOf(results.cells);
  const crossovers = crossoversOf(results.cells);
  const tables: PayoffTable[] = [];
  for (const rt of results.runtimes) {
    const mine = speedups.filter((s) => s.runtime === rt.id);
    if (!mine.length) continue;
    const mechanisms = mechanismsIn(mine);
    const rowKeys: { workload: string; param: number | null; paramUnit?: string }[] = [];
    for (const c of results.cells) {
      if (c.runtime !== rt.id || c.mechanism !== 'js' || !mine.some((s) => s.workload === c.workload && s.param === c.param)) continue;
      rowKeys.push({ workload: c.workload, param: c.param, ...(c.paramUnit ? { paramUnit: c.paramUnit } : {}) });
    }
    const rows = rowKeys.map((k) => ({
      label: rowLabel(k),
      speedups: mechanisms.map((m) => mine.find((s) => sameMechanism(s, m) && s.workload === k.workload && s.param === k.param)?.speedup),
    }));
    const sized = [...new Set(crossovers.filter((c) => c.runtime === rt.id).map((c) => c.workload))];
    tables.push({
      runtime: rt.id, mechanisms: mechanisms.map(mechanismLabel), rows,
      crossovers: sized.map((workload) => {
        const at = mechanisms.map((m) => crossovers.find((c) => c.runtime === rt.id && sameMechanism(c, m) && c.workload === workload));
        const unit = at.find((c) => c?.paramUnit)?.paramUnit;
        return { workload, ...(unit ? { paramUnit: unit } : {}), at };
      }),
    });
  }
  return tables;
}

/** A speedup for a table cell: `3.1x faster` reads as `3.1x`, a slowdown as `0.25x`. */
export function formatSpeedup(s: number | undefined): string {
  if (s === undefined) return '-';
  return `${s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s >= 0.1 ? s.toFixed(2) : s.toPrecision(2)}x`;
}

/** A crossover for a table cell: the param in its unit, `never` in range, `-` not measured. */
export function formatCrossover(c: Crossover | undefined): string {
  if (!c) return '-';
  if (c.crossover === null) return 'never';
  return rowLabel({ workload: '', param: c.crossover, ...(c.paramUnit ? { paramUnit: c.paramUnit } : {}) }).trim();
}
