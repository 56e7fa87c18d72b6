/**
 * `compare --repeat N`: every column is run N times, the rounds interleaved (round 1 of every
 * column, then round 2, …) so a slow minute of the machine lands on all columns alike rather
 * than on one. Each round is a fresh process with its own seed (so its own mechanism order and
 * JIT decisions): the rounds' agreement is run-to-run agreement, not one process agreeing with
 * itself. Pure: combines the rounds' documents of one column into one document.
 */
import { mechanismKey, type Cell, type Floor, type RunnerDocument } from '../contract/document.ts';

const cellKey = (c: Pick<Cell, 'mechanism' | 'mechanismVersion' | 'workload' | 'param'>) => `${mechanismKey(c)}\u0000${c.workload}\u0000${c.param ?? ''}`;

/** The middle of the items by `v` (the lower middle for an even count, as a cell's median is). */
function medianBy<T>(xs: readonly T[], v: (x: T) => number): T {
  return [...xs].sort((a, b) => v(a) - v(b))[Math.floor((xs.length - 1) / 2)]!;
}

/**
 * One document from a column's rounds: each timed cell is the round whose median is the median
 * of the rounds' medians (stats, cross-check and floor from that same round, so they stay
 * consistent) plus every round's median and mean and the spread of the medians; a cell timed in
 * fewer rounds than the others keeps what it has. Each harness floor is its median round by the
 * same rule. Skips and failures are the union. The event_loop and parallel groups are the first
 * round's: their figures are medians over that round's jobs, not per-call times to pick among.
 */
export function combineRounds(rounds: readonly RunnerDocument[]): RunnerDocument {
  if (rounds.length === 0) throw new Error('no rounds to combine');
  if (rounds.length === 1) return rounds[0]!;
  const first = rounds[0]!;
  const byKey = new Map<string, Cell[]>();
  for (const r of rounds) for (const c of r.cells) byKey.set(cellKey(c), [...(byKey.get(cellKey(c)) ?? []), c]);
  const cells = first.cells.map((c0): Cell => {
    const all = byKey.get(cellKey(c0))!;
    const timed = all.filter((c) => c.verified && c.stats);
    if (all.some((c) => !c.verified)) return all.find((c) => !c.verified)!;
    if (timed.length < 2) return timed[0] ?? c0;
    const medians = timed.map((c) => c.stats!.p50Ns);
    const chosen = medianBy(timed, (c) => c.stats!.p50Ns);
    const lo = Math.min(...medians);
    return {
      ...chosen,
      repeats: {
        p50Ns: medians, avgNs: timed.map((c) => c.stats!.avgNs),
        // A median of 0 is a removed call (flagged below the physical floor): no ratio to take.
        ...(lo > 0 ? { medianSpread: Math.max(...medians) / lo } : {}),
      },
    };
  });
  const unique = <T>(xs: T[]) => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()];
  const floors: Floor[] = (first.harness?.floors ?? []).map((f) => medianBy(
    rounds.flatMap((r) => r.harness?.floors.filter((g) => g.shape === f.shape) ?? []), (g) => g.stats.p50Ns));
  return {
    ...first,
    finishedAt: rounds[rounds.length - 1]!.finishedAt,
    cells,
    skipped: unique(rounds.flatMap((r) => r.skipped)),
    failures: unique(rounds.flatMap((r) => r.failures)),
    ...(first.harness ? { harness: { seeds: rounds.flatMap((r) => r.harness?.seeds ?? []), floors } } : {}),
  };
}
