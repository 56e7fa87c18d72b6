/**
 * Runtime discovery. A column is a runtime binary and its exact version; the same runtime at
 * two versions (the Node on PATH and the Node ≥ 26.1 from the `node` package) is two columns.
 * Each candidate is asked for its own version and real executable, so shims and PATH order
 * cannot mislabel a column.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import type { HostName, RuntimeName } from '../contract/registry.ts';
import { root } from './paths.ts';
import { start } from './processes.ts';

/** A runtime found on this machine. */
export interface FoundRuntime {
  /** `<name>@<version>`. */
  id: string;
  /** A JS runtime, or a host column's crate (the host runner embedding that engine). */
  name: RuntimeName | HostName;
  version: string;
  /** The real executable, not a shim (a host column: the host runner's binary). */
  execPath: string;
  /** Where it was found: the project's own dev dependency, PATH, the cache of versions fetched
   *  from npm (runtime-fetch.ts), built here (host columns), or given by path (`bun=/path/to/bun`). */
  source: 'project' | 'path' | 'cache' | 'built' | 'given';
  /** Set when two builds of one version are columns side by side (orchestrator/columns.ts):
   *  `id` is then `<name>@<version>#<label>`. */
  label?: string;
  /** A Node column run without its permission model on purpose (`--node-permission off` or
   *  `both`), where it would otherwise run under `--permission`. */
  unrestricted?: boolean;
}

const probes: Record<RuntimeName, string[]> = {
  node: ['-e', 'console.log(JSON.stringify({v:process.versions.node,p:process.execPath}))'],
  bun: ['-e', 'console.log(JSON.stringify({v:Bun.version,p:process.execPath}))'],
  deno: ['eval', 'console.log(JSON.stringify({v:Deno.version.deno,p:Deno.execPath()}))'],
};

const exe = process.platform === 'win32' ? '.exe' : '';

/** Executables called `name` on PATH, skipping node_modules/.bin folders (pnpm puts the
 *  project's own binaries first on PATH inside scripts; those are found separately). */
export function onPath(name: string, path = process.env.PATH ?? ''): string[] {
  const found: string[] = [];
  for (const dir of path.split(delimiter)) {
    if (!dir || dir.includes(`node_modules${sep}.bin`)) continue;
    const file = join(dir, name + exe);
    try {
      accessSync(file, constants.X_OK);
      found.push(file);
    } catch {
      // not here
    }
  }
  return found;
}

/** Asks `bin` which runtime and version it is, and where its real executable is; undefined
 *  when it does not run. */
export async function probe(name: RuntimeName, bin: string, source: FoundRuntime['source']): Promise<FoundRuntime | undefined> {
  try {
    const { stdout } = await start(bin, probes[name], { timeout: 30_000, env: { NO_COLOR: '1' } });
    const { v, p } = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { v: string; p: string };
    return { id: `${name}@${v}`, name, version: v, execPath: p, source };
  } catch {
    return undefined;
  }
}

/** Finds every runtime column on this machine: project dev dependencies first, then PATH
 *  (first hit per PATH only, as a shell would run it). Duplicated versions are merged. */
export async function discoverRuntimes(): Promise<FoundRuntime[]> {
  const bin = join(root, 'node_modules', '.bin');
  const candidates: [RuntimeName, string, FoundRuntime['source']][] = [];
  for (const name of ['node', 'bun', 'deno'] as const) {
    const first = onPath(name)[0];
    if (first) candidates.push([name, first, 'path']);
    candidates.push([name, join(bin, name + (process.platform === 'win32' ? '.cmd' : '')), 'project']);
  }
  const found = await Promise.all(candidates.map(([n, b, s]) => probe(n, b, s)));
  const seen = new Set<string>();
  return found.filter((r): r is FoundRuntime => {
    if (!r || seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}
