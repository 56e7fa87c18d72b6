/**
 * Timing through mitata. We call mitata's `measure` (the engine behind `run`) once per cell:
 * `run` cannot shorten measuring for --quick and re-calibrates its no-op baselines on every
 * call, while `measure` takes the budget as options and lets the runner report progress.
 */
import { do_not_optimize, measure } from 'mitata';
import type { Callable } from './mechanism.ts';
import type { Mode, Stats } from './document.ts';

/** mitata options per mode: quick keeps each cell near 60 ms of timed calls. */
const budgets = {
  quick: { min_cpu_time: 60e6, min_samples: 12 },
  full: { min_cpu_time: 642e6, min_samples: 12 },
} as const;

/**
 * Builds the zero-argument closure mitata times: one call of `fn` with the cell's arguments.
 * Arguments are read from an array each call so the JIT cannot constant-fold a pure-JS
 * reference; the result goes to `do_not_optimize` so it cannot be dropped as dead code.
 * Every mechanism gets the same shape, so the harness cost is the same in every column.
 */
export function benchClosure(fn: Callable, args: readonly unknown[]): () => void {
  const a = [...args];
  switch (a.length) {
    case 0: return () => do_not_optimize(fn());
    case 1: return () => do_not_optimize(fn(a[0]));
    case 2: return () => do_not_optimize(fn(a[0], a[1]));
    case 3: return () => do_not_optimize(fn(a[0], a[1], a[2]));
    case 4: return () => do_not_optimize(fn(a[0], a[1], a[2], a[3]));
    case 5: return () => do_not_optimize(fn(a[0], a[1], a[2], a[3], a[4]));
    case 6: return () => do_not_optimize(fn(a[0], a[1], a[2], a[3], a[4], a[5]));
    default: return () => do_not_optimize(fn(...a));
  }
}

/** Times one verified cell and returns its statistics in ns per call. */
export async function time(fn: Callable, args: readonly unknown[], mode: Exclude<Mode, 'verify'>): Promise<Stats> {
  const s = await measure(benchClosure(fn, args), { ...budgets[mode] });
  return {
    avgNs: s.avg,
    p50Ns: s.p50,
    p75Ns: s.p75,
    p99Ns: s.p99,
    minNs: s.min,
    maxNs: s.max,
    samples: s.samples.length,
    ticks: s.ticks,
  };
}
