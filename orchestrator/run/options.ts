/**
 * The options of a compare run, and its first phase: checking them (the name filters against
 * the catalogue, the results folder for writing) before anything is found, built or measured.
 */
import { validateDeclarationFile } from '../../contract/workloads-schema.ts';
import { addDeclarations, addRecordShapes, coldStart, declarationFile, declarations as workloads, hostCatalogueWorkloads, hostDeclarations as hostWorkloads } from '../../contract/workloads.ts';
import { hostNames, mechanismIds, runtimeNames } from '../../contract/registry.ts';
import type { Mode } from '../../contract/document.ts';
import type { NodePermissionChoice } from '../columns.ts';
import type { FoundRuntime } from '../discover.ts';
import { loadAverageNow } from '../environment.ts';
import { UsageError } from '../errors.ts';
import { parseRequest, type FetchOptions } from '../runtime-fetch.ts';
import type { ServiceSpec } from '../service.ts';
import { checkWritable } from '../store.ts';
import { readUserFolders, type UserFolder } from '../user/folder.ts';

/** Options of a compare run. */
export interface CompareOptions {
  mode: Mode;
  /** Runtime names (`node`) or column ids (`node@26.10.0`). */
  runtimes?: string[];
  mechanisms?: string[];
  workloads?: string[];
  outDir: string;
  /** Per-column time limit in seconds (per round). */
  timeoutSeconds: number;
  /** Deno gets FFI permission for every path (its callbacks and pointer reads need it). */
  denoUnscopedFfi?: boolean;
  /** Node columns under the permission model (default `on`; orchestrator/columns.ts). */
  nodePermission?: NodePermissionChoice;
  /** Seed of the run: round r of every column runs with seed + r. */
  seed: number;
  /** Rounds per column, interleaved across columns (default 1). */
  repeat?: number;
  argv: string[];
  /** Where progress and the table go. */
  print: (line: string) => void;
  /** Progress on one rewritten line (a TTY) instead of a line per cell. */
  statusLine?: (line: string) => void;
  width: number;
  /** Print the full tables before the summary screen (they are in the files either way). */
  verbose?: boolean;
  /** Runtime binaries given by path (`bun=/path/to/bun`, `bun:patched=/path`), each a column;
   *  a second build of one version is labelled apart (orchestrator/columns.ts). */
  given?: string[];
  /** Where versions that are not installed are fetched from and cached. */
  fetch?: FetchOptions;
  /** A folder of the user's own workloads (`--workloads-dir`, absolute), measured beside the
   *  built-in ones (contract/user-workloads.ts). */
  workloadsDir?: string;
  /** Tests only: the service to start instead of the built one (a faulty one under
   *  test/faults/); the CLI has no option that reaches it. */
  service?: ServiceSpec;
}

function checkNames(kind: string, given: string[] | undefined, valid: readonly string[]): void {
  const bad = (given ?? []).filter((g) => !valid.includes(g));
  if (bad.length) throw new UsageError(`unknown ${kind} ${bad.map((b) => `"${b}"`).join(', ')}; valid ${kind}s: ${valid.join(', ')}`);
}

/** Checks the name filters against the catalogue before anything runs. */
export function validateFilters(o: Pick<CompareOptions, 'runtimes' | 'mechanisms' | 'workloads'>): void {
  validateDeclarationFile(declarationFile, 'contract/workloads.json');
  checkNames('mechanism', o.mechanisms, mechanismIds);
  checkNames('workload', o.workloads, [...workloads.map((w) => w.id), coldStart.id, ...hostWorkloads.map((w) => w.id)]);
  const known = (r: string) => (runtimeNames as readonly string[]).includes(r) || parseRequest(r) !== undefined || (isHostName(r) && !/@$/.test(r));
  const badRuntime = (o.runtimes ?? []).filter((r) => !known(r));
  if (badRuntime.length) {
    throw new UsageError(`unknown runtime ${badRuntime.map((b) => `"${b}"`).join(', ')}; valid runtimes: ${[...runtimeNames, ...hostNames].join(', ')}, or one at a version or semver range (node@26.10.0, node@22, bun@1.2)`);
  }
}

/** A `--runtimes` entry naming a host column (`rquickjs`, `rquickjs@0.14.0`). */
export const isHostName = (r: string): boolean => (hostNames as readonly string[]).includes(r.split('@')[0]!);

/** Workload ids a host column runs. */
const hostWorkloadIds: readonly string[] = [...hostWorkloads.map((w) => w.id), ...hostCatalogueWorkloads];

/** The `--workloads` filter one column gets: only ids its runner knows; `null` when the filter
 *  leaves it nothing to run. */
export function workloadsFor(runtime: FoundRuntime, wanted?: string[]): string[] | undefined | null {
  if (!wanted) return undefined;
  const known = isHostName(runtime.name) ? hostWorkloadIds : workloads.map((w) => w.id);
  const mine = wanted.filter((w) => known.includes(w));
  return mine.length ? mine : null;
}

/** Rounds per column (`--repeat`, default 1). */
export const roundsOf = (o: Pick<CompareOptions, 'repeat'>): number => o.repeat ?? 1;

/** What the run knows from its start: its id and when it began, and the machine's load then. */
export interface RunStart {
  id: string;
  startedAt: Date;
  loadAverageStart: number[] | null;
  /** The user's workload folders, read and checked (`--workloads-dir`). */
  user?: UserFolder[];
}

/** Phase 1: the options are valid and the results folder writable, checked before anything is
 *  measured (finding out afterwards would waste the whole run); the run's clock starts. */
export async function validateOptions(o: CompareOptions): Promise<RunStart> {
  // A user's workloads join the catalogue first, so the filters and the progress count know them.
  const user = o.workloadsDir ? await readUserFolders(o.workloadsDir) : undefined;
  if (user) {
    for (const f of user) if (f.records) addRecordShapes(f.records);
    addDeclarations(user.map((f) => f.declaration));
  }
  validateFilters(o);
  await checkWritable(o.outDir);
  const startedAt = new Date();
  const loadAverageStart = loadAverageNow();
  const id = startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  return { id, startedAt, loadAverageStart, ...(user ? { user } : {}) };
}
