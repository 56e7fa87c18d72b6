/**
 * An independent figure for each `call` cell: the same call, with the same work per call, timed
 * another way. The quoted figure comes from many short samples under a stopping rule (loop.ts);
 * this one from a second loop, compiled and warmed on its own, timed as three long runs with no
 * sampling, trimming or bootstrap. If the two disagree by more than `thresholds.crossCheck`, the
 * sampling is timing something other than the steady call (a tier left mid-cell, a run of slow
 * samples the median followed), and merge flags the cell. It used to be a loop of its own shape
 * (constant arguments, no chained slot), but at a JS callee's 0.5 ns that shape, not the call,
 * made the difference (0.33 against 0.59 ns for `js noop`), and a check that disagrees by design
 * checks nothing. `perf stat` instruction counts would be a better second opinion, but this VM
 * exposes no hardware counters (`perf stat -e instructions` reports "not supported").
 *
 * Like the quoted loop, this one is warmed until the engine's optimizing tier runs it (tier.ts):
 * before, Deno's cross-check loop never left the baseline tier, where `Deno.dlopen` calls take
 * the slow path (62 ns against the 3 ns of the fast one, issue 24).
 */
import type { CrossCheck } from '../../contract/document.ts';
import type { Callable } from './mechanism.ts';
import { argumentSlots, dependentLoop, warmUp } from './loop.ts';
import type { TierReader } from './tier.ts';

/** Each timed loop lasts at least this long per mode, so the timer's granularity (µs) is
 *  < 0.1 % of it; quick mode, whose intervals are ±3 %, settles for 0.1 % at 5 ms. */
export const CROSS_CHECK_TARGET_MS = { quick: 5, full: 20 } as const;
/** Timed loops per cell; the figure is their median. */
export const CROSS_CHECK_RUNS = 3;

/** Times `fn(...args)` in plain loops and returns the median ns per call. */
export async function crossCheck(fn: Callable, args: readonly unknown[], mode: keyof typeof CROSS_CHECK_TARGET_MS, reader: TierReader | undefined): Promise<CrossCheck> {
  const target = CROSS_CHECK_TARGET_MS[mode];
  const loop = dependentLoop(fn, args.length);
  const slots = argumentSlots(args);
  const run = (n: number) => loop(n, ...slots) as number;
  const warm = await warmUp(loop, run, reader, mode);
  const calls = Math.max(1, Math.ceil((target * 1e6) / Math.max(warm.nsPerCall, 1e-3)));
  const perCall = Array.from({ length: CROSS_CHECK_RUNS }, () => (run(calls) * 1e6) / calls).sort((a, b) => a - b);
  return { nsPerCall: perCall[Math.floor(perCall.length / 2)]!, calls, runs: CROSS_CHECK_RUNS, tier: warm.tier.name };
}
