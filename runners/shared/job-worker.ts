/**
 * A Worker that makes one mechanism's ordinary call off the main thread (the `worker` path of
 * the event_loop and parallel groups): started with what the runner loaded the mechanism from,
 * it loads the mechanism itself (runners/shared/job-worker-entry.ts) and runs the workload on
 * request. It answers the skip or the error of a mechanism that does not load or cannot express
 * the workload there; the probes skip that path with it (runners/shared/server.ts).
 */
import { Worker } from 'node:worker_threads';
import { serverPolicy } from '../../contract/event-loop.ts';
import type { MechanismId } from '../../contract/registry.ts';
import type { LoadContext } from './mechanism.ts';

/** What a Worker is started with (structured-cloned into it). */
export interface JobWorkerSetup {
  readonly mechanism: MechanismId;
  readonly workload: string;
  readonly ctx: LoadContext;
}

/** What a Worker answers: loaded, skipped, broken, or one job's result and its time inside. */
export type JobWorkerReply =
  | { kind: 'ready' }
  | { kind: 'skip'; reason: string }
  | { kind: 'error'; message: string }
  | { kind: 'done'; result: unknown; ms: number };

/** A started Worker, loaded and bound. */
export interface JobWorker {
  /** Runs the workload once in the Worker; resolves to its answer. */
  run(args: readonly unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts a Worker for `setup`: a ready one, or the skip or the error it reported. */
export async function startJobWorker(setup: JobWorkerSetup): Promise<JobWorker | { skip: string } | { error: string }> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./job-worker-entry.ts', import.meta.url), { workerData: setup });
  } catch (e) {
    return { error: `a Worker could not be started: ${(e as Error).message}` };
  }
  const pending: ((r: JobWorkerReply) => void)[] = [];
  let dead: string | undefined;
  worker.on('message', (r: JobWorkerReply) => pending.shift()?.(r));
  const die = (why: string) => {
    dead ??= why;
    for (const p of pending.splice(0)) p({ kind: 'error', message: why });
  };
  worker.on('error', (e: Error) => die(`the Worker threw: ${e.message}`));
  worker.on('exit', (code: number) => die(`the Worker exited (code ${code})`));
  const next = () => new Promise<JobWorkerReply>((resolve) => (dead ? resolve({ kind: 'error', message: dead }) : pending.push(resolve)));
  const close = async () => {
    await worker.terminate();
  };
  const first = await Promise.race([
    next(),
    new Promise<JobWorkerReply>((resolve) => {
      const t = setTimeout(() => resolve({ kind: 'error', message: `the Worker did not load ${setup.mechanism} within ${serverPolicy.workerLoadMs} ms` }), serverPolicy.workerLoadMs);
      (t as { unref?: () => void }).unref?.();
    }),
  ]);
  if (first.kind !== 'ready') {
    await close().catch(() => undefined);
    return first.kind === 'skip' ? { skip: first.reason } : { error: first.kind === 'error' ? first.message : 'the Worker answered before it was asked' };
  }
  return {
    run: async (args) => {
      const r = next();
      worker.postMessage(args);
      const got = await r;
      if (got.kind !== 'done') throw new Error(got.kind === 'error' ? got.message : `the Worker answered "${got.kind}"`);
      return got.result;
    },
    close,
  };
}
