/**
 * Adaptive timing through mitata, for the cells the suite's own loop (loop.ts) does not time:
 * async calls (mitata awaits each, or each round of `concurrency` in flight) and calls whose
 * argument is written (mitata's parameter step copies it per call, outside the timed region).
 * Each such cell is timed until the 95 % bootstrap interval of its
 * median is within its mode's target (±1 % full, ±3 % quick) or it reaches its mode's time cap, whichever comes
 * first, so a tight cell stops in milliseconds and only a wide one costs the cap.
 *
 * mitata's `measure` has no stopping rule of its own: it runs until `min_cpu_time` and
 * `min_samples` are both reached, constants compiled into the loop it generates per call. So a
 * cell is timed in chunks: one `measure` call per chunk, every chunk driving the *same* bench
 * function (so its call site stays hot from one chunk to the next, and `Timed.bench` is the one
 * the after-timing check calls), the chunks' samples pooled, the interval checked between
 * chunks. We take mitata's loop as it is and set, per chunk, only what its options expose:
 * - `batch_threshold`/`warmup_threshold`: we decide batching once per cell from our own estimate
 *   of a call (mitata's warm-up times one call even when `concurrency` calls run per round, and
 *   batched 64-in-flight async rounds at 4096 per sample: 0.45 s a sample, 5.5 s a cell), and
 *   force mitata's decision to match, so every chunk of a cell is timed the same way;
 * - `batch_samples`: a batch lasts about `batchSampleNs`, not always 4096 calls (a 5 µs call
 *   batched 4096 times is 20 ms a sample, and 12 samples were a quarter of a second);
 * - `samples_threshold: Infinity`: no trimming per chunk; the pooled samples are trimmed once,
 *   as mitata trims one run (2 at each end);
 * - `gc: false`: mitata collects before every run; we collect once per cell, before the first
 *   chunk, outside the chunks' wall time (which sizes the next chunk).
 * Before the first chunk the bench function is called directly, in growing loops, to estimate a
 * round: that is the warm-up, and the first chunk's fastest round settles the batch.
 */
import { do_not_optimize, measure } from 'mitata';
import { stopDecision, type MedianInterval, type StopRule } from '../../contract/statistics.ts';
import { freshFunction, type Callable } from './mechanism.ts';
import { stoppingRules, type Mode, type Stats } from '../../contract/document.ts';

/** Stopping rule of one mode. */
export interface ModePolicy {
  /** Stop once the 95 % interval's half width over the median (`rme`) is at most this. */
  targetRme: number;
  /** Stop after this long timing the cell (warm-up included) even if the target is not met. */
  capMs: number;
  /** Shortest chunk after the first (one mitata `measure` call): later chunks are sized by the
   *  samples the interval still needs (`measuring.overshoot`), never past the cap. */
  chunkMs: number;
}

/**
 * Every tunable of the timing, in one place (mitata's own `defaults()` style).
 *
 * The caps come from what cells needed on this shared 2-core machine and from the run-time goals
 * (quick ≤ 60 s, full ≤ 5 min for ~800-1200 cells). At 60 ms a cell (the old quick budget), the
 * median `call` cell's interval was ±9 % at load 1.8-4.7, and ±60-95 % at load 15-20 (the
 * machine shared with other jobs): ±1 % takes 9x the samples of ±3 %, so on a shared machine
 * many cells reach neither, and a full cap above 300 ms would spend the whole five minutes on
 * capped cells. A capped cell says so (`stop: 'cap'`, flag `capped`).
 *
 * `batchThresholdNs`: calls shorter than this are timed in batches. A call that already lasts
 * 10 µs gains no timer precision from batching (performance.now's ~30 ns is < 0.3 % of it), while
 * batching lets V8 inline the callee into mitata's unrolled batch loop, where the JS reference of
 * bytes_sum over 64 KiB ran 2.7x slower than the same function called normally (1.2 vs
 * 0.44 ns/byte; standalone 0.40): a harness artifact that flattered every crossing.
 */
export const measuring = {
  modes: {
    quick: { ...stoppingRules.quick, chunkMs: 5 },
    full: { ...stoppingRules.full, chunkMs: 10 },
  } satisfies Record<Exclude<Mode, 'verify'>, ModePolicy>,
  /** Fewest samples of a cell, all from its first timed chunk (mitata's own minimum: fewer give
   *  an interval not worth the name); later chunks take what their time gives. So the rule's
   *  `minCappedSamples` never applies here: a cell has `minSamples` before it is first judged. */
  minSamples: stoppingRules.minSamples,
  batchThresholdNs: 10_000,
  /** A batched sample is sized to last about this long (a power of two of calls, at most
   *  `maxBatch`): long enough that the timer (performance.now costs 50–150 ns on this VM) is
   *  ≤ 0.02 % of it, and every call under 250 ns keeps mitata's batch of 4096. A JS call inlined
   *  into mitata's loop is not the same figure with a smaller batch (js add_i32: 1.9 ns per call
   *  batched 4096 times, 6.5 ns batched 256 times), so the calls that can be inlined keep it. A
   *  quarter of this in quick mode would save 9 ms a batched cell, but a tiny call whose batch is
   *  settled from an unbatched first chunk (its fastest single call, timer included, 250–500 ns)
   *  then got 512, not 4096: the figure of a different loop. */
  batchSampleNs: 1_000_000,
  /** After a chunk, the next one takes the samples the interval says the target needs
   *  (n × (rme / target)², as an interval of the median narrows with √n), times this margin: one `measure` call costs 7–15 ms on its own
   *  here (it allocates a 2^20-sample array and compiles a new loop), so a cell should take two
   *  or three chunks, not the five or six of doubling the time until the interval is tight. */
  overshoot: 1.25,
  /** Most calls per batched sample (mitata's default), and fewest (its unroll factor: a batch
   *  must be a multiple of it). */
  maxBatch: 4096,
  minBatch: 4,
  /** Sorted pooled samples dropped at each end, as mitata drops from one run's. */
  trim: stoppingRules.trim,
  /** How long the direct calls last that estimate a call before mitata runs (to decide batching). */
  estimateNs: 20_000,
} as const;

/**
 * The function mitata times: one call of `fn`, its result kept alive by `do_not_optimize` so
 * it cannot be dropped as dead code, and returned, so the after-timing check can read the answer
 * through this very function. Compiled fresh per cell (see `freshFunction`) so its call site is
 * monomorphic; its declared arity is how many computed parameters mitata passes.
 */
export function benchFunction(fn: Callable, arity: number, async = false): Callable {
  const params = Array.from({ length: arity }, (_, i) => `a${i}`);
  // An async call hands mitata its Promise: mitata awaits it, so the time runs to the result.
  const call = `fn(${params.join(', ')})`;
  return freshFunction(params, async ? `return ${call};` : `const r = ${call}; keep(r); return r;`, { fn, keep: do_not_optimize });
}

/** A timed cell: its statistics, and the bench function mitata drove hot. */
export interface Timed {
  stats: Stats;
  /** Call it with the cell's arguments for the answer through the call site that was timed. */
  bench: Callable;
}

/** The stopping rule of `mode` as contract/statistics.ts `stopDecision` takes it. */
export function stopRuleOf(mode: Exclude<Mode, 'verify'>): StopRule {
  const { targetRme, capMs } = measuring.modes[mode];
  return { targetRme, capMs, minSamples: measuring.minSamples, minCappedSamples: stoppingRules.minCappedSamples, trim: measuring.trim };
}

/**
 * Times one verified cell and returns its statistics in ns per call, with the bootstrap interval
 * of the median (contract/statistics.ts `bootstrapMedian`), its stopping reason (`stopDecision`)
 * and the samples thinned for the record.
 *
 * Arguments go in as mitata "computed parameters": mitata fills an array per argument
 * before each timed batch and indexes it per call, so the JIT can neither constant-fold a
 * pure-JS reference nor hoist it out of the loop (JavaScriptCore did exactly that with
 * closure-captured arguments: 0.1 ns "calls"). Every mechanism gets the same shape, so the
 * harness cost is the same in every column.
 */
export async function time(
  fn: Callable, args: readonly unknown[], mode: Exclude<Mode, 'verify'>, how: TimeOptions = {},
): Promise<Timed> {
  const policy = measuring.modes[mode];
  const rule = stopRuleOf(mode);
  const concurrency = how.concurrency ?? 1;
  const bench = benchFunction(fn, args.length, how.async);
  const step: Record<string | number, unknown> = { bench };
  // A fresh argument is copied by mitata's parameter step, before the timed region.
  const argOf = args.map((a, i) => (how.fresh?.[i] ? () => (a as { slice(): unknown }).slice() : () => a));
  argOf.forEach((f, i) => (step[i] = f));
  const gen = function* () {
    yield step;
  } as never;

  const t0 = performance.now();
  let batch = batchFor(await estimateRound(bench, argOf, concurrency, how.async ?? false));
  // mitata's budget counts timed time only; the wall time of a run is larger (the parameter step
  // fills `batch` arguments per sample untimed: for a 1-ns call, 30 times the timed time), so
  // each chunk's budget is scaled by the ratio the previous one showed.
  let wallPerTimed = 1;
  // A chunk stops at `maxSamples`, or after `wallMs` once it has `minSamples`.
  const chunk = async (wallMs: number, minSamples: number, maxSamples?: number) => {
    const c0 = performance.now();
    const s = await measure(gen, {
      concurrency, min_cpu_time: (wallMs / wallPerTimed) * 1e6, min_samples: minSamples, samples_threshold: Infinity,
      ...(maxSamples !== undefined ? { max_samples: maxSamples } : {}),
      ...(batch > 1
        ? { batch_samples: batch, batch_threshold: Infinity, warmup_threshold: Infinity }
        : { batch_threshold: -1 }),
      gc: false,
    });
    const timedMs = (s.samples.reduce((acc, x) => acc + x, 0) * batch) / 1e6;
    wallPerTimed = Math.max(1, (performance.now() - c0) / Math.max(timedMs, 1e-3));
    return s;
  };
  const pooled: number[] = [];
  let ticks = 0;
  let stop: Stats['stop'];
  let kept: number[] = [];
  let interval: MedianInterval | undefined;
  // The estimate ran cold (it is the warm-up); the first chunk's fastest round, timed by mitata,
  // settles the batch. When that moves the batch far (batched or not, or 4x), the chunk is
  // thrown away and the next one is first. The fastest, not the median: a loaded machine only
  // ever adds time, and a median of single calls over 10 µs once timed a 5-ns call unbatched.
  // The first chunk is its 12 samples and no more: it learns the wall/timed ratio before any
  // chunk is sized by time (a 1-ns call's 5 ms of timed calls take 150 ms of wall).
  let settled = false;
  // Samples the next chunk takes: what the interval still needs, as last estimated.
  let needed: number = measuring.minSamples;
  if (how.collect !== false) collectGarbage();
  await how.settle?.(mode);
  for (;;) {
    const spent = performance.now() - t0;
    const first = pooled.length === 0;
    const s = first
      ? await chunk(0, measuring.minSamples)
      : await chunk(Math.max(policy.chunkMs, policy.capMs - spent), 1, needed);
    if (!settled) {
      settled = true;
      const better = batchFor(s.min);
      if ((better === 1) !== (batch === 1) || Math.max(better, batch) / Math.min(better, batch) >= 4) {
        batch = better;
        continue;
      }
    }
    // mitata's samples: a batch's time over its calls (or one round's), in ns.
    for (const x of s.samples) pooled.push(x / concurrency);
    ticks += s.ticks * concurrency;
    const verdict = stopDecision(pooled, performance.now() - t0, rule);
    if (!verdict.interval || !verdict.kept) continue;
    kept = verdict.kept;
    interval = verdict.interval;
    if (verdict.stop !== 'continue') {
      stop = verdict.stop;
      break;
    }
    needed = Math.max(1, Math.ceil(kept.length * ((interval.rme / policy.targetRme) ** 2 * measuring.overshoot - 1)));
  }
  // Always set: the loop leaves only through a break after an interval (the first chunk brings
  // `minSamples`, so the decision always has one).
  const ci = interval!;
  const stats = statsOf(kept, ci, { ticks, stop: stop!, timedMs: performance.now() - t0, batch, harness: 'mitata' });
  return { stats, bench };
}

/**
 * A timed cell's statistics from its kept samples (sorted, trimmed) and the interval of their
 * median, with what only the harness knows: one shape for both harnesses (mitata here, the
 * suite's own loop in loop.ts).
 */
export function statsOf(
  kept: readonly number[], ci: MedianInterval,
  how: Pick<Stats, 'ticks' | 'batch' | 'harness'> & { stop: 'target' | 'cap'; timedMs: number },
): Stats {
  const at = (q: number) => kept[(q * (kept.length - 1)) | 0]!;
  return {
    avgNs: mean(kept), p50Ns: ci.median, p75Ns: at(0.75), p99Ns: at(0.99), minNs: kept[0]!, maxNs: kept[kept.length - 1]!,
    samples: kept.length, ticks: how.ticks,
    samplesNs: thinSorted(kept, maxKeptSamples).map((x) => Number(x.toPrecision(4))),
    medianCiLowNs: ci.low, medianCiHighNs: ci.high, medianRme: ci.rme,
    stop: how.stop, timedMs: Number(how.timedMs.toFixed(1)), batch: how.batch, harness: how.harness,
  };
}

/**
 * A full collection, as mitata makes before a run (Bun's, or V8's with --expose-gc; none
 * without). Also in quick mode, though it is about 10 ms of a quick cell's 40: with the young
 * generation alone collected, a quick Node 26 run's cells read a median 1.13x slower, and took
 * longer to reach their interval (issue 22).
 */
export function collectGarbage(): void {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (g.Bun) g.Bun.gc(true);
  else g.gc?.();
}

/** Calls (rounds) per sample for a round of `roundNs`: 1 at or above the batch threshold. */
function batchFor(roundNs: number): number {
  if (roundNs >= measuring.batchThresholdNs) return 1;
  const fit = 2 ** Math.floor(Math.log2(measuring.batchSampleNs / Math.max(roundNs, 1e-3)));
  return Math.min(measuring.maxBatch, Math.max(measuring.minBatch, fit));
}

/**
 * ns of one round (`concurrency` calls, awaited together when async), called directly in steps
 * of 1, 2, 4, … rounds until a step lasts `estimateNs`, the fastest step per round counting. A
 * first call made slow by compiling reads as unbatched; the first chunk's fastest round corrects it.
 */
async function estimateRound(bench: Callable, argOf: readonly (() => unknown)[], concurrency: number, async: boolean): Promise<number> {
  let best = Infinity;
  for (let n = 1; ; n *= 2) {
    const rounds = Array.from({ length: n }, () => Array.from({ length: concurrency }, () => argOf.map((f) => f())));
    const t0 = performance.now();
    for (const round of rounds) {
      if (async) await Promise.all(round.map((a) => bench(...a)));
      else for (const a of round) bench(...a);
    }
    const ns = (performance.now() - t0) * 1e6;
    best = Math.min(best, ns / n);
    if (ns >= measuring.estimateNs || n >= measuring.maxBatch) return best;
  }
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
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
  /** Per argument: true to give every timed call its own copy (the kernel writes it). */
  fresh?: readonly boolean[];
  /** Awaited after the cell's full collection, before its first sample (`Loaded.settle`). */
  settle?: (mode: Exclude<Mode, 'verify'>) => Promise<unknown>;
  /** False: no full collection before the cell (the service mechanisms' block, runner.ts). */
  collect?: boolean;
}
