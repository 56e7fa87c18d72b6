/**
 * The harness floor: what mitata's loop costs around a call that does nothing. The fastest FFI
 * calls (1–3 ns) are the same size as the loop itself, so every cell is also reported net of
 * the floor of its own argument shape: the cell's median minus the floor's median.
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
import type { Floor, Mode, Stats } from '../../contract/document.ts';
import { freshFunction } from './mechanism.ts';
import { time } from './measure.ts';

/** A workload's argument shape: its neutral argument words, comma-joined (`''` for none). */
export const shapeOf = (w: Pick<Workload, 'args'>): string => w.args.join(',');

/**
 * The floor a cell is measured against. Synchronous cells share one per argument shape. An
 * async cell's harness also awaits: its floor is an async no-op (a resolved Promise) awaited
 * the same way, `param` at a time, so it has its own key per calls in flight. A workload whose
 * written arguments are copied before every call uses its shape's plain floor: the copies are
 * made outside the timed region, so the timed harness is the same loop (and a batched no-op
 * copying its input 4096 times per sample would take minutes).
 */
export function floorKey(w: Pick<Workload, 'args' | 'async'>, param: number | null): string {
  return w.async ? `${shapeOf(w)} awaited x${param ?? 1}` : shapeOf(w);
}

/** One (workload, param) per distinct floor key of the catalogue (the first in catalogue order). */
export function floorsToMeasure(workloads: readonly Workload[]): { key: string; w: Workload; param: number | null }[] {
  const seen = new Map<string, { key: string; w: Workload; param: number | null }>();
  for (const w of workloads) {
    for (const param of w.async ? w.params : [w.params[0] ?? null]) {
      const key = floorKey(w, param);
      if (!seen.has(key)) seen.set(key, { key, w, param });
    }
  }
  return [...seen.values()];
}

/** Measures every floor through the same harness as the cells. */
export async function measureFloors(workloads: readonly Workload[], mode: Exclude<Mode, 'verify'>): Promise<Floor[]> {
  const floors: Floor[] = [];
  for (const { key, w, param } of floorsToMeasure(workloads)) {
    const params = w.args.map((_, i) => `a${i}`);
    const noop = freshFunction(params, w.async ? 'return Promise.resolve();' : '', {});
    const args = w.input(param);
    const how = w.async ? { async: true, concurrency: param ?? 1 } : {};
    const { stats } = await time(noop, args, mode, how);
    floors.push({ shape: key, arity: args.length, stats });
  }
  return floors;
}

/** A cell's figure against its floor, both by their medians: the floor's median and the cell's
 *  median net of it (a mean would carry the machine's bursts into both). */
export function netOfFloor(stats: Pick<Stats, 'p50Ns'>, floor: Pick<Stats, 'p50Ns'>): { floorMedianNs: number; medianNetNs: number } {
  return { floorMedianNs: floor.p50Ns, medianNetNs: stats.p50Ns - floor.p50Ns };
}

/** Records each timed cell's floor median and median net figure, matching floors by key (`floorKey`). */
export function applyFloors(
  cells: readonly { workload: string; param?: number | null; stats?: Stats }[], floors: readonly Floor[],
  keyOf: (workload: string, param: number | null) => string | undefined,
): void {
  for (const c of cells) {
    if (!c.stats) continue;
    const floor = floors.find((f) => f.shape === keyOf(c.workload, c.param ?? null));
    if (floor) Object.assign(c.stats, netOfFloor(c.stats, floor.stats));
  }
}
