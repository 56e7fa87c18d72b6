/**
 * The loopback HTTP service the `http` mechanisms call (service/): started once before the
 * columns, stopped after the last. Its own process group, so a stop reaches anything it runs;
 * it is started through the process registry (processes.ts), so Ctrl-C or SIGTERM stops it with
 * everything else and the orchestrator waits until it is gone; and it exits by itself when its
 * stdin (a pipe from here) closes, so even a SIGKILLed orchestrator leaves no server.
 *
 * The whole API is `startService` and the handle it returns (`stop`, `exited`, `stderrTail`),
 * so a process registry can own the handle like any other child.
 */
import { execFileSync } from 'node:child_process';
import type { ResultPromise } from 'execa';
import { start } from './processes.ts';

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
    // Through the process registry: on Ctrl-C or SIGTERM it is stopped with the runners, and the
    // orchestrator waits until it is gone before it dies of the signal.
    child = start(spec.command, [...(spec.args ?? []), '--exit-with-stdin'], {
      // The pipe stays open while this process lives: its end is the service's signal to exit.
      stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, cleanup: false, env: { NO_COLOR: '1' },
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
  // A normal exit of the orchestrator (not a signal: the registry handles those) kills it too.
  const onExit = () => kill('SIGKILL');
  const unhook = () => {
    process.removeListener('exit', onExit);
  };
  process.once('exit', onExit);

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
