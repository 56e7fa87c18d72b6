/** Shared by the test files: the built artifacts and the runtimes on this machine. */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { discoverRuntimes, type FoundRuntime } from '../orchestrator/discover.ts';
import { artifactPaths, root } from '../orchestrator/paths.ts';
import { compareVersions, NODE_FFI_SINCE } from '../contract/versions.ts';

/** Paths of the artifacts the global setup built. */
export const artifacts = artifactPaths();

/** The Node-API addons, by artifact name: napi-rs's (at each version built), raw napi-sys's and neon's. */
export const addonArtifacts = ['napi', 'napi-pinned', 'napiSys', 'neon'] as const;

/** A Node-API addon (default: napi-rs's), loaded in the test process. */
export function loadAddon(name: (typeof addonArtifacts)[number] = 'napi'): Record<string, (...args: unknown[]) => unknown> {
  return createRequire(import.meta.url)(artifacts[name]) as Record<string, (...args: unknown[]) => unknown>;
}

let found: Promise<FoundRuntime[]> | undefined;
/** Runtimes found on this machine (discovered once per file). */
export function runtimes(): Promise<FoundRuntime[]> {
  found ??= discoverRuntimes();
  return found;
}

/** The Node that `pnpm compare` runs the CLI with (the project's own, which strips types). */
export const projectNode = join(root, 'node_modules', '.bin', 'node');

/** Runs `pnpm compare`'s command line in a child process; never rejects. */
export function runCli(args: string[], opts: { timeoutMs?: number } = {}): ResultPromise<{ reject: false; stdin: 'ignore'; cwd: string; timeout: number }> {
  return execa(projectNode, [join(root, 'orchestrator', 'cli.ts'), 'compare', ...args], {
    reject: false, stdin: 'ignore', cwd: root, timeout: opts.timeoutMs ?? 120_000,
  });
}

/** Whether process `pid` still runs (a zombie waiting for its parent to reap it does not). */
export function alive(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      // Fields after the parenthesised command name: state first.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A fault-injecting runner entry under test/faults/ (see test/faults/inject.ts). */
export const faultEntry = (name: string): string => join(root, 'test', 'faults', name);

/** The project's Node with `node:ffi` (the runtime the fault injectors run in). */
export async function node26(): Promise<FoundRuntime> {
  const r = (await runtimes()).find((x) => x.name === 'node' && compareVersions(x.version, NODE_FFI_SINCE) >= 0);
  if (!r) throw new Error(`no Node >= ${NODE_FFI_SINCE} found: run pnpm install`);
  return r;
}

/** Every process on this machine, with its parent and process group (Linux /proc). */
export function processes(): { pid: number; ppid: number; pgid: number }[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ pid: Number(d), ppid: Number(ppid), pgid: Number(pgid) }];
    } catch {
      return []; // ended while we looked
    }
  });
}

/** Children of `ppid` and every member of their process groups (runners run in their own). */
export function descendantsOf(ppid: number): { pid: number; pgid: number }[] {
  const all = processes();
  const groups = new Set(all.filter((p) => p.ppid === ppid).map((c) => c.pgid));
  return all.filter((p) => p.ppid === ppid || groups.has(p.pgid)).map(({ pid, pgid }) => ({ pid, pgid }));
}
