/**
 * An independent figure for each `call` cell: a plain timed loop, `performance.now()` around
 * `for (…) sink = fn(args)`, with no mitata in it. If mitata's figure and this one disagree by
 * more than `thresholds.crossCheck`, one of the two harnesses is measuring something other than
 * the call (an eliminated call, a batch loop the JIT compiled differently), and merge flags the
 * cell. `perf stat` instruction counts would be a better second opinion, but this VM exposes no
 * hardware counters (`perf stat -e instructions` reports "not supported").
 *
 * The loop is compiled fresh per cell (`freshFunction`), so its call site sees one callee, like
 * mitata's bench function. Arguments are the loop function's parameters, not literals, so they
 * are not compile-time constants; the result goes to a sink that outlives the loop.
 */
import type { CrossCheck } from '../../contract/document.ts';
import { freshFunction, type Callable } from './mechanism.ts';

/** Each timed loop lasts at least this long per mode, so the timer's granularity (µs) is
 *  < 0.1 % of it; quick mode, whose intervals are ±3 %, settles for 0.1 % at 5 ms. */
export const CROSS_CHECK_TARGET_MS = { quick: 5, full: 20 } as const;
/** Timed loops per cell; the figure is their median. */
export const CROSS_CHECK_RUNS = 3;

/** Where loop results go, so no engine can prove them unused. */
export const sink: { value: unknown } = { value: undefined };

/** A plain loop of `n` calls of `fn` with `arity` arguments, compiled for this one callee. */
function plainLoop(fn: Callable, arity: number): (n: number, args: readonly unknown[]) => number {
  const params = Array.from({ length: arity }, (_, i) => `a${i}`);
  const loop = freshFunction(['n', ...params],
    `let r; const t0 = now(); for (let i = 0; i < n; i++) r = fn(${params.join(', ')}); const t = now() - t0; sink.value = r; return t;`,
    { fn, sink, now: () => performance.now() });
  return (n, args) => loop(n, ...args) as number;
}

/** Times `fn(...args)` in plain loops and returns the median ns per call. */
export function crossCheck(fn: Callable, args: readonly unknown[], mode: keyof typeof CROSS_CHECK_TARGET_MS): CrossCheck {
  const target = CROSS_CHECK_TARGET_MS[mode];
  const loop = plainLoop(fn, args.length);
  // Calibrate: grow n until one loop lasts a quarter of the target (this also warms the JIT up),
  // then size n so each timed loop lasts the whole target.
  let n = 1000;
  let ms = loop(n, args);
  while (ms < target / 4 && n < 2 ** 40) {
    n *= ms < target / 100 ? 10 : 2;
    ms = loop(n, args);
  }
  const calls = Math.max(1, Math.ceil((n * target) / Math.max(ms, 1e-3)));
  const perCall = Array.from({ length: CROSS_CHECK_RUNS }, () => (loop(calls, args) * 1e6) / calls).sort((a, b) => a - b);
  return { nsPerCall: perCall[Math.floor(perCall.length / 2)]!, calls, runs: CROSS_CHECK_RUNS };
}
