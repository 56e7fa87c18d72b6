/**
 * Inside a `node:worker_threads` Worker (runners/shared/job-worker.ts starts it): loads one
 * mechanism the way the runner does, binds one workload, and runs it on request, so the
 * event_loop and parallel groups can make a mechanism's ordinary call off the main thread. Every
 * answer goes back to the main thread, which checks it against the reference.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adapterFor } from './adapters.ts';
import { workloadById } from './catalogue.ts';
import { isSkip } from './mechanism.ts';
import type { JobWorkerReply, JobWorkerSetup } from './job-worker.ts';

const port = parentPort;
if (!port) throw new Error('job-worker-entry.ts runs inside a Worker only');
const setup = workerData as JobWorkerSetup;
const reply = (r: JobWorkerReply) => port.postMessage(r);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

try {
  const adapter = await adapterFor(setup.mechanism, setup.ctx.runtime.name);
  if (typeof adapter === 'string') throw new Error(adapter);
  const loaded = await adapter.load(setup.ctx);
  const w = workloadById(setup.workload);
  if (!w) throw new Error(`unknown workload ${setup.workload}`);
  const fn = isSkip(loaded) ? loaded : loaded.bind(w);
  if (isSkip(fn)) {
    reply({ kind: 'skip', reason: fn.skip });
  } else {
    port.on('message', (args: unknown[]) => {
      const t0 = performance.now();
      Promise.resolve().then(() => fn(...args)).then(
        (result) => reply({ kind: 'done', result, ms: performance.now() - t0 }),
        (e: unknown) => reply({ kind: 'error', message: message(e) }),
      );
    });
    reply({ kind: 'ready' });
  }
} catch (e) {
  reply({ kind: 'error', message: message(e) });
}
