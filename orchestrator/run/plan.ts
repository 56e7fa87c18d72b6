/**
 * Phase 4 of a compare run, after the build: the columns to run and what each may be asked for.
 * The host columns the built host runner carries join the runtime columns; a mechanism whose
 * artifact could not be built is skipped, with the build's reason, in every runtime column.
 */
import { mechanismArtifact, mechanismIds, versionArtifacts, type ArtifactId, type MechanismId } from '../../contract/registry.ts';
import type { Failure, Skip } from '../../contract/document.ts';
import type { BuildResult } from '../build.ts';
import type { FoundRuntime } from '../discover.ts';
import { RunError } from '../errors.ts';
import { asksFor, discoverHosts, hostColumnId, writeHostSpec, type HostBuild, type MissingHost } from '../host.ts';
import type { ArtifactPaths } from '../paths.ts';
import type { PhaseClock } from '../phases.ts';
import { selectRuntimes, type Discovered } from './discover.ts';
import { isHostName, type CompareOptions } from './options.ts';

/**
 * What the artifacts that could not be built cost, in every column, with the build's reason: a
 * mechanism whose own artifact is missing is skipped and its runners are not asked for it; a
 * missing build of another version of a mechanism costs that version only (its version is still
 * known: it is read from the lockfile, not the build). Returns the skips and the mechanisms to ask for.
 */
export function unbuiltSkips(
  built: Pick<BuildResult, 'unavailable' | 'versions'>, columns: readonly string[], wanted?: string[],
): { skipped: Skip[]; mechanisms: string[] | undefined } {
  const skipped: Skip[] = [];
  let mechanisms = wanted;
  for (const m of mechanismIds) {
    const artifact = mechanismArtifact[m];
    const reason = artifact && built.unavailable[artifact];
    if (!reason || (mechanisms && !mechanisms.includes(m))) continue;
    for (const runtime of columns) skipped.push({ runtime, mechanism: m, reason });
    mechanisms = (mechanisms ?? [...mechanismIds]).filter((x) => x !== m);
  }
  for (const [artifact, m] of Object.entries(versionArtifacts) as [ArtifactId, MechanismId][]) {
    const reason = built.unavailable[artifact];
    const v = built.versions[artifact];
    if (!reason || (mechanisms && !mechanisms.includes(m))) continue;
    for (const runtime of columns) skipped.push({ runtime, mechanism: m, ...(v ? { mechanismVersion: v } : {}), reason });
  }
  return { skipped, mechanisms };
}

/**
 * The host columns to run: each engine a built host binary carries (those asked for, or all);
 * an engine none carries is skipped with the runners' own reason, and a host binary that did
 * not build fails its column (if asked for) with the build's reason, the others unaffected.
 */
export async function hostColumns(
  builds: readonly HostBuild[], wanted?: string[],
): Promise<{ chosen: FoundRuntime[]; skipped: Skip[]; failures: Failure[]; notes: string[] }> {
  const asked = (name: string, id: string) => !wanted || wanted.includes(name) || wanted.includes(id);
  const found: FoundRuntime[] = [];
  const missing: MissingHost[] = [];
  const failures: Failure[] = [];
  const failed: HostBuild['build'][] = [];
  const notes: string[] = [];
  for (const b of builds) {
    if ('unavailable' in b) {
      const id = await hostColumnId(b.build);
      failed.push(b.build);
      if (!wanted || wanted.some((w) => asksFor(w, b.build.column))) failures.push({ runtime: id, reason: b.unavailable });
      notes.push(`${id}: ${b.unavailable}`);
      continue;
    }
    const d = await discoverHosts(b.binary);
    found.push(...d.found.filter((f) => !found.some((x) => x.id === f.id)));
    missing.push(...d.missing.filter((m) => !missing.some((x) => x.key === m.key)));
  }
  // An engine one binary lacks may be carried by another (deno_core over V8, in CI's build).
  const lacking = missing.filter((m) => !found.some((f) => (f.label ? `${f.name}#${f.label}` : f.name) === m.key)
    && !failed.some((b) => (b.column.label ? `${b.column.name}#${b.column.label}` : b.column.name) === m.key));
  const skipped: Skip[] = lacking.filter((m) => asked(m.name, m.id))
    .flatMap((m) => (['js', 'rust'] as const).map((mechanism) => ({ runtime: m.id, mechanism, reason: m.reason })));
  notes.push(...lacking.filter((m) => asked(m.name, m.id)).map((m) => `${m.id}: skipped (${m.reason})`));
  // A name or id met by a skip or a failed build is accounted for; any other must match a column.
  const accounted = (w: string) => !found.some((f) => f.name === w || f.id === w)
    && (lacking.some((m) => m.name === w || m.id === w) || failed.some((b) => asksFor(w, b.column)));
  const { chosen, missing: notFound } = selectRuntimes(found, wanted?.filter((w) => !accounted(w)));
  return { chosen, skipped, failures: [...failures, ...notFound], notes };
}

/** The columns to run and what they may be asked for. */
export interface ColumnPlan {
  /** Every column: the runtime columns, then the host columns. */
  chosen: FoundRuntime[];
  /** Failures decided before any runner ran: a runtime not found, a host binary not built. */
  missing: Failure[];
  /** Skips decided before any runner ran: an engine no host carries, an artifact not built. */
  skipped: Skip[];
  /** The host spec file, written when a host column runs. */
  hostSpec: string | undefined;
  /** The mechanisms the runtime columns are asked for (absent: all). */
  mechanisms: string[] | undefined;
  /** The artifacts that were built, to pass to the runners. */
  artifacts: Partial<ArtifactPaths>;
}

/** Phase 4: the host columns found in the built host runner join the runtime columns, and what
 *  could not be built is skipped. Throws when no column is left. */
export async function planColumns(o: CompareOptions, clock: PhaseClock, d: Discovered, built: BuildResult): Promise<ColumnPlan> {
  const chosen = [...d.chosen];
  const missing = [...d.missing];
  const skipped: Skip[] = [];
  let hostSpec: string | undefined;
  if (d.hostsAsked) {
    const hosts = await clock.time('discover', undefined, () => hostColumns(built.host, d.hostsWanted));
    skipped.push(...hosts.skipped);
    missing.push(...hosts.failures);
    for (const s of hosts.notes) o.print(s);
    if (hosts.chosen.length) {
      hostSpec = await writeHostSpec();
      chosen.push(...hosts.chosen);
      o.print(`Host columns: ${hosts.chosen.map((r) => r.id).join(', ')}`);
    }
  }
  if (!chosen.length) throw new RunError('none of the runtimes asked for is installed: nothing to run');
  // A mechanism whose artifact could not be built is skipped in every runtime column (host
  // columns load no artifact), with the build's reason, and its runners are not asked for it.
  const unbuilt = unbuiltSkips(built, chosen.filter((r) => !isHostName(r.name)).map((r) => r.id), o.mechanisms);
  skipped.push(...unbuilt.skipped);
  const { mechanisms } = unbuilt;
  const artifacts = Object.fromEntries(Object.entries(built.artifacts).filter(([name]) => !(name in built.unavailable)));
  return { chosen, missing, skipped, hostSpec, mechanisms, artifacts };
}
