/**
 * The harness floor: what the timing loop costs around a call of a JS function that does
 * nothing and that no engine inlines. The fastest FFI calls (1–3 ns) are the same size as the
 * loop itself, so every cell is also reported net of the floor of its own argument shape: the
 * cell's median minus the floor's median, or "at the harness floor" when it is not above it.
 *
 * Not inlined, because an inlined no-op is no call at all (V8 inlined the old floor's no-op:
 * 1.6 ns in Node 20 against 16 ns in Node 26 in one run, and deno-ffi `add_i32` came out at
 * −5.6 ns net). The no-op carries a branch no call takes, long enough (about 700 bytes of
 * bytecode) to be over every engine's inlining budget (V8's `max_inlined_bytecode_size` is 460;
 * JavaScriptCore's DFG limit is smaller), so the floor is the loop plus one real call and return.
 *
 * The floor is measured per argument shape (the workload's neutral argument words, e.g.
 * `f64,f64`), with a real input of that shape, because the loop loads each argument from an
 * array per call, and a double or a BigInt costs more to load and pass than a small integer.
 * Async cells are timed by mitata (measure.ts); their floor is an async no-op awaited the same
 * way, `param` at a time.
 */
import type { Workload } from './catalogue.ts';
import { callsInFlight, paramsIn } from '../../contract/workloads.ts';
import { netOfFloor, type Floor, type Mode, type Stats } from '../../contract/document.ts';
export { netOfFloor };
import { freshFunction } from './mechanism.ts';
import { time } from './measure.ts';
import { timeLoop } from './loop.ts';
import type { TierReader } from './tier.ts';

/** A workload's argument shape: its neutral argument words, comma-joined (`''` for none). */
export const shapeOf = (w: Pick<Workload, 'args'>): string => w.args.join(',');

/**
 * The floor a cell is measured against. Synchronous cells share one per argument shape. An
 * async cell's harness also awaits: its floor is an async no-op (a resolved Promise) awaited
 * the same way, as many at a time as the cell's calls in flight (`callsInFlight`), so it has its
 * own key per calls in flight. A workload whose
 * written arguments are copied before every call uses its shape's plain floor: the copies are
 * made outside the timed region, so the timed harness is the same loop (and a batched no-op
 * copying its input 4096 times per sample would take minutes).
 */
export function floorKey(w: Pick<Workload, 'args' | 'async' | 'ret'>, param: number | null): string {
  return w.async ? `${shapeOf(w)} awaited x${callsInFlight(w, param)}` : shapeOf(w);
}

/** One (workload, param) per distinct floor key of the catalogue (the first in catalogue order). */
export function floorsToMeasure(workloads: readonly Workload[], mode: Mode): { key: string; w: Workload; param: number | null }[] {
  const seen = new Map<string, { key: string; w: Workload; param: number | null }>();
  for (const w of workloads) {
    for (const param of w.async ? paramsIn(w, mode) : [w.params[0] ?? null]) {
      const key = floorKey(w, param);
      if (!seen.has(key)) seen.set(key, { key, w, param });
    }
  }
  return [...seen.values()];
}

/** Measures every floor through the same harness as its cells: the suite's loop for the
 *  synchronous shapes, mitata for the awaited ones. */
export async function measureFloors(workloads: readonly Workload[], mode: Exclude<Mode, 'verify'>, reader: TierReader | undefined): Promise<Floor[]> {
  const floors: Floor[] = [];
  for (const { key, w, param } of floorsToMeasure(workloads, mode)) {
    const args = w.input(param);
    const { stats } = w.async
      ? await time(freshFunction(args.map((_, i) => `a${i}`), 'return Promise.resolve();', {}), args, mode, { async: true, concurrency: callsInFlight(w, param) })
      : await timeLoop(uninlinableNoop(args.length), args, mode, reader);
    floors.push({ shape: key, arity: args.length, stats });
  }
  return floors;
}

/** A JS function of `arity` parameters that does nothing and that no engine inlines: its body is
 *  a branch never taken (its condition reads a property no caller sets), about 700 bytes of
 *  bytecode, over every engine's inlining budget. */
export function uninlinableNoop(arity: number): (...args: unknown[]) => undefined {
  const statements = Array.from({ length: 60 }, (_, i) => `x = (x * ${31 + i} + ${i}) | 0; state.seen = x;`).join(' ');
  return freshFunction(Array.from({ length: arity }, (_, i) => `a${i}`),
    `if (state.never) { let x = state.seed | 0; ${statements} return undefined; }`, { state: { never: false, seed: 1, seen: 0 } }) as (...args: unknown[]) => undefined;
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
