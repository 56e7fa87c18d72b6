/**
 * How far two measurements of the same `call` cells agree: for each cell the larger mean over
 * the smaller, summarised by the median and the worst cell. Used for `--repeat` (the rounds of
 * one run) and by `pnpm agreement` (two whole runs). Cells flagged below the physical floor are
 * left out: they are eliminated calls, not times, and a ratio of two of them means nothing.
 */
import { mechanismLabel, type Cell } from '../runners/shared/document.ts';
import type { Results } from './schema.ts';

/** A summary of agreement over cells. */
export interface Agreement {
  /** Cells compared. */
  cells: number;
  /** Median over cells of slowest/fastest (1 = identical). */
  median: number;
  /** The cell that agreed least. */
  worst: { cell: string; ratio: number } | null;
}

const label = (c: Pick<Cell, 'runtime' | 'mechanism' | 'mechanismVersion' | 'workload' | 'param'>) =>
  `${c.runtime} ${mechanismLabel(c)} ${c.workload}${c.param === null ? '' : ` ${c.param}`}`;
const comparable = (c: Cell) => c.group === 'call' && c.verified && c.stats !== undefined && !c.flags?.includes('below-physical-floor');

/** Summarises per-cell ratios. */
export function summarise(ratios: readonly { cell: string; ratio: number }[]): Agreement {
  if (!ratios.length) return { cells: 0, median: NaN, worst: null };
  const sorted = [...ratios].sort((a, b) => a.ratio - b.ratio);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]!.ratio : (sorted[mid - 1]!.ratio + sorted[mid]!.ratio) / 2;
  return { cells: sorted.length, median, worst: sorted[sorted.length - 1]! };
}

/** Agreement of the `--repeat` rounds recorded in one results document, or null without repeats. */
export function repeatAgreement(results: Results): Agreement | null {
  const cells = results.cells.filter((c) => comparable(c) && c.repeats);
  if (!cells.length) return null;
  return summarise(cells.map((c) => ({ cell: label(c), ratio: c.repeats!.spread })));
}

/** Agreement of two runs on the `call` cells both timed. */
export function runAgreement(a: Results, b: Results): Agreement {
  const other = new Map(b.cells.filter(comparable).map((c) => [label(c), c.stats!.avgNs]));
  const ratios: { cell: string; ratio: number }[] = [];
  for (const c of a.cells.filter(comparable)) {
    const nb = other.get(label(c));
    if (nb === undefined) continue;
    const [lo, hi] = [Math.min(c.stats!.avgNs, nb), Math.max(c.stats!.avgNs, nb)];
    ratios.push({ cell: label(c), ratio: lo > 0 ? hi / lo : Infinity });
  }
  return summarise(ratios);
}
