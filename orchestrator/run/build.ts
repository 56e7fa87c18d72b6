/**
 * Phase 3 of a compare run: build whatever is stale (the native library and addons, wasm, the
 * service, and the host runner when a host column is asked for), in one status line unless it
 * fails, then one line saying what was built and what cannot be built here.
 */
import { artifactsOf, mechanismIds, serviceMechanisms, type ArtifactId, type MechanismId } from '../../contract/registry.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userFiles, type UserManifest } from '../../contract/user-workloads.ts';
import { lockedVersions } from '../build/frameworks.ts';
import { build, type BuildResult } from '../build.ts';
import { dependencyNames, stripReferences, userBase, type UserFolder } from '../user/folder.ts';
import { writeTree } from '../user/tree.ts';
import type { PhaseClock } from '../phases.ts';
import type { Discovered } from './discover.ts';
import type { CompareOptions } from './options.ts';

/** What a run asked for `mechanisms` (all when absent) needs built: only the artifacts they
 *  load, so `--mechanisms napi` on a fresh clone builds the napi-rs library (both versions),
 *  not wasm, the other addons or the service; and the service only for an `http` mechanism. */
export function buildSelection(mechanisms: readonly string[] | undefined): { artifacts?: ReadonlySet<ArtifactId>; service: boolean } {
  if (!mechanisms) return { service: true };
  const asked = mechanisms.filter((m): m is MechanismId => (mechanismIds as readonly string[]).includes(m));
  return { artifacts: new Set(asked.flatMap(artifactsOf)), service: asked.some((m) => serviceMechanisms.includes(m)) };
}

/** Phase 3: every artifact built or fresh, or why it cannot be built here. */
export async function buildArtifacts(o: CompareOptions, clock: PhaseClock, d: Pick<Discovered, 'hostsAsked' | 'hostsWanted'>, user?: readonly UserFolder[]): Promise<BuildResult> {
  const { hostsAsked, hostsWanted } = d;
  const { artifacts, service } = buildSelection(o.mechanisms);
  // One line, unless it fails: then the compiler's whole message (build.ts `failure`).
  o.statusLine?.(`Building the Rust library${user ? ' with your workloads' : ''} (only what changed)...`);
  const built = await clock.time('build', undefined, () => (user ? buildWithUser(user, { hostsAsked, hostsWanted, artifacts, service })
    : build({ verbose: false, host: hostsAsked, hostWanted: hostsWanted, ...(artifacts ? { artifacts } : {}), service })));
  o.statusLine?.('');
  o.print(buildLine(built, hostsAsked));
  for (const [id, why] of Object.entries(built.userUnbuilt)) {
    for (const [artifact, reason] of Object.entries(why)) o.print(`Your workload ${id} is not in ${artifact}: ${reason.split('\n')[0]}`);
  }
  return built;
}

/**
 * The build of a run with a user's workloads: the tree (orchestrator/user/tree.ts) builds every
 * artifact with their kernels added; the repository builds only the host runner (host columns
 * run the built-in catalogue). Then the runners' manifest is written.
 */
async function buildWithUser(user: readonly UserFolder[], s: { hostsAsked: boolean; hostsWanted: string[] | undefined; artifacts: ReadonlySet<ArtifactId> | undefined; service: boolean }): Promise<BuildResult> {
  const tree = await writeTree(user);
  const host = s.hostsAsked ? await build({ verbose: false, host: true, hostWanted: s.hostsWanted, artifacts: new Set(), service: false }) : undefined;
  const built = await build({
    verbose: false, root: tree, host: false, ...(s.artifacts ? { artifacts: s.artifacts } : {}), service: s.service,
    userInputs: user.flatMap((f) => f.files), userCrates: Object.fromEntries(user.map((f) => [f.declaration.id, f.crate])),
  });
  const workloads = await stripReferences(user, built.userUnbuilt);
  const manifest = join(userBase, 'manifest.json');
  const records = Object.assign({}, ...user.map((f) => f.records ?? {})) as UserManifest['records'];
  await writeFile(manifest, `${JSON.stringify({ workloads, ...(records && Object.keys(records).length ? { records } : {}) } satisfies UserManifest, null, 1)}\n`);
  // Each workload's own crates, at the versions the tree's lockfile took: the run's provenance.
  const provenance = await Promise.all(user.map(async (f) => ({
    id: f.declaration.id, dir: f.dir,
    crates: await lockedVersions(join(tree, 'Cargo.lock'), dependencyNames(await readFile(join(f.dir, userFiles.manifest), 'utf8'))),
  })));
  return {
    ...built, host: host?.host ?? [], seconds: built.seconds + (host?.seconds ?? 0),
    steps: { ...(host?.steps ?? {}), ...built.steps }, user: { manifest, modules: join(userBase, 'js'), provenance },
  };
}

/** What the build did, in one line: each part fresh, rebuilt, not needed by the mechanisms asked
 *  for, or not buildable here, and how long it took. */
export function buildLine(built: BuildResult, hostsAsked: boolean): string {
  const needed = (a: string) => !built.notNeeded.includes(a);
  const wasm = !needed('wasm') ? undefined : 'unavailable' in built.wasm ? 'unavailable' : built.wasm.built ? 'rebuilt' : 'fresh';
  const parts = [
    ...(needed('lib') || needed('napi') ? [built.nativeBuilt ? 'native rebuilt' : 'native fresh'] : []),
    ...(wasm ? [`wasm ${wasm}`] : []),
    `host runner ${!hostsAsked ? 'not needed' : built.host.map((h) => `${h.build.name} ${'unavailable' in h ? 'unavailable' : h.built ? 'rebuilt' : 'fresh'}`).join(', ') || 'none'}`,
  ];
  const unbuildable = Object.keys(built.unavailable);
  // Where a build of a second or more went, part by part, slowest first.
  const slow = Object.entries(built.steps ?? {}).filter(([, sec]) => sec >= 1).sort((a, b) => b[1] - a[1]);
  const where = built.seconds >= 1 && slow.length ? `: ${slow.map(([part, sec]) => `${part} ${sec.toFixed(0)} s`).join(', ')}` : '';
  return `Build: ${parts.join(', ')}${unbuildable.length ? `, not buildable here: ${unbuildable.join(', ')}` : ''}`
    + `${built.notNeeded.length ? `; not built, as no mechanism asked for needs it: ${built.notNeeded.join(', ')}` : ''} (${built.seconds.toFixed(1)} s${where})`;
}
