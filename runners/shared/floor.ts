/**
 * The harness floor: what mitata's loop costs around a call that does nothing. The fastest FFI
 * calls (1–3 ns) are the same size as the loop itself, so every cell is also reported net of
 * the floor of its own argument shape.
 *
 * The floor is measured per argument shape (the workload's neutral argument words, e.g.
 * `f64,f64`), with a real input of that shape, because mitata's computed parameters cost per
 * argument *and per type*: the loop fills one array per argument before each batch and loads
 * from it per call, and a double or a BigInt loaded from an array costs more than a small
 * integer (on this machine the loop around a no-op costs 0.5 ns with two small integers and
 * 4–5 ns with two doubles). The no-op is timed through the same `time`/`benchFunction` path as
 * every cell, so the floor *is* the harness: a fresh JS function of the cell's arity with an
 * empty body, which the JIT is free to inline, leaving the loop, the parameter loads and
 * `do_not_optimize` alone.
 */
import type { Workload } from './catalogue.ts';
import type { Floor, Mode, Stats } from './document.ts';
import { freshFunction } from './mechanism.ts';
import { time } from './measure.ts';

/** A workload's argument shape: its neutral argument words, comma-joined (`''` for none). */
export const shapeOf = (w: Pick<Workload, 'args'>): string => w.args.join(',');

/** Whether a workload's cells get a floor. Async workloads do not (mitata awaits their Promise, a
 *  loop a synchronous no-op does not share), nor do workloads whose written arguments are copied
 *  before every call: a no-op runs in batches of 4096 calls, each needing its own copy of the
 *  input, where the real cell (sorting, say) runs unbatched. Both are microseconds and more. */
export const hasFloor = (w: Workload): boolean => !w.async && !w.freshArgs;

/** One workload per distinct argument shape that has a floor (the first in catalogue order). */
export function shapesOf(workloads: readonly Workload[]): Workload[] {
  const seen = new Map<string, Workload>();
  for (const w of workloads) if (hasFloor(w) && !seen.has(shapeOf(w))) seen.set(shapeOf(w), w);
  return [...seen.values()];
}

/** Measures the floor of every argument shape through the same harness as the cells. */
export async function measureFloors(workloads: readonly Workload[], mode: Exclude<Mode, 'verify'>, seed: number): Promise<Floor[]> {
  const floors: Floor[] = [];
  for (const w of shapesOf(workloads)) {
    const params = w.args.map((_, i) => `a${i}`);
    const noop = freshFunction(params, '', {});
    const args = w.input(w.params[0] ?? null);
    const stats = await time(noop, args, mode, { bootstrap: { seed, label: `floor:${shapeOf(w)}` } });
    floors.push({ shape: shapeOf(w), arity: args.length, stats });
  }
  return floors;
}

/** A cell's figure against its floor: the floor and the figure net of it. */
export function netOfFloor(stats: Pick<Stats, 'avgNs'>, floor: Pick<Stats, 'avgNs'>): { floorNs: number; netNs: number } {
  return { floorNs: floor.avgNs, netNs: stats.avgNs - floor.avgNs };
}

/** Records each timed cell's floor and net figure, matching floors by the workload's shape. */
export function applyFloors(
  cells: readonly { workload: string; stats?: Stats }[], floors: readonly Floor[], shapeOfWorkload: (workload: string) => string | undefined,
): void {
  for (const c of cells) {
    if (!c.stats) continue;
    const floor = floors.find((f) => f.shape === shapeOfWorkload(c.workload));
    if (floor) Object.assign(c.stats, netOfFloor(c.stats, floor.stats));
  }
}
