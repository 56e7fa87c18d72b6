/**
 * The event_loop and parallel groups (DESIGN.md "Workload groups"): what the JS thread suffers
 * while a long job runs, and whether N jobs spread over the cores. Their figures are not times
 * per call, so they have shapes of their own here; every tunable of both probes is a named
 * constant of `serverPolicy`, read by the runners (runners/shared/event-loop.ts, parallel.ts)
 * and quoted by the reports.
 */
import { z } from 'zod';
import { mechanismIds } from './registry.ts';

/**
 * How a job was run:
 * - `sync`: the mechanism's ordinary call, on the JS thread;
 * - `async`: its way off the thread (napi-rs `AsyncTask`, neon tasks, Node-API async work,
 *   koffi `.async`, Deno `nonblocking`; a request to the service), awaited;
 * - `worker`: the ordinary call made inside a `node:worker_threads` Worker that loaded the
 *   mechanism itself, awaited by the main thread;
 * - `threads`: one ordinary call into Rust that runs the jobs on Rust threads (parallel only).
 */
export const jobPaths = ['sync', 'async', 'worker', 'threads'] as const;
/** A way a job was run. */
export type JobPath = (typeof jobPaths)[number];

/** The tunables of both probes, per mode (verify mode checks answers and measures nothing). */
export const serverPolicy = {
  /** The timer's period: it re-arms `setTimeout(tick, TIMER_MS)` each tick. */
  timerMs: 1,
  /** Idle timer before the probes: how late it fires with nothing running (the floor). */
  idleMs: { quick: 100, full: 500 },
  /** Jobs per event-loop probe: as many as fit `budgetMs` at the job's measured length, at least
   *  `min` and at most `max`. */
  jobs: { quick: { budgetMs: 60, min: 3, max: 6 }, full: { budgetMs: 300, min: 3, max: 15 } },
  /** A pause between jobs, so each starts with the timer armed and idle. */
  gapMs: 3,
  /** Rounds of N parallel jobs for each N; the figure is the median round's wall time. */
  rounds: { quick: 2, full: 5 },
  /** Longest a Worker may take to load a mechanism before its cell fails. */
  workerLoadMs: 30_000,
  /** A path keeps the loop free when the timer's p99 lateness during its jobs is at most the
   *  larger of `floorMs` and `idleFactor` × the idle timer's p99: an idle loop is already late
   *  by a scheduler tick, and a loaded machine's more so, so the bar moves with the floor
   *  measured in the same column, but never below what a server would notice. The p99, not the
   *  max: one GC pause or preemption among 600 ticks of a 200 ms off-thread job is not the
   *  bridge's doing (seen: 10.8 ms once, p99 0.24 ms), while a job on the JS thread holds every
   *  tick it spans (its p99 is the job). */
  freeLateness: { floorMs: 5, idleFactor: 3 },
} as const;

/** The Ns of the parallel group: 1, 2, the core count and twice it, without repeats; a quick run
 *  1 and the core count alone (the two that answer "do the cores help"). */
export function parallelNs(cores: number, mode: 'quick' | 'full' | 'verify' = 'full'): number[] {
  return [...new Set(mode === 'quick' ? [1, cores] : [1, 2, cores, 2 * cores])].sort((a, b) => a - b);
}

/** The paths each group runs a job through, per mechanism. */
export const groupPaths = { event_loop: ['sync', 'async', 'worker'], parallel: ['async', 'worker', 'threads'] } as const satisfies Record<string, readonly JobPath[]>;

/** How many entries a probed workload makes per mechanism: one per path and job length
 *  (event_loop) or per path and N (parallel). Progress counts them as cells. */
export function probeEntries(w: { readonly group: string; readonly params: readonly (number | null)[]; readonly headline?: number }, mode: 'quick' | 'full' | 'verify', cores: number): number {
  if (w.group === 'event_loop') return groupPaths.event_loop.length * (mode === 'quick' ? 1 : w.params.length);
  if (w.group === 'parallel') return groupPaths.parallel.length * parallelNs(cores, mode).length;
  return 0;
}

const ms = z.number().finite().nonnegative();

/** How late a 1 ms timer fired, over the ticks it made (ms). */
export const LatenessSchema = z.object({
  p50Ms: ms,
  p99Ms: ms,
  maxMs: ms,
  /** Ticks the figures are over. */
  ticks: z.number().int().nonnegative(),
}).strict();
/** Timer lateness. */
export type Lateness = z.infer<typeof LatenessSchema>;

/** A median of wall times with its 95 % interval (contract/statistics.ts `bootstrapMedian`). */
export const MedianMsSchema = z.object({
  medianMs: ms,
  lowMs: ms,
  highMs: ms,
  /** How many wall times. */
  n: z.number().int().positive(),
}).strict();
/** A median wall time with its interval. */
export type MedianMs = z.infer<typeof MedianMsSchema>;

const mechanismVersion = z.string().optional();

/** Fields every entry of both groups has: where, how, and what became of it. */
const EntryBase = z.object({
  runtime: z.string(),
  mechanism: z.enum(mechanismIds),
  mechanismVersion,
  /** The workload that was run (`spin`; the parallel group's `threads` path `spin_threads`). */
  workload: z.string(),
  path: z.enum(jobPaths),
  /** Rounds of one job. */
  param: z.number().int().nonnegative(),
  /** `measured`: every job's answer equalled the reference; `verified`: a verify run's one job
   *  did, and nothing was timed; `skipped`: the mechanism has no such path here (the reason says
   *  why; a mechanism that does not load in a Worker skips its worker path with the error);
   *  `failed`: a wrong answer or a throw (`reason`, and the two values for a wrong answer). */
  outcome: z.enum(['measured', 'verified', 'skipped', 'failed']),
  reason: z.string().min(1).optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** How the path leaves the thread, for people (`libuv thread pool (napi-rs AsyncTask)`). */
  note: z.string().optional(),
});

/** One (mechanism, path, job length) of the event_loop group. */
export const EventLoopEntrySchema = EntryBase.extend({
  /** Each job's wall time, call to answer. */
  jobMs: MedianMsSchema.optional(),
  /** How late the timer fired while the jobs ran (ticks due between a job's start and its end). */
  lateness: LatenessSchema.optional(),
  /** The runtime's own loop-delay histogram (`perf_hooks.monitorEventLoopDelay`) over the same
   *  jobs, as a cross-check; `unavailable` says why where the runtime has none. */
  delayHistogram: z.union([LatenessSchema, z.object({ unavailable: z.string().min(1) }).strict()]).optional(),
}).strict();
/** An event_loop entry. */
export type EventLoopEntry = z.infer<typeof EventLoopEntrySchema>;

/** One (mechanism, path, N) of the parallel group. */
export const ParallelEntrySchema = EntryBase.extend({
  /** Jobs run at once. */
  jobs: z.number().int().positive(),
  /** Wall time of one round of `jobs` jobs, start to the last answer. */
  wallMs: MedianMsSchema.optional(),
  /** Jobs per second at the median round: `jobs / wallMs.medianMs × 1000`. */
  jobsPerSecond: z.number().finite().nonnegative().optional(),
  /** Throughput over the same path's at N = 1 (absent where N = 1 was not measured). */
  speedup: z.number().finite().nonnegative().optional(),
  /** Logical cores the runner saw (`os.availableParallelism()`). */
  cores: z.number().int().positive(),
  /** The pool an `async` path runs on, as far as the runtime tells (`UV_THREADPOOL_SIZE=4`). */
  pool: z.string().optional(),
}).strict();
/** A parallel entry. */
export type ParallelEntry = z.infer<typeof ParallelEntrySchema>;

/** A column's event_loop and parallel results, and its idle timer (the floor of the lateness). */
export const ServerSchema = z.object({
  /** The timer alone, with nothing running: how late it fires anyway (absent in a verify run). */
  idle: LatenessSchema.optional(),
  eventLoop: z.array(EventLoopEntrySchema),
  parallel: z.array(ParallelEntrySchema),
}).strict();
/** A column's event_loop and parallel results. */
export type Server = z.infer<typeof ServerSchema>;
