/**
 * The timing loop of every synchronous cell: a loop of our own, generated per cell, in place of
 * mitata's (which still times the async cells and the ones whose argument is written, see
 * measure.ts). Why not mitata here (issue 24): mitata compiles a new loop function for every
 * `measure` call, so each chunk of a cell started again in V8's lower tiers; a native callee
 * paid 10–15 ns more per call there than in a plain loop (napi-sys `add_i32` in Node 26: 46 ns
 * against 31 ns), while a JS callee inlined into mitata's unrolled batch lost almost nothing,
 * so the harness bent the comparison between mechanisms it exists to make.
 *
 * It also times the requests to the loopback service (`http`, `http-fresh`), one awaited at a
 * time: mitata's chunks left Node's fetch still warming inside the cell (its `http add_i32` cells
 * read 1.5–2x a plain loop of the same requests, issue 19).
 *
 * The loop, compiled once per cell (`freshFunction`, so its call site sees one callee):
 *
 *     for (let i = 0; i < n; i++) { r = fn(A0[j], A1[j]); j = (j + (r === mark ? 2 : 1)) & 63; }
 *
 * - arguments are loaded from arrays, so no engine can fold them as constants or hoist the call;
 * - the next call's argument slot depends on this call's result, so the call cannot be dropped
 *   as dead code nor overlapped with the next one (a data dependency between calls);
 * - the loop's own work per call (two loads, a compare, an add, a mask) is the same for every
 *   mechanism; what it costs is the harness floor (floor.ts), timed by this same loop around a
 *   JS function no engine inlines.
 *
 * Timing: the loop is warmed until the engine's optimizing tier runs it (tier.ts) and its time
 * per call stops improving; then each sample is one call of the loop lasting about
 * `sampleNs`, pooled, until the stopping rule (contract/statistics.ts `stopDecision`) says stop.
 * A cell records the tier its samples were taken in, and is flagged when it could not reach it.
 */
import { lowerMedian, stopDecision, steadyFrom, twoModes, type MedianInterval } from '../../contract/statistics.ts';
import type { Mode, Stats, Tier } from '../../contract/document.ts';
import { freshFunction, type Callable } from './mechanism.ts';
import { collectGarbage, measuring, statsOf, stopRuleOf, type Timed } from './measure.ts';
import { optimizingTier, type TierReader } from './tier.ts';

/** Every tunable of the loop, in one place. */
export const looping = {
  /** Argument slots per argument (a power of two: the index is masked). */
  slots: 64,
  /** A sample (one call of the loop) lasts about this long: the timer (performance.now, 50–150 ns
   *  here) is ≤ 0.02 % of it. Not shorter in quick mode: at 0.5 ms a callee slow for its first
   *  6 ms filled 9 of a cell's 12 samples, past what the slow start's drop can take (half the
   *  series), and was quoted at its slow figure (test/loop-warm-start.test.ts). */
  sampleNs: 1_000_000,
  /** Most calls per sample. */
  maxCalls: 2 ** 22,
  /** Warm-up calls of the loop last about this long: short enough that V8 tiers the loop
   *  function up by its invocations (TurboFan within 5–20 ms on this machine). */
  warmCallNs: 50_000,
  /** Warm-up blocks of this many loop calls are compared once the tier is reached… */
  warmBlock: 8,
  /** …and warm-up ends when a block is no more than this much faster than the best before it. */
  warmGain: 0.03,
  /** Most warm-up, per mode: a loop that has not reached the optimizing tier by then is sampled
   *  anyway and flagged `not-optimized`. */
  warmCapMs: { quick: 250, full: 500 },
  /** Without a tier reader (V8 started without natives syntax), warm up at least this long. */
  blindWarmMs: 50,
  /** A loop not in the optimizing tier after this much warm-up is compiled there on request: a
   *  long call leaves the loop too few invocations for the engine's own tier-up (V8 kept a
   *  loop around the JS `bytes_sum` over 64 KiB in Maglev for all of a 250 ms warm-up, at 340 µs
   *  a call against 52 µs optimized), while a user's function called that often in a program
   *  that runs for minutes is optimized. Per mode: a quick cell asks after 5 ms (by then even a
   *  50 µs call has run 100 times with the cell's own arguments, so its feedback is complete),
   *  where the engine's own tier-up took a median 25 ms of a quick cell's warm-up. */
  forceAfterMs: { quick: 5, full: 20 },
} as const;

/** Where loop results go, so no engine can prove them unused. */
const sink: { value: unknown } = { value: undefined };
/** Never returned by a callee: comparing against it makes the next slot depend on the result. */
const mark = Object.freeze({ mark: 'bridgetax' });

/** A loop of `n` calls of `fn` over argument arrays; returns ms (a Promise of them when the loop
 *  awaits each call). */
export type Loop = ((n: number, ...arrays: unknown[][]) => number | Promise<number>) & Callable;

let loops = 0;

/** The timed loop of `fn` with `arity` arguments (see the header), compiled afresh; `awaited`:
 *  each call's Promise is awaited before the next call (a request to the loopback service). */
export function dependentLoop(fn: Callable, arity: number, awaited = false): Loop {
  const arrays = Array.from({ length: arity }, (_, i) => `A${i}`);
  const call = `${awaited ? 'await ' : ''}fn(${arrays.map((a) => `${a}[j]`).join(', ')})`;
  const body = `let r; let j = 0; const t0 = now(); for (let i = 0; i < n; i++) { r = ${call}; j = (j + (r === mark ? 2 : 1)) & ${looping.slots - 1}; } const t = now() - t0; sink.value = r; return t;`;
  if (!awaited) return freshFunction(['n', ...arrays], body, { fn, sink, mark, now: () => performance.now() }) as Loop;
  // freshFunction makes plain functions; an awaiting loop is an async one, named afresh for the
  // same reason (V8 shares a `new Function`'s feedback between functions of the same text).
  const make = new Function('fn', 'sink', 'mark', 'now', `return async function loop_${++loops}(${['n', ...arrays].join(', ')}) { ${body} };`) as
    (...env: unknown[]) => Loop;
  return make(fn, sink, mark, () => performance.now());
}

/** Each argument repeated in `looping.slots` slots (the same value: the JIT cannot know it is). */
export function argumentSlots(args: readonly unknown[]): unknown[][] {
  return args.map((a) => Array.from({ length: looping.slots }, () => a));
}

/** What warming a loop up found. */
export interface WarmedUp {
  /** ns per call of the last warm-up block. */
  nsPerCall: number;
  tier: Tier;
}

/**
 * Calls `run(n)` (the loop `loop` with n calls) until the engine's optimizing tier runs `loop`
 * and its time per call has stopped improving, or until `capMs`. The calls per loop call grow
 * until one lasts `looping.warmCallNs`.
 */
export async function warmUp(loop: Callable, run: (n: number) => number | Promise<number>, reader: TierReader | undefined, mode: Exclude<Mode, 'verify'>): Promise<WarmedUp> {
  const capMs = looping.warmCapMs[mode];
  const forceAfterMs = looping.forceAfterMs[mode];
  const t0 = performance.now();
  let n = 1;
  let calls = 0;
  let block: number[] = [];
  let best = Infinity;
  let last = Infinity;
  let steady = false;
  let forced = 0;
  for (;;) {
    // Asked again every `forceAfterMs` while it does not hold: an optimization made before the
    // loop's feedback was complete can be thrown away at once (the first requests of a column
    // to the loopback service were).
    if (reader && performance.now() - t0 >= forceAfterMs * (forced + 1) && !reader.optimized(loop)) {
      reader.optimizeNext(loop);
      forced++;
    }
    const ms = await run(n);
    calls++;
    const per = (ms * 1e6) / n;
    if (ms * 1e6 < looping.warmCallNs && n < looping.maxCalls) {
      n *= 2;
    } else {
      const elapsed = performance.now() - t0;
      const top = reader ? reader.optimized(loop) : elapsed >= looping.blindWarmMs;
      if (top) block.push(per);
      if (block.length === looping.warmBlock) {
        last = lowerMedian(block.sort((a, b) => a - b));
        block = [];
        if (last >= best * (1 - looping.warmGain)) steady = true;
        best = Math.min(best, last);
      }
    }
    const elapsed = performance.now() - t0;
    if (steady || elapsed >= capMs) {
      const name = reader ? reader.tierOf(loop) : 'unknown';
      const optimized = reader ? reader.optimized(loop) : false;
      const why = optimized ? undefined
        : !reader ? 'the engine does not expose its tiers here (V8 without --allow-natives-syntax)'
        : `still in ${name}, not ${optimizingTier[reader.engine]}, after ${elapsed.toFixed(0)} ms of warm-up`;
      return {
        nsPerCall: Number.isFinite(last) ? last : per,
        tier: { name, optimized, warmUpMs: Number(elapsed.toFixed(1)), warmUpCalls: calls, ...(forced ? { forced: true as const } : {}), ...(why ? { why } : {}) },
      };
    }
  }
}

/** How a cell is timed beyond its arguments (the loop's own `TimeOptions`). */
export interface LoopOptions {
  /** The call returns a Promise, awaited before the next call (a request to the loopback
   *  service: one in flight at a time). */
  awaited?: boolean;
  /** Awaited after the cell's full collection, before its warm-up (`Loaded.settle`). */
  settle?: (mode: Exclude<Mode, 'verify'>) => Promise<unknown>;
  /** False: no full collection before the cell (the service mechanisms' block, runner.ts). */
  collect?: boolean;
}

/**
 * Times one verified cell in its own loop (see the header) and returns its statistics in ns per
 * call: the median with its 95 % bootstrap interval, the stopping reason, the tier, and the two
 * modes when the samples fall into two.
 */
export async function timeLoop(
  fn: Callable, args: readonly unknown[], mode: Exclude<Mode, 'verify'>, reader: TierReader | undefined, how: LoopOptions = {},
): Promise<Timed> {
  const rule = stopRuleOf(mode);
  // One full collection per cell, before its time starts, as the mitata path makes.
  if (how.collect !== false) collectGarbage();
  await how.settle?.(mode);
  const t0 = performance.now();
  const loop = dependentLoop(fn, args.length, how.awaited);
  const arrays = argumentSlots(args);
  const run = (n: number) => loop(n, ...arrays);
  const warm = await warmUp(loop, run, reader, mode);
  const callsFor = (nsPerCall: number) => Math.max(1, Math.min(looping.maxCalls, 2 ** Math.round(Math.log2(looping.sampleNs / Math.max(nsPerCall, 1e-3)))));
  let calls = callsFor(warm.nsPerCall);
  // The batch is sized once more, from the first samples, when they show calls far faster than
  // the warm-up did (a callee slow for its first calls): samples of a few hundred fast calls
  // last under a microsecond, and one that loses the core reads a thousand times slower.
  let resized = false;
  // In time order: a run of slow first samples (a callee still warming, an engine still
  // compiling) is found by its order, not its size (`steadyFrom`).
  const taken: number[] = [];
  let next: number = measuring.minSamples;
  let verdict;
  let pooled: number[] = [];
  for (;;) {
    while (taken.length < next) taken.push(((await run(calls)) * 1e6) / calls);
    pooled = taken.slice(steadyFrom(taken));
    verdict = stopDecision(pooled, performance.now() - t0, rule);
    if (!resized && verdict.interval && callsFor(verdict.interval.median) >= calls * 8) {
      resized = true;
      calls = callsFor(verdict.interval.median);
      taken.length = 0;
      next = measuring.minSamples;
      continue;
    }
    if (verdict.stop !== 'continue' && verdict.interval) break;
    const interval = verdict.interval;
    const more = interval ? Math.ceil(pooled.length * ((interval.rme / rule.targetRme) ** 2 * measuring.overshoot - 1)) : 1;
    // Asked again after the samples the interval says the target needs (but at least an eighth
    // more, and at most as many again as there are: an estimate from few samples is rough).
    next = taken.length + Math.min(Math.max(more, Math.ceil(taken.length / 8), 1), taken.length);
  }
  const kept = verdict.kept!;
  const ci: MedianInterval = verdict.interval;
  const tier = reader ? { ...warm.tier, name: reader.tierOf(loop) } : warm.tier;
  if (reader && warm.tier.optimized && !reader.optimized(loop)) {
    Object.assign(tier, { optimized: false, why: `left ${optimizingTier[reader.engine]} while its samples were taken (a deoptimization): now ${tier.name}` });
  }
  const modes = twoModes(kept);
  const stats: Stats = {
    ...statsOf(kept, ci, { ticks: taken.length * calls, stop: verdict.stop as 'target' | 'cap', timedMs: performance.now() - t0, batch: calls, harness: 'loop' }),
    tier,
    ...(taken.length > pooled.length ? { warmingSamples: taken.length - pooled.length } : {}),
    ...(modes ? { modes } : {}),
  };
  return { stats, bench: loopCaller(loop) };
}

/** One call through the timed loop itself (n = 1), for the check after timing: the answer comes
 *  back through the sink the loop writes. */
function loopCaller(loop: Loop): Callable {
  return async (...args: unknown[]) => {
    await loop(1, ...argumentSlots(args));
    return sink.value;
  };
}
