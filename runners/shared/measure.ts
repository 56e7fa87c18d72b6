/**
 * Timing through mitata. We call mitata's `measure` (the engine behind `run`) once per cell:
 * `run` cannot shorten measuring for --quick and re-calibrates its no-op baselines on every
 * call, while `measure` takes the budget as options and lets the runner report progress.
 */
import { do_not_optimize, measure } from 'mitata';
import { bootstrapMean } from './bootstrap.ts';
import { freshFunction, type Callable } from './mechanism.ts';
import type { Mode, Stats } from './document.ts';

/**
 * mitata options per mode: quick keeps each cell near 60 ms of timed calls.
 *
 * `batch_threshold`: mitata times calls shorter than this in batches of 4096 (default 65 µs).
 * A call that already lasts 10 µs gains no timer precision from batching (performance.now's
 * ~30 ns is < 0.3 % of it), while batching lets V8 inline the callee into mitata's unrolled
 * batch loop, where the JS reference of bytes_sum over 64 KiB ran 2.7x slower than the same
 * function called normally (1.2 vs 0.44 ns/byte; standalone 0.40): a harness artifact that
 * flattered every crossing. Unbatched, such a cell also gets hundreds of samples instead of
 * 12 batches of 4096 calls, which cut `compare --quick` from ~40 s to ~17 s.
 */
const budgets = {
  quick: { min_cpu_time: 60e6, min_samples: 12, batch_threshold: 10_000 },
  full: { min_cpu_time: 642e6, min_samples: 12, batch_threshold: 10_000 },
} as const;

/**
 * The function mitata times: one call of `fn`, its result kept alive by `do_not_optimize` so
 * it cannot be dropped as dead code. Compiled fresh per cell (see `freshFunction`) so its call
 * site is monomorphic; its declared arity is how many computed parameters mitata passes.
 */
export function benchFunction(fn: Callable, arity: number, async = false): Callable {
  const params = Array.from({ length: arity }, (_, i) => `a${i}`);
  // An async call hands mitata its Promise: mitata awaits it, so the time runs to the result.
  const call = `fn(${params.join(', ')})`;
  return freshFunction(params, async ? `return ${call};` : `return keep(${call});`, { fn, keep: do_not_optimize });
}

/**
 * Times one verified cell and returns its statistics in ns per call, with a bootstrap interval
 * of the mean (seeded by `how.bootstrap`) and the samples thinned for the record.
 *
 * Arguments go in as mitata "computed parameters": mitata fills an array per argument
 * before each timed batch and indexes it per call, so the JIT can neither constant-fold a
 * pure-JS reference nor hoist it out of the loop (JavaScriptCore did exactly that with
 * closure-captured arguments: 0.1 ns "calls"). Every mechanism gets the same shape, so the
 * harness cost is the same in every column.
 */
export async function time(
  fn: Callable, args: readonly unknown[], mode: Exclude<Mode, 'verify'>, how: TimeOptions = {},
): Promise<Stats> {
  const concurrency = how.concurrency ?? 1;
  const step: Record<string | number, unknown> = { bench: benchFunction(fn, args.length, how.async) };
  // A fresh argument is copied by mitata's parameter step, before the timed region.
  args.forEach((a, i) => (step[i] = how.fresh?.[i] ? () => (a as { slice(): unknown }).slice() : () => a));
  const s = await measure(function* () {
    yield step;
  } as never, { ...budgets[mode], concurrency });
  // mitata times one round of `concurrency` calls awaited together; per call is that / n.
  const per = (ns: number) => ns / concurrency;
  // mitata's samples: a batch's time over its calls (or one round), sorted, 2 trimmed at each end.
  const samples = (s.samples as number[]).map(per);
  const ci = bootstrapMean(samples, how.bootstrap ?? { seed: 0, label: 'cell' });
  return {
    avgNs: per(s.avg),
    p50Ns: per(s.p50),
    p75Ns: per(s.p75),
    p99Ns: per(s.p99),
    minNs: per(s.min),
    maxNs: per(s.max),
    samples: s.samples.length,
    ticks: s.ticks * concurrency,
    samplesNs: thinSorted(s.samples, maxKeptSamples).map((x) => Number(per(x).toPrecision(4))),
    ciLowNs: ci.low,
    ciHighNs: ci.high,
    rme: ci.rme,
  };
}

/** How many per-call times a cell keeps (see `Stats.samplesNs`). */
export const maxKeptSamples = 256;

/** At most `k` evenly spaced quantiles of an ascending array, min and max included. */
export function thinSorted(sorted: readonly number[], k: number): number[] {
  if (sorted.length <= k) return [...sorted];
  return Array.from({ length: k }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (k - 1))]!);
}

/** How a cell is timed beyond its arguments. */
export interface TimeOptions {
  /** The function returns a Promise, to be awaited inside the timed region. */
  async?: boolean;
  /** Calls in flight at once (async workloads): each sample awaits that many together. */
  concurrency?: number;
  /** Seed and label of the bootstrap interval (runners/shared/bootstrap.ts). */
  bootstrap?: { seed: number; label: string };
  /** Per argument: true to give every timed call its own copy (the kernel writes it). */
  fresh?: readonly boolean[];
}
