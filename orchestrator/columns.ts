/**
 * Any build as a column: a runtime binary given by path (`bun=/path/to/bun`), a label that keeps
 * two builds of one version apart (`node@26.10.0#A`, `node@26.10.0#B`), and artifacts swapped per
 * column (`napi=/path/other.node`). The runners never see labels: they are told the plain
 * `<name>@<version>` they detect in themselves, and the document they write is relabelled here.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { artifactIds, runtimeNames, type ArtifactId, type RuntimeName } from '../contract/registry.ts';
import { columnLabel, type RunnerDocument } from '../contract/document.ts';
import { nodeRunsUnderPermission } from '../contract/versions.ts';
import { UsageError } from './errors.ts';
import { probe, type FoundRuntime } from './discover.ts';
import { artifactPaths } from './paths.ts';
import type { ColumnOutcome } from './merge.ts';
import { runColumn, type ColumnSpec } from './spawn.ts';

/** `bun=/path/to/bun`, or labelled `bun:patched=/path/to/bun`: a runtime binary given by path;
 *  undefined for any other entry. */
export function parseGivenRuntime(entry: string): { name: RuntimeName; path: string; label?: string } | undefined {
  const m = /^([a-z]+)(?::([^=]*))?=(.+)$/.exec(entry);
  if (!m) return undefined;
  if (!(runtimeNames as readonly string[]).includes(m[1]!)) {
    throw new UsageError(`"${entry}": ${m[1]} is not a runtime a path can be given for; valid: ${runtimeNames.join(', ')} (e.g. bun=/path/to/bun)`);
  }
  if (m[2] !== undefined && !columnLabel.safeParse(m[2]).success) {
    throw new UsageError(`"${entry}": label "${m[2]}": use letters, digits, '.', '_' and '-' (it becomes part of the column id)`);
  }
  return { name: m[1] as RuntimeName, path: resolve(m[3]!), ...(m[2] !== undefined ? { label: m[2] } : {}) };
}

/** `--runtime` entries as columns beside `taken`: one that would share another column's id is
 *  labelled (its own label, else `b1`, `b2`, … by its place among the entries). */
export async function givenColumns(entries: readonly string[], taken: readonly FoundRuntime[]): Promise<FoundRuntime[]> {
  const out: FoundRuntime[] = [];
  for (const [i, e] of entries.entries()) {
    const g = parseGivenRuntime(e);
    if (!g) throw new UsageError(`--runtime "${e}": give <runtime>=<path> or <runtime>:<label>=<path> (bun=/path/to/bun); installed versions go in --runtimes`);
    let r = await givenRuntime(g.name, g.path);
    const ids = () => [...taken, ...out].map((x) => x.id);
    if (g.label !== undefined || ids().includes(r.id)) r = labelled(r, g.label ?? `b${i + 1}`);
    if (ids().includes(r.id)) throw new UsageError(`--runtime "${e}": column ${r.id} is already taken; give this build its own label (${g.name}:<label>=${g.path})`);
    out.push(r);
  }
  return out;
}

/** Asks the binary at `path` which `name` version it is. */
export async function givenRuntime(name: RuntimeName, path: string): Promise<FoundRuntime> {
  if (!existsSync(path)) throw new UsageError(`${name}=${path}: no such file; give the path of a ${name} executable`);
  const found = await probe(name, path, 'given');
  if (!found) throw new UsageError(`${name}=${path}: it did not run as ${name} (asked for its version and got no answer); is it a ${name} executable?`);
  return found;
}

/** `napi=/path/other.node` entries, checked: known artifact ids, files that exist. */
export function parseArtifactSwaps(entries: readonly string[]): Partial<Record<ArtifactId, string>> {
  const out: Partial<Record<ArtifactId, string>> = {};
  for (const e of entries) {
    const m = /^([A-Za-z0-9_-]+)=(.+)$/.exec(e);
    if (!m) throw new UsageError(`artifact "${e}": give <artifact>=<path> (e.g. napi=/path/other.node); artifacts: ${artifactIds.join(', ')}`);
    const [, id, path] = m as unknown as [string, string, string];
    if (!(artifactIds as readonly string[]).includes(id)) throw new UsageError(`artifact "${id}" is unknown; valid: ${artifactIds.join(', ')}`);
    const file = resolve(path);
    if (!existsSync(file)) throw new UsageError(`artifact ${id}=${path}: no such file`);
    out[id as ArtifactId] = file;
  }
  return out;
}

/** Every artifact built under `dir` (a checkout of another commit, built there with `pnpm
 *  compare`), by the paths this project builds to: a whole library build to swap in. */
export function artifactsUnder(dir: string): Partial<Record<ArtifactId, string>> {
  const base = resolve(dir);
  const found = Object.fromEntries(Object.entries(artifactPaths(base)).filter(([, f]) => existsSync(f))) as Partial<Record<ArtifactId, string>>;
  if (!Object.keys(found).length) {
    throw new UsageError(`${dir}: no built artifact found (looked for ${artifactPaths(base).napi}, …); build that checkout first (\`pnpm install && pnpm compare --verify-only --workloads add_i32\` in it)`);
  }
  return found;
}

/** Whether Node columns run under Node's permission model (`--node-permission`): `on` where
 *  the suite can run the Node under its model (contract/versions.ts `nodeRunsUnderPermission`), `off` nowhere, `both` each such column twice, the second
 *  labelled `unrestricted` and run without it, so a report shows what the model costs. */
export type NodePermissionChoice = 'on' | 'off' | 'both';

/** The label of a Node column run without the permission model beside one run under it. */
export const UNRESTRICTED_LABEL = 'unrestricted';

/** The columns with the permission choice applied: `off` marks every Node column unrestricted;
 *  `both` adds, after each Node column that runs under the model, its unrestricted twin. */
export function permissionColumns(columns: readonly FoundRuntime[], choice: NodePermissionChoice): FoundRuntime[] {
  const underModel = (r: FoundRuntime) => r.name === 'node' && nodeRunsUnderPermission(r.version) && !r.unrestricted;
  if (choice === 'on') return [...columns];
  if (choice === 'off') return columns.map((r) => (r.name === 'node' ? { ...r, unrestricted: true } : r));
  return columns.flatMap((r) => {
    if (!underModel(r)) return [r];
    const twin = { ...labelled(r, r.label ? `${r.label}-${UNRESTRICTED_LABEL}` : UNRESTRICTED_LABEL), unrestricted: true };
    return columns.some((c) => c.id === twin.id) ? [r] : [r, twin];
  });
}

/** The column id without its label: what the runner reports for itself. */
export const unlabelled = (r: Pick<FoundRuntime, 'name' | 'version'>) => `${r.name}@${r.version}`;

/** `runtime` as a labelled column. */
export function labelled(runtime: FoundRuntime, label: string): FoundRuntime {
  if (!columnLabel.safeParse(label).success) throw new UsageError(`label "${label}": use letters, digits, '.', '_' and '-' (it becomes part of the column id)`);
  return { ...runtime, id: `${unlabelled(runtime)}#${label}`, label };
}

/** A runner document written under the plain id, moved to the labelled column. */
export function relabel(doc: RunnerDocument, runtime: FoundRuntime, swapped?: Partial<Record<ArtifactId, string>>): RunnerDocument {
  const id = runtime.id;
  const hasSwaps = swapped && Object.keys(swapped).length > 0;
  return {
    ...doc,
    runtime: { ...doc.runtime, id, ...(runtime.label ? { label: runtime.label } : {}), ...(hasSwaps ? { swapped: swapped as Record<string, string> } : {}) },
    cells: doc.cells.map((c) => ({ ...c, runtime: id })),
    skipped: doc.skipped.map((s) => ({ ...s, runtime: id })),
    failures: doc.failures.map((f) => ({ ...f, runtime: id })),
  };
}

/** Runs one column that may be labelled and may swap artifacts: the runner is started under the
 *  plain id, with the swapped files in place of the built ones, and its outcome relabelled. */
export async function runLabelledColumn(spec: ColumnSpec & { swapped?: Partial<Record<ArtifactId, string>> }, onLine: (line: string) => void): Promise<ColumnOutcome> {
  const { swapped, ...rest } = spec;
  const plain = { ...spec.runtime, id: unlabelled(spec.runtime) };
  const outcome = await runColumn({ ...rest, runtime: spec.runtime.label ? plain : spec.runtime, artifacts: { ...spec.artifacts, ...swapped } }, onLine);
  if ('failure' in outcome) return { runtime: spec.runtime, failure: { ...outcome.failure, runtime: spec.runtime.id } };
  return { runtime: spec.runtime, document: spec.runtime.label || swapped ? relabel(outcome.document, spec.runtime, swapped) : outcome.document };
}
