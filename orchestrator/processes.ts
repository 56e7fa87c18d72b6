/**
 * Every process the orchestrator starts goes through `start`: runners, probes, builds, and
 * whatever joins later (a service, a host runner) with the same one line. Each runs in its own
 * process group, so stopping it stops what it started too (cargo's rustc, a runtime's workers).
 *
 * On SIGINT or SIGTERM the registry stops every live group (SIGTERM, then SIGKILL after a grace
 * period), refuses to start anything new, waits until no member of any group is left (a zombie
 * waiting for init counts as gone), runs the cleanups registered with `onStop`, and only then
 * dies of the same signal. Dying at once would leave the killed processes still tearing down,
 * still holding files and CPU, for anyone who looks right after the CLI exited.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { execa, type Options, type ResultPromise } from 'execa';

/** How long a stopped group gets to exit on SIGTERM before it is sent SIGKILL. */
export const STOP_GRACE_MS = 2000;
/** Longest wait for stopped groups to be gone before the orchestrator dies anyway. */
export const STOP_WAIT_MS = 20_000;
/** How often a stopped group is looked at while waiting. */
const POLL_MS = 25;

/** Thrown by `start` (and `assertRunning`) once a signal is stopping the orchestrator. */
export class Stopping extends Error {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`stopping on ${signal}: nothing new is started`);
    this.signal = signal;
  }
}

const groups = new Set<number>();
const cleanups = new Set<() => void>();
let stopping: NodeJS.Signals | undefined;
let listening = false;

/**
 * Starts `file args` through execa in a process group of its own, registered until it exits.
 * Options are execa's; `detached` is set here.
 */
export function start<O extends Options = {}>(file: string, args: readonly string[], options: O = {} as O): ResultPromise<O> {
  assertRunning();
  listen();
  const child = execa(file, args, { ...options, detached: process.platform !== 'win32' }) as unknown as ResultPromise<O>;
  const pid = child.pid;
  if (pid !== undefined) {
    groups.add(pid);
    // Its group may outlive it (a grandchild): it stays registered until the group is empty.
    const settle = () => {
      if (!groupAlive(pid)) groups.delete(pid);
    };
    child.then(settle, settle);
  }
  return child;
}

/** Registers `fn` to run once every process is gone, before the signal is re-raised; returns
 *  the function that unregisters it (call it when the thing it cleans is gone anyway). */
export function onStop(fn: () => void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Whether a signal has begun stopping the orchestrator. */
export function isStopping(): boolean {
  return stopping !== undefined;
}

/** Throws `Stopping` once a signal has begun stopping the orchestrator. */
export function assertRunning(): void {
  if (stopping) throw new Stopping(stopping);
}

/** Sends `signal` to a group (its leader's tree on Windows). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') execFileSync('taskkill', ['/pid', String(pid), '/T', '/F']);
    else process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Whether any member of process group `pgid` still runs (Linux: by /proc, zombies excluded). */
export function groupAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(group) === pgid && state !== 'Z') return true;
      } catch {
        // ended while we looked
      }
    }
    return false;
  }
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('SIGINT', stopAll).on('SIGTERM', stopAll);
}

async function stopAll(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // A second Ctrl-C: no more grace.
    for (const g of groups) signalGroup(g, 'SIGKILL');
    return;
  }
  stopping = signal;
  for (const g of groups) signalGroup(g, 'SIGTERM');
  const t0 = Date.now();
  let killed = false;
  for (;;) {
    for (const g of [...groups]) if (!groupAlive(g)) groups.delete(g);
    if (!groups.size || Date.now() - t0 > STOP_WAIT_MS) break;
    if (!killed && Date.now() - t0 > STOP_GRACE_MS) {
      killed = true;
      for (const g of groups) signalGroup(g, 'SIGKILL');
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      // a cleanup that fails must not keep the others from running
    }
  }
  process.removeListener('SIGINT', stopAll).removeListener('SIGTERM', stopAll);
  process.kill(process.pid, signal);
}
