/**
 * The loopback HTTP service the `http` mechanisms call (service/): started once before the
 * columns, stopped after the last. Its own process group, so a stop reaches anything it runs;
 * Ctrl-C or SIGTERM kills it before the orchestrator dies of the signal; and it exits by itself
 * when its stdin (a pipe from here) closes, so even a SIGKILLed orchestrator leaves no server.
 *
 * The whole API is `startService` and the handle it returns (`stop`, `exited`, `stderrTail`),
 * so a process registry can own the handle like any other child.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';

/** How to start a service. */
export interface ServiceSpec {
  /** The server's executable (the built `bridgetax-service`; tests pass a faulty one). */
  command: string;
  args?: readonly string[];
  /** How long it may take to print its port and answer its health check (default 10 s). */
  startTimeoutMs?: number;
}

/** A service that is running (or was, until `exited` says how it ended). */
export interface RunningService {
  /** `http://127.0.0.1:<port>`, what the runners get as `--service-url`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** How it ended, if it has: "exited with code 1", "killed by SIGKILL". */
  exited(): string | undefined;
  /** The last lines it wrote to stderr. */
  stderrTail(): string;
  /** Stops it (SIGTERM to its group, SIGKILL after 2 s) and waits until it is gone. */
  stop(): Promise<void>;
}

/** Why a service could not be started. */
export interface ServiceFailure {
  readonly failure: string;
  readonly stderrTail?: string;
}

/** The line the server prints once it listens (service/src/main.rs). */
const listening = /listening on (http:\/\/127\.0\.0\.1:(\d+))/;

/** Starts the service and waits until it answers `GET /health`; never throws for its faults. */
export async function startService(spec: ServiceSpec): Promise<RunningService | ServiceFailure> {
  const timeoutMs = spec.startTimeoutMs ?? 10_000;
  let child: ResultPromise;
  try {
    child = execa(spec.command, [...(spec.args ?? []), '--exit-with-stdin'], {
      // The pipe stays open while this process lives: its end is the service's signal to exit.
      stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, cleanup: false,
      detached: process.platform !== 'win32', env: { NO_COLOR: '1' },
    });
  } catch (e) {
    return { failure: `the service ${spec.command} could not be started: ${(e as Error).message}` };
  }
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(...chunk.toString().split('\n').filter(Boolean));
    stderr.splice(0, Math.max(0, stderr.length - 20));
  });
  const tail = () => stderr.join('\n');
  let ended: string | undefined;
  const gone = child.then((r) => {
    ended = r.signal ? `killed by ${r.signal}` : r.failed && r.exitCode === undefined ? `could not run: ${r.shortMessage}` : `exited with code ${r.exitCode}`;
  });
  const pid = child.pid;
  const kill = (signal: NodeJS.Signals) => {
    if (pid === undefined || ended) return;
    try {
      if (process.platform === 'win32') execFileSync('taskkill', ['/pid', String(pid), '/T', '/F']);
      else process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  // On Ctrl-C or SIGTERM: kill it now, synchronously, and let the signal go on; if no one else
  // (a running column) will re-raise it, do it here so the orchestrator still dies of it.
  const onSignal = (signal: NodeJS.Signals) => {
    kill('SIGKILL');
    if (pid !== undefined) waitUntilDead(pid, 2000);
    unhook();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const onExit = () => kill('SIGKILL');
  const unhook = () => {
    process.removeListener('SIGINT', onSignal).removeListener('SIGTERM', onSignal).removeListener('exit', onExit);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal).once('exit', onExit);

  const stop = async () => {
    kill('SIGTERM');
    const hard = setTimeout(() => kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(hard);
    unhook();
  };
  const fail = async (why: string): Promise<ServiceFailure> => {
    await stop();
    const t = tail();
    return { failure: why, ...(t ? { stderrTail: t } : {}) };
  };

  const deadline = Date.now() + timeoutMs;
  const port = await new Promise<{ url: string; port: number } | undefined>((resolve) => {
    let seen = '';
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = listening.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, port: Number(m[2]) });
      }
    });
    void gone.then(() => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  if (!port) {
    return fail(ended
      ? `the service ${spec.command} ${ended} before it printed the port it listens on`
      : `the service ${spec.command} printed no "listening on http://127.0.0.1:PORT" line within ${timeoutMs / 1000} s`);
  }
  let lastError = '';
  for (;;) {
    if (ended) return fail(`the service ${spec.command} ${ended} before it answered its health check`);
    try {
      const res = await fetch(`${port.url}/health`, { signal: AbortSignal.timeout(Math.max(100, deadline - Date.now())) });
      if (res.ok) {
        await res.arrayBuffer();
        break;
      }
      lastError = `GET /health answered ${res.status}`;
    } catch (e) {
      lastError = (e as Error).message;
    }
    if (Date.now() > deadline) return fail(`the service at ${port.url} did not answer its health check within ${timeoutMs / 1000} s (${lastError})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ...port, pid: pid!, exited: () => ended, stderrTail: tail, stop };
}

/**
 * Blocks until process `pid` has died (a zombie counts: its parent, this process, is about to
 * die too) or `ms` passed. Synchronous because a signal handler that is about to re-raise its
 * signal cannot await. Linux only (/proc); elsewhere SIGKILL is trusted to do its work.
 */
function waitUntilDead(pid: number, ms: number): void {
  if (process.platform !== 'linux') return;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') return;
    } catch {
      return; // gone
    }
    Atomics.wait(pause, 0, 0, 5);
  }
}
