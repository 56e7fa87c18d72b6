/**
 * Phase 2 of a compare run: the runtime columns, before anything is built. The runtimes asked
 * for among those installed, each version not installed fetched from the cache or npm, and the
 * builds given by path; a name that matches nothing is a failure of its column only. Host
 * columns are found later, in the built host runner (run/plan.ts).
 */
import type { Failure } from '../../contract/document.ts';
import { givenColumns, permissionColumns } from '../columns.ts';
import { discoverRuntimes, type FoundRuntime } from '../discover.ts';
import { RunError } from '../errors.ts';
import type { PhaseClock } from '../phases.ts';
import { obtainRuntime, parseRequest, RuntimeFetchError, type FetchOptions, type RuntimeRequest } from '../runtime-fetch.ts';
import { isHostName, type CompareOptions } from './options.ts';
import { hostRunnerBuilt } from '../host.ts';
import { hostNames, runtimeNames } from '../../contract/registry.ts';

const sourceLabel: Record<FoundRuntime['source'], string> = { path: 'PATH', project: 'project', cache: 'cache', built: 'built here', given: 'given by path' };

/** The runtimes asked for among those found; each name that matched none is a failure, and each
 *  version not installed (`node@22`, `bun@1.2.3`) is to be fetched. Order follows `wanted`. */
export function selectRuntimes(found: FoundRuntime[], wanted?: string[]): { chosen: FoundRuntime[]; missing: Failure[]; fetch: RuntimeRequest[] } {
  if (!wanted) return { chosen: found, missing: [], fetch: [] };
  const chosen: FoundRuntime[] = [];
  const missing: Failure[] = [];
  const fetch: RuntimeRequest[] = [];
  for (const w of wanted) {
    const here = found.filter((r) => r.name === w || r.id === w);
    const request = here.length ? undefined : parseRequest(w);
    if (here.length) chosen.push(...here.filter((r) => !chosen.includes(r)));
    else if (request) fetch.push(request);
    else {
      missing.push({
        runtime: w,
        reason: `not installed: no ${w} was found (found: ${found.map((r) => r.id).join(', ') || 'none'}); run \`pnpm install\`, put it on PATH, or name a version (${w}@<version>) to fetch it from npm`,
      });
    }
  }
  return { chosen, missing, fetch };
}

/** `selectRuntimes`, then every version asked for that is not installed from the cache or the
 *  npm registry. A version that cannot be had is a failure of its column only. */
export async function chooseRuntimes(
  found: FoundRuntime[], wanted: string[] | undefined, fetchOptions: FetchOptions, print: (line: string) => void,
): Promise<{ chosen: FoundRuntime[]; missing: Failure[] }> {
  const { chosen, missing, fetch } = selectRuntimes(found, wanted);
  // One at a time: two requests may resolve to the same release and its one cache folder.
  for (const request of fetch) {
    try {
      const r = await obtainRuntime(request, fetchOptions, print, found);
      if (!chosen.some((c) => c.id === r.id)) chosen.push(r);
    } catch (e) {
      const message = (e as Error).message;
      missing.push({ runtime: request.text, reason: e instanceof RuntimeFetchError ? message.replace(`${request.text}: `, '') : `fetching it failed: ${message}` });
    }
  }
  return { chosen, missing };
}

/** The runtime columns found, what they cost, and what was asked of the host columns. */
export interface Discovered {
  /** The runtime columns to run (host columns join after the build). */
  chosen: FoundRuntime[];
  /** A failure per runtime asked for that is neither installed nor could be fetched. */
  missing: Failure[];
  /** The host columns named in `--runtimes` (empty: none; absent: every one the build carries). */
  hostsWanted: string[] | undefined;
  /** Whether any host column is asked for (so the host runner is built). */
  hostsAsked: boolean;
}

/**
 * Whether a run leaves the host columns out because their runner was never built here: a quick
 * run that does not name them, on a machine with no host runner binary (a fresh clone). Their
 * first build is two thirds of a fresh clone's (about 200 s of 303 on 2 cores: deno_core over
 * QuickJS-ng alone about 150 s), and a quick run is the first answer. Once built, a quick run
 * keeps them (rebuilding what changed); a full run, or naming them, builds them.
 */
export function hostsLeftOut(mode: CompareOptions['mode'], hostsWanted: string[] | undefined, everBuilt: boolean): boolean {
  return mode === 'quick' && hostsWanted === undefined && !everBuilt;
}

/** Phase 2: the runtime columns found, fetched or given by path. Throws when nothing at all
 *  is left to run. */
export async function discoverColumns(o: CompareOptions, clock: PhaseClock): Promise<Discovered> {
  const found = await clock.time('discover', undefined, () => discoverRuntimes());
  // Host columns are found in the built host runner; the JS runtimes (installed, or fetched) before building anything.
  // Builds given by path alone: only those columns, unless --runtimes names others.
  const named = o.runtimes ?? (o.given?.length ? [] : undefined);
  const hostsWanted = named?.filter(isHostName);
  const { chosen, missing } = await clock.time('discover', undefined, () => chooseRuntimes(found, named?.filter((r) => !isHostName(r)), o.fetch ?? {}, o.print));
  if (o.given?.length) chosen.push(...await givenColumns(o.given, chosen));
  chosen.splice(0, chosen.length, ...permissionColumns(chosen, o.nodePermission ?? 'on'));
  for (const m of missing) o.print(`${m.runtime}: ${m.reason}`);
  const leftOut = hostsLeftOut(o.mode, hostsWanted, hostRunnerBuilt());
  const hostsAsked = !leftOut && (!hostsWanted || hostsWanted.length > 0);
  if (leftOut) {
    o.print(`Host columns (${hostNames.join(', ')}): left out of this quick run, as their runner was never built here (about 3 min on 2 cores);`
      + ` name them in --runtimes (--runtimes ${[...runtimeNames, ...hostNames].join(',')}) or run a full compare to build and measure them`);
  }
  if (!chosen.length && !hostsAsked) throw new RunError('none of the runtimes asked for is installed or could be fetched: nothing to run');
  o.print(`Runtimes: ${chosen.map((r) => `${r.id} (${sourceLabel[r.source]})`).join(', ') || 'none'}`);
  return { chosen, missing, hostsWanted, hostsAsked };
}
