/**
 * The event_loop and parallel groups (contract/event-loop.ts): does a mechanism's call block the
 * server, and do more cores help. Per loaded mechanism, a long job (`spin`, verified against the
 * reference) is run each way the mechanism offers:
 * - `sync`, its ordinary call on the JS thread; `async`, its way off the thread (the declared
 *   `offThread` workload: napi-rs AsyncTask, neon tasks, Node-API async work, koffi `.async`,
 *   Deno `nonblocking`; for a mechanism whose calls are requests, the request itself);
 *   `worker`, the ordinary call inside a Worker that loaded the mechanism itself;
 * - while a 1 ms timer ticks (runners/shared/ticker.ts): the figure is how late it fired;
 * - then N jobs at once for each N of `parallelNs`, through the async path, N Workers, and one
 *   call into Rust that runs N jobs on Rust threads (`spin_threads`).
 * Every job's answer is checked; a wrong one fails that entry with the two values.
 */
import { availableParallelism } from 'node:os';
import process from 'node:process';
import { groupPaths, parallelNs, serverPolicy, type EventLoopEntry, type JobPath, type MedianMs, type ParallelEntry, type Server } from '../../contract/event-loop.ts';
import type { Failure } from '../../contract/document.ts';
import type { MechanismId } from '../../contract/registry.ts';
import { bootstrapMedian } from '../../contract/statistics.ts';
import { paramsIn } from '../../contract/workloads.ts';
import { workloadById, workloads, type Workload } from './catalogue.ts';
import { isSkip, loadedLabel, versionField, type Callable, type Loaded, type LoadedAt } from './mechanism.ts';
import { startJobWorker, type JobWorker } from './job-worker.ts';
import { sleep, startDelayHistogram, Ticker } from './ticker.ts';
import { show, verify } from './verify.ts';

/** What the probes need of the runner. */
export interface ServerRun {
  /** A verify run checks every path's answer once and times nothing. */
  readonly mode: 'quick' | 'full' | 'verify';
  readonly rt: string;
  /** The event_loop workload (`spin`), when that group was selected. */
  readonly eventLoop?: Workload;
  /** The parallel workload (`spin_threads`), when that group was selected. */
  readonly parallel?: Workload;
  log(line: string): void;
}

/** A way to run one job, or why there is none. */
export type Runner = { run: (args: readonly unknown[]) => Promise<unknown>; note?: string } | { skip: string } | { error: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs both groups over every loaded mechanism; failed entries are failures of the column too. */
export async function probeServer(loaded: readonly LoadedAt[], run: ServerRun): Promise<{ server: Server; failures: Failure[] }> {
  const server: Server = { eventLoop: [], parallel: [] };
  if (run.mode !== 'verify') {
    const ticker = new Ticker();
    await ticker.start();
    const t0 = performance.now();
    await sleep(serverPolicy.idleMs[run.mode]);
    await ticker.stop();
    server.idle = ticker.lateness([[t0, performance.now()]]);
    run.log(`event loop: a ${serverPolicy.timerMs} ms timer with nothing running fires late by ${server.idle.p50Ms} ms (median), ${server.idle.maxMs} ms at most`);
  }
  const job = run.eventLoop ?? (run.parallel ? jobWorkload() : undefined);
  if (!job) return { server, failures: [] };
  const offThread = job.offThread ? workloadById(job.offThread) : undefined;
  const cores = availableParallelism();
  for (const at of loaded) {
    const paths = pathsOf(at, job, offThread);
    const pool = new WorkerPool(at, job);
    try {
      if (run.eventLoop) {
        for (const param of paramsIn(job, run.mode)) {
          for (const path of groupPaths.event_loop) {
            const entry = await probeEventLoop(at, job, param!, path, path === 'worker' ? await pool.runner(0) : paths[path], run);
            server.eventLoop.push(entry);
            run.log(describe(entry));
          }
        }
      }
      if (run.parallel) {
        const rounds = paramsIn(run.parallel, run.mode)[0]!;
        const ns = parallelNs(cores, run.mode);
        const byPath: [JobPath, (n: number) => Promise<Runner>][] = [
          ['async', async () => paths.async],
          ['worker', async (n) => pool.fanOut(n)],
          ['threads', async () => threadsPath(at, run.parallel!)],
        ];
        for (const [path, runnerFor] of byPath) {
          const entries: ParallelEntry[] = [];
          for (const n of ns) {
            const entry = await parallelEntry(at, path, path === 'threads' ? run.parallel : job, rounds, n, await runnerFor(n), run, cores);
            entries.push(entry);
            if (entry.outcome === 'skipped' || entry.outcome === 'failed') break;
          }
          const one = entries.find((e) => e.jobs === 1)?.jobsPerSecond;
          for (const e of entries) if (one && e.jobsPerSecond !== undefined) e.speedup = round3(e.jobsPerSecond / one);
          for (const e of entries) run.log(describeParallel(e));
          server.parallel.push(...entries);
        }
      }
    } finally {
      await pool.close();
    }
  }
  const failures: Failure[] = [...server.eventLoop, ...server.parallel].filter((e) => e.outcome === 'failed').map((e) => ({
    runtime: e.runtime, mechanism: e.mechanism, ...versionField({ version: e.mechanismVersion }), workload: e.workload, param: e.param,
    reason: `${'jobs' in e ? `parallel, ${e.jobs} jobs` : 'event loop'}, ${e.path} path: ${e.reason}`,
    ...(e.expected !== undefined ? { expected: e.expected } : {}), ...(e.actual !== undefined ? { actual: e.actual } : {}),
  }));
  return { server, failures };
}

/** The event_loop group's job workload, which the parallel group runs N of. */
function jobWorkload(): Workload {
  const job = workloads.find((w) => w.group === 'event_loop' && w.offThread);
  if (!job) throw new Error('no event_loop workload with an offThread path is declared');
  return job;
}

/** The sync and async ways a loaded mechanism runs `job`. */
function pathsOf(at: LoadedAt, job: Workload, offThread: Workload | undefined): Record<'sync' | 'async', Runner> {
  const m = at.m;
  if (m.async) {
    // Every call is a request the service answers from its own process.
    return { sync: { skip: 'its calls are requests to the service: they never run on the JS thread (its async path)' }, async: runnerOf(m, job) };
  }
  return {
    sync: runnerOf(m, job),
    async: offThread ? runnerOf(m, offThread) : { skip: `${job.id} declares no offThread workload` },
  };
}

/** The way to run `w` through a loaded mechanism's own binding. */
export function runnerOf(m: Loaded, w: Workload): Runner {
  try {
    const fn = m.bind(w);
    if (isSkip(fn)) return fn;
    const note = m.note?.(w);
    return { run: async (args) => fn(...args), ...(note ? { note } : {}) };
  } catch (e) {
    return { error: `failed to bind ${w.id}: ${message(e)}` };
  }
}

/** The one call into Rust that fans N jobs out on Rust threads. */
function threadsPath(at: LoadedAt, w: Workload): Runner {
  if (at.id === 'js') return { skip: 'plain JS has no threads: its N jobs at once are N Workers (the worker path)' };
  return runnerOf(at.m, w);
}

/** Workers of one mechanism, started as they are first needed and closed together. */
export class WorkerPool {
  private readonly started: (JobWorker | { skip: string } | { error: string })[] = [];
  private readonly at: LoadedAt;
  private readonly job: Workload;
  constructor(at: LoadedAt, job: Workload) {
    this.at = at;
    this.job = job;
  }

  /** The i-th Worker as a way to run a job. */
  async runner(i: number): Promise<Runner> {
    if (this.at.m.async) return { skip: 'its calls already leave the process: a Worker would only wait for the service' };
    if (!this.at.ctx) return { skip: 'the runner did not keep what the mechanism was loaded from' };
    while (this.started.length <= i) {
      this.started.push(await startJobWorker({ mechanism: this.at.id, workload: this.job.id, ctx: this.at.ctx }));
    }
    const w = this.started[i]!;
    if ('skip' in w) return { skip: `in a Worker: ${w.skip}` };
    // A mechanism that will not load in a Worker has no worker path here: skipped, with its error.
    if ('error' in w) return { skip: `it did not load in a Worker: ${w.error}` };
    return { run: (args) => w.run(args), note: 'the ordinary call, made in a node:worker_threads Worker that loaded the mechanism itself' };
  }

  /** N Workers each running one job: a runner whose one "job" is all N at once. */
  async fanOut(n: number): Promise<Runner> {
    const each: ((args: readonly unknown[]) => Promise<unknown>)[] = [];
    for (let i = 0; i < n; i++) {
      const r = await this.runner(i);
      if (!('run' in r)) return r;
      each.push(r.run);
    }
    return { run: (args) => Promise.all(each.map((run) => run(args))), note: `${n} Workers, one job each` };
  }

  async close(): Promise<void> {
    await Promise.all(this.started.map((w) => ('close' in w ? w.close().catch(() => undefined) : undefined)));
  }
}

function base(at: LoadedAt, rt: string, w: Workload, path: JobPath, param: number) {
  return { runtime: rt, mechanism: at.id as MechanismId, ...versionField(at), workload: w.id, path, param };
}

/** One event_loop entry: verify the job, then time jobs while the timer ticks. */
export async function probeEventLoop(at: LoadedAt, w: Workload, param: number, path: 'sync' | 'async' | 'worker', runner: Runner, run: Pick<ServerRun, 'mode' | 'rt'>): Promise<EventLoopEntry> {
  const where = base(at, run.rt, w, path, param);
  if ('skip' in runner) return { ...where, outcome: 'skipped', reason: runner.skip };
  if ('error' in runner) return { ...where, outcome: 'failed', reason: runner.error };
  const args = w.input(param);
  const expected = expectedOf(w, args);
  const note = runner.note ? { note: runner.note } : {};
  // Verified first, and its time sizes the probe.
  let first: number;
  try {
    const t = performance.now();
    const answer = await runner.run(args);
    first = performance.now() - t;
    const v = verify(w, expected, answer);
    if (!v.ok) return { ...where, ...note, outcome: 'failed', reason: 'wrong answer', expected: v.expected, actual: v.actual };
  } catch (e) {
    return { ...where, ...note, outcome: 'failed', reason: `threw: ${message(e)}`, expected: show(expected) };
  }
  if (run.mode === 'verify') return { ...where, ...note, outcome: 'verified' };
  const policy = serverPolicy.jobs[run.mode];
  const jobs = Math.min(policy.max, Math.max(policy.min, Math.ceil(policy.budgetMs / Math.max(first, 0.001))));
  const ticker = new Ticker();
  await ticker.start();
  const histogram = await startDelayHistogram();
  const windows: [number, number][] = [];
  const times: number[] = [];
  for (let j = 0; j < jobs; j++) {
    await sleep(serverPolicy.gapMs);
    const t = performance.now();
    let answer: unknown;
    try {
      answer = await runner.run(args);
    } catch (e) {
      await ticker.stop();
      histogram.read();
      return { ...where, ...note, outcome: 'failed', reason: `threw on job ${j + 1} of ${jobs}: ${message(e)}`, expected: show(expected) };
    }
    const end = performance.now();
    windows.push([t, end]);
    times.push(end - t);
    const v = verify(w, expected, answer);
    if (!v.ok) {
      await ticker.stop();
      histogram.read();
      return { ...where, ...note, outcome: 'failed', reason: `wrong answer on job ${j + 1} of ${jobs}`, expected: v.expected, actual: v.actual };
    }
  }
  await ticker.stop();
  return { ...where, ...note, outcome: 'measured', jobMs: medianMs(times), lateness: ticker.lateness(windows), delayHistogram: histogram.read() };
}

/** One parallel entry: `rounds` rounds of N jobs at once, every answer checked. */
async function parallelEntry(at: LoadedAt, path: JobPath, w: Workload, rounds: number, n: number, runner: Runner, run: Pick<ServerRun, 'mode' | 'rt'>, cores: number): Promise<ParallelEntry> {
  const where = { ...base(at, run.rt, w, path, rounds), jobs: n, cores };
  if ('skip' in runner) return { ...where, outcome: 'skipped', reason: runner.skip };
  if ('error' in runner) return { ...where, outcome: 'failed', reason: runner.error };
  Object.assign(where, poolOf(at, path));
  const note = runner.note ? { note: runner.note } : {};
  // One round: the threads path is one call of N jobs; the others N calls at once (a worker
  // runner already holds its N Workers).
  const args = path === 'threads' ? [n, rounds] : w.input(rounds);
  const expected = expectedOf(w, args);
  const oneRound = async (): Promise<unknown[]> => {
    if (path === 'threads') return [await runner.run(args)];
    if (path === 'worker') return (await runner.run(args)) as unknown[];
    return Promise.all(Array.from({ length: n }, () => runner.run(args)));
  };
  const walls: number[] = [];
  const count = run.mode === 'verify' ? 1 : serverPolicy.rounds[run.mode] + 1;
  for (let r = 0; r < count; r++) {
    let answers: unknown[];
    const t = performance.now();
    try {
      answers = await oneRound();
    } catch (e) {
      return { ...where, ...note, outcome: 'failed', reason: `threw: ${message(e)}`, expected: show(expected) };
    }
    const wall = performance.now() - t;
    for (const a of answers) {
      const v = verify(w, expected, a);
      if (!v.ok) return { ...where, ...note, outcome: 'failed', reason: 'wrong answer', expected: v.expected, actual: v.actual };
    }
    // The first round verifies and warms (a pool's threads start on first use); the rest count.
    if (r > 0) walls.push(wall);
  }
  if (run.mode === 'verify') return { ...where, ...note, outcome: 'verified' };
  const wallMs = medianMs(walls);
  return { ...where, ...note, outcome: 'measured', wallMs, jobsPerSecond: round3((n / wallMs.medianMs) * 1000) };
}

const expectedCache = new Map<string, unknown>();
/** The reference's answer, computed once per workload and arguments (a 200 ms job in JS). */
function expectedOf(w: Workload, args: readonly unknown[]): unknown {
  const key = `${w.id}:${args.join(',')}`;
  if (!expectedCache.has(key)) expectedCache.set(key, (w.reference as Callable)(...args));
  return expectedCache.get(key);
}

/** The pool an async path runs on, as far as the runtime tells. */
function poolOf(at: LoadedAt, path: JobPath): { pool?: string } {
  if (path !== 'async') return {};
  if (at.id === 'js') return { pool: 'none: the job runs on the JS thread inside a Promise' };
  if (at.m.async) return { pool: "the service's one thread, in its own process (a current_thread tokio runtime: requests queue there)" };
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  if (g.Deno) return { pool: "Deno's blocking pool (tokio spawn_blocking, up to 512 threads)" };
  if (g.Bun) return { pool: "Bun's own thread pool (its size is not reported)" };
  const size = process.env.UV_THREADPOOL_SIZE;
  return { pool: size ? `libuv thread pool, UV_THREADPOOL_SIZE=${size}` : "libuv thread pool, UV_THREADPOOL_SIZE unset (libuv's default: 4 threads)" };
}

/** The median of wall times with its 95 % interval. */
function medianMs(values: readonly number[]): MedianMs {
  const ci = bootstrapMedian([...values].sort((a, b) => a - b));
  return { medianMs: round3(ci.median), lowMs: round3(ci.low), highMs: round3(ci.high), n: values.length };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

const label = (e: EventLoopEntry | ParallelEntry) => `${loadedLabel({ id: e.mechanism, version: e.mechanismVersion })} ${e.path}`;
const unmeasured = (e: EventLoopEntry | ParallelEntry) => `${e.outcome}${e.reason ? ` (${e.reason})` : ''}`;

function describe(e: EventLoopEntry): string {
  const what = `event loop, ${label(e)}, ${e.param} rounds`;
  if (e.outcome !== 'measured') return `${what}: ${unmeasured(e)}`;
  return `${what}: job ${e.jobMs!.medianMs} ms, timer late by ${e.lateness!.maxMs} ms at most (p99 ${e.lateness!.p99Ms} ms, ${e.lateness!.ticks} ticks)`;
}

function describeParallel(e: ParallelEntry): string {
  const what = `parallel, ${label(e)}, ${e.jobs} jobs`;
  if (e.outcome !== 'measured') return `${what}: ${unmeasured(e)}`;
  return `${what}: ${e.wallMs!.medianMs} ms, ${e.jobsPerSecond} jobs/s${e.speedup !== undefined ? `, ${e.speedup}x over 1 job (${e.cores} cores)` : ''}`;
}
