/**
 * Fault injector (tests only, see inject.ts): the Node runner verifies the call workloads, then
 * at bytes_sum starts a grandchild process (which holds the runner's pipes), ignores SIGTERM
 * and blocks its only thread for good, so that only SIGKILL to the whole process group ends it.
 * It prints `fault-pids <runner> <grandchild>` so the test can check both are gone.
 */
import { spawn } from 'node:child_process';
import process from 'node:process';
import { runWithFault } from './inject.ts';

await runWithFault('js', 'bytes_sum', () => () => {
  const grandchild = spawn('sleep', ['600'], { stdio: 'inherit' });
  process.on('SIGTERM', () => {});
  console.log(`fault-pids ${process.pid} ${grandchild.pid}`);
  // Blocks without spinning a core: no event loop turn, so no signal handler runs either.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
