/**
 * What a reader of a benchmark asks first: does crossing pay, and from what size? Speedups of
 * every timed cell over `js` in the same runtime column, and for sized workloads the crossover:
 * the smallest param at which a mechanism beats `js`. Pure functions of the cells, so merge
 * stores them in the results and every report can recompute them from any results document.
 *
 * Both compare medians (`p50Ns`), not means: on a shared machine a few preempted samples move a
 * mean by multiples (seen: 16.6 ms mean against a 70 µs median for one cell under load) and
 * would flip a verdict the other samples agree on.
 */
import { mechanismKey, type Cell } from '../contract/document.ts';

/** Groups whose answer to "does it pay" is a speedup over `js`. */
export const speedupGroups: readonly Cell['group'][] = ['data', 'compute'];

/** A timed cell against the `js` cell of its row in the same runtime column. */
export interface Speedup {
  runtime: string;
  mechanism: Cell['mechanism'];
  /** The mechanism's version, for one that comes in versions. */
  mechanismVersion?: string;
  workload: string;
  param: number | null;
  /** `js` median time over this cell's median time: 3 means three times faster than plain JS. */
  speedup: number;
}

/** Where a mechanism starts to beat `js` on a sized workload. */
export interface Crossover {
  runtime: string;
  mechanism: Cell['mechanism'];
  mechanismVersion?: string;
  workload: string;
  paramUnit?: string;
  /** The params both sides were timed at, ascending. */
  params: number[];
  /** The smallest param at which the mechanism is faster than `js` and from which on it is not
   *  slower beyond a tie at any larger measured param; null when there is none in range. */
  crossover: number | null;
}

const rowKey = (c: Pick<Cell, 'runtime' | 'workload' | 'param'>) => `${c.runtime}\u0000${c.workload}\u0000${c.param ?? ''}`;
const timed = (c: Cell): c is Cell & { stats: NonNullable<Cell['stats']> } => c.verified && c.stats !== undefined;

/** Speedups over `js` of every timed non-js cell in the data and compute groups. */
export function speedupsOf(cells: readonly Cell[]): Speedup[] {
  const js = new Map(cells.filter((c) => c.mechanism === 'js' && timed(c)).map((c) => [rowKey(c), c.stats!.p50Ns]));
  const out: Speedup[] = [];
  for (const c of cells) {
    if (c.mechanism === 'js' || !timed(c) || !speedupGroups.includes(c.group)) continue;
    const base = js.get(rowKey(c));
    if (base === undefined || base <= 0 || c.stats.p50Ns <= 0) continue;
    out.push({
      runtime: c.runtime, mechanism: c.mechanism, ...(c.mechanismVersion ? { mechanismVersion: c.mechanismVersion } : {}),
      workload: c.workload, param: c.param, speedup: base / c.stats.p50Ns,
    });
  }
  return out;
}

/** Within this factor of `js` either way is a tie: it neither makes a crossover (bun:ffi's f64_sum
 *  at 1.00-1.02x is not a win) nor undoes one (two kernels both running at memory bandwidth,
 *  f64_sum over 8 MiB at 0.99x, do not cancel a 2x win at 1 Ki). */
export const CROSSOVER_TIE = 1.05;

/** The crossover of every (runtime, mechanism, workload) timed at two params or more: the
 *  smallest param at which the mechanism beats `js` by more than a tie (`CROSSOVER_TIE`) and
 *  from which on it is not slower beyond a tie at any larger measured param. A mechanism that wins at 64 KiB but
 *  clearly loses again at 1 MiB has no crossover at 64 KiB. */
export function crossoversOf(cells: readonly Cell[]): Crossover[] {
  const units = new Map(cells.map((c) => [`${c.workload}`, c.paramUnit]));
  const series = new Map<string, Speedup[]>();
  for (const s of speedupsOf(cells)) {
    if (s.param === null) continue;
    const k = `${s.runtime}\u0000${mechanismKey(s)}\u0000${s.workload}`;
    series.set(k, [...(series.get(k) ?? []), s]);
  }
  const out: Crossover[] = [];
  for (const points of series.values()) {
    if (points.length < 2) continue;
    points.sort((a, b) => a.param! - b.param!);
    let crossover: number | null = null;
    for (let i = points.length - 1; i >= 0 && points[i]!.speedup >= 1 / CROSSOVER_TIE; i--) {
      if (points[i]!.speedup > CROSSOVER_TIE) crossover = points[i]!.param;
    }
    const { runtime, mechanism, mechanismVersion, workload } = points[0]!;
    const paramUnit = units.get(workload);
    out.push({
      runtime, mechanism, ...(mechanismVersion ? { mechanismVersion } : {}), workload, ...(paramUnit ? { paramUnit } : {}),
      params: points.map((p) => p.param!), crossover,
    });
  }
  return out;
}
