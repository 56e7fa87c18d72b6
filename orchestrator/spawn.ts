/**
 * One runner process per runtime column. The orchestrator passes options as arguments and
 * reads back only the document file; stdout lines are progress for people. A runner that
 * crashes, hangs or writes garbage costs its own column and nothing else.
 */
import { existsSync, realpathSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { z } from 'zod';
import { artifactFiles, artifactKinds, mechanismIds, mechanismNodeGrants, type ArtifactId, type MechanismId, type NodeGrant } from '../contract/registry.ts';
import { RunnerDocumentSchema, type Failure, type Mode } from '../contract/document.ts';
import { cellMarker, runnerArgv, type CellMarker, type CrashedCell } from '../contract/runner-args.ts';
import { compareVersions, NODE_FFI_SINCE, NODE_NET_PERMISSION_SINCE, nodeRunsUnderPermission, nodeStripsTypes } from '../contract/versions.ts';
import { declarationById, declarations, timedPerCall } from '../contract/workloads.ts';
import type { FoundRuntime } from './discover.ts';
import type { ColumnOutcome } from './merge.ts';
import { assertRunning, onStop, signalGroup, start, STOP_GRACE_MS } from './processes.ts';
import { root, type ArtifactPaths } from './paths.ts';
import { strippedBase, strippedEntry } from './node-js.ts';

/** What one column run needs. */
export interface ColumnSpec {
  runtime: FoundRuntime;
  /** The built files to pass; one left out (not buildable here) skips the mechanisms that load it. */
  artifacts: Partial<ArtifactPaths>;
  /** The framework version each artifact was built against, where the build read one (the
   *  runner labels those cells with it: `napi 3.5.2`). */
  artifactVersions?: Partial<Record<ArtifactId, string>>;
  mode: Mode;
  /** The loopback service's URL (orchestrator/service.ts), for the `http` mechanisms. */
  serviceUrl?: string;
  mechanisms?: readonly string[];
  workloads?: readonly string[];
  /** Kill the runner after this long. */
  timeoutMs: number;
  /** Give Deno FFI permission for every path, which its callbacks and pointer reads need
   *  (denoland/deno#15511); off by default. */
  denoUnscopedFfi?: boolean;
  /** Seed of the runner's mechanism order and bootstrap. */
  seed?: number;
  /** Host columns: the spec file (contract/host-spec.ts, written by orchestrator/host.ts). */
  hostSpec?: string;
  /** A user's workloads: the manifest the runner adds to its catalogue, and the folder of the
   *  JS modules it imports (both read under the permission models). */
  user?: { manifest: string; modules: string };
  /** The file listing the cells an earlier runner of this column died in (`runColumn` writes it). */
  crashed?: string;
  /**
   * A runner entry file to run instead of `runners/<runtime>/main.ts`: the load entry
   * (orchestrator/load.ts sets it), or in tests the fault injectors under test/faults/, which
   * crash, hang or leak on purpose. The CLI has no option or variable that reaches it, so a
   * normal run can never start a fault injector.
   */
  entry?: string;
  /** Property checks on random inputs after the cells (runner `--property RUNS`; the runner's
   *  `seed` is theirs too). */
  property?: { runs: number };
  /** A memory soak of the allocating cells after the cells (runner `--soak CALLS --soak-ms MS`). */
  soak?: { calls: number; ms?: number };
}

/** Where the adapters and the contract modules they import live: runners and the load entry
 *  import adapters by a computed name (runners/shared/adapters.ts), which Deno checks, with every
 *  module it brings that is not loaded yet, like a file read. */
const adapterDirs = [join(root, 'runners'), join(root, 'contract')];

/** Resolves packages as the project's own code would. */
const requireFromRoot = createRequire(join(root, 'package.json'));

/** The flags a Node of `version` needs to run a TypeScript file: none where it strips types,
 *  else tsx's loader. */
export function typeStripping(version: string): string[] {
  return nodeStripsTypes(version) ? [] : ['--import', pathToFileURL(requireFromRoot.resolve('tsx')).href];
}

/**
 * Where koffi's native addon lives: its platform package beside koffi (koffi looks for
 * `../../../@koromix/koffi-<platform>-<arch>` from its own file), resolved through pnpm's
 * links to the real folder, which is the path Deno's permission check compares.
 */
export function koffiNativeDir(): string | undefined {
  try {
    const koffi = realpathSync(dirname(requireFromRoot.resolve('koffi')));
    return realpathSync(join(koffi, '..', '@koromix', `koffi-${process.platform}-${process.arch}`));
  } catch {
    return undefined;
  }
}

/**
 * Least privilege under Node's permission model: reads for the project's own code and packages,
 * the artifacts and the document's folder; writes for that folder only (a fresh one per runner:
 * the atomic write renames a temporary file beside the document); addons, FFI and the network
 * only as far as the mechanisms asked for need them (contract/registry.ts `mechanismNodeGrants`).
 * No child processes, no workers, no WASI, no inspector.
 */
export function nodePermissionFlags(spec: Pick<ColumnSpec, 'runtime' | 'artifacts' | 'mechanisms' | 'entry' | 'serviceUrl' | 'workloads' | 'user'>, out: string): string[] {
  const given = Object.entries(spec.artifacts) as [ArtifactId, string][];
  const read = [
    ...adapterDirs, strippedBase, join(root, 'node_modules'), join(root, 'package.json'),
    ...given.flatMap(([name, path]) => artifactFiles(artifactKinds[name], path)),
    // A test's fault injector imports its helpers beside it.
    ...(spec.entry ? [dirname(spec.entry)] : []),
    ...(spec.user ? [spec.user.manifest, spec.user.modules] : []),
    dirname(out),
  ];
  const wanted = (spec.mechanisms ?? mechanismIds) as readonly MechanismId[];
  const grants = new Set(wanted.flatMap((m) => mechanismNodeGrants[m] ?? []));
  // The network grant exists from Node 25; before it the model leaves the network open.
  if (!spec.serviceUrl || compareVersions(spec.runtime.version, NODE_NET_PERMISSION_SINCE) < 0) grants.delete('net');
  // node:ffi exists from 26.1; before it there is nothing to grant.
  if (compareVersions(spec.runtime.version, NODE_FFI_SINCE) < 0) grants.delete('ffi');
  const flag: Record<NodeGrant, string> = { addons: '--allow-addons', ffi: '--allow-ffi', net: '--allow-net' };
  // The event_loop and parallel groups make each mechanism's call from Workers too.
  const workers = (spec.workloads ?? declarations.map((w) => w.id)).some((id) => { const w = declarationById(id); return w !== undefined && !timedPerCall(w); });
  return ['--permission', ...[...new Set(read)].map((p) => `--allow-fs-read=${p}`), `--allow-fs-write=${dirname(out)}`,
    ...[...grants].sort().map((g) => flag[g]), ...(workers ? ['--allow-worker'] : [])];
}

/** The command line that runs `spec`'s runner and writes its document to `out`. */
export function runnerCommand(spec: ColumnSpec, out: string): { file: string; args: string[] } {
  const { runtime, artifacts } = spec;
  const runnerArgs = runnerArgv({
    out, mode: spec.mode, expect: runtime.id, artifacts, ...(spec.artifactVersions ? { artifactVersions: spec.artifactVersions } : {}),
    ...(spec.serviceUrl ? { serviceUrl: spec.serviceUrl } : {}), ...(spec.mechanisms ? { mechanisms: spec.mechanisms } : {}),
    ...(spec.workloads ? { workloads: spec.workloads } : {}), ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(spec.property ? { property: spec.property } : {}), ...(spec.soak ? { soak: spec.soak } : {}),
    ...(spec.user ? { userWorkloads: spec.user.manifest } : {}),
    ...(spec.crashed ? { crashed: spec.crashed } : {}),
  });
  const main = (name: string) => spec.entry ?? join(root, 'runners', name, 'main.ts');
  switch (runtime.name) {
    case 'rquickjs':
    case 'deno_core': {
      // The host runner loads no artifact: it links the kernels and embeds the engine.
      if (!spec.hostSpec) throw new Error(`${runtime.id} is a host column and needs the host spec file (ColumnSpec.hostSpec)`);
      return {
        file: spec.entry ?? runtime.execPath,
        args: ['--engine', runtime.name, '--spec', spec.hostSpec, '--all-mechanisms', mechanismIds.join(','),
          '--out', out, '--mode', spec.mode, '--expect', runtime.id,
          ...(spec.mechanisms ? ['--mechanisms', spec.mechanisms.join(',')] : []),
          ...(spec.workloads ? ['--workloads', spec.workloads.join(',')] : []),
          ...(spec.seed !== undefined ? ['--seed', String(spec.seed)] : [])],
      };
    }
    case 'node': {
      // Natives syntax: the runner reads the engine tier its loops run in (runners/shared/tier.ts).
      const flags = ['--expose-gc', '--allow-natives-syntax'];
      // The project's runner as JavaScript stripped ahead of time (orchestrator/node-js.ts); a
      // test's own entry as TypeScript, stripped by Node or tsx.
      const entry = main('node');
      const js = strippedEntry(entry);
      if (!js) flags.push(...typeStripping(runtime.version));
      if (compareVersions(runtime.version, NODE_FFI_SINCE) >= 0) flags.push('--experimental-ffi', '--no-warnings=ExperimentalWarning');
      // tsx (a test's own entry on a Node that cannot strip types) cannot run under the model.
      if (!runtime.unrestricted && nodeRunsUnderPermission(runtime.version) && (js || nodeStripsTypes(runtime.version))) flags.push(...nodePermissionFlags(spec, out));
      return { file: runtime.execPath, args: [...flags, js ?? entry, ...runnerArgs] };
    }
    case 'bun':
      return { file: runtime.execPath, args: [main('bun'), ...runnerArgs] };
    case 'deno': {
      // Least privilege: FFI for the native artifacts and koffi's addon folder, reads for those,
      // the other artifacts and the project's runner and contract sources (adapters are imported
      // by a computed name), writes only for the document's folder. Module loading from
      // node_modules needs no grant.
      const koffi = koffiNativeDir();
      const given = Object.entries(artifacts) as [ArtifactId, string][];
      const native = given.filter(([name]) => artifactKinds[name] === 'native').map(([, path]) => path);
      const ffi = [...native, ...(koffi ? [koffi] : [])];
      // The document's folder is readable too: the atomic rename stats the temporary file.
      const read = [...ffi, ...given.filter(([name]) => artifactKinds[name] !== 'native')
        .flatMap(([name, path]) => artifactFiles(artifactKinds[name], path)), dirname(out), ...adapterDirs,
        ...(spec.user ? [spec.user.manifest, spec.user.modules] : [])];
      // The network only as far as the service's own address and port.
      const net = spec.serviceUrl ? [`--allow-net=${new URL(spec.serviceUrl).host}`] : [];
      return {
        file: runtime.execPath,
        args: ['run', '--no-prompt', '--v8-flags=--expose-gc,--allow-natives-syntax', spec.denoUnscopedFfi ? '--allow-ffi' : `--allow-ffi=${ffi.join(',')}`,
          `--allow-read=${read.join(',')}`, `--allow-write=${dirname(out)}`, ...net, main('deno'), ...runnerArgs],
      };
    }
  }
}

/**
 * What Node's permission model refused, from an uncaught `ERR_ACCESS_DENIED` on stderr: the
 * permission, the resource and Node's own words, which name the flag that would grant it.
 */
export function deniedBy(stderr: string): string {
  const text = stripVTControlCharacters(stderr);
  if (!text.includes('ERR_ACCESS_DENIED')) return '';
  const said = /Access to this API has been restricted[^\n]*/.exec(text)?.[0]?.trim();
  const permission = /permission: '([^']+)'/.exec(text)?.[1];
  const resource = /resource: '([^']+)'/.exec(text)?.[1];
  return `: Node's permission model refused ${permission ?? 'an access'}${resource ? ` of ${resource}` : ''}${said ? ` ("${said}")` : ''}`;
}

/** How many cells that kill the runner a column survives: each costs a run of the column again. */
export const MAX_CRASHED_CELLS = 16;

/**
 * Runs one column; `onLine` receives each progress line. Never throws for a runner's fault.
 * A runner that dies in a call (a panic that aborts, a segfault, a hang the time limit kills)
 * costs that cell: the column runs again without it, and the cell is reported failed with how
 * the process died, up to `MAX_CRASHED_CELLS` times; every other cell is measured in the run
 * that survives.
 */
export async function runColumn(spec: ColumnSpec, onLine: (line: string) => void): Promise<ColumnOutcome> {
  const crashed: CrashedCell[] = [];
  for (;;) {
    const { outcome, marker } = await runColumnOnce(spec, onLine, crashed);
    if (!('failure' in outcome) || !marker) return outcome;
    const same = (c: CellMarker) => [c.stage, c.mechanism, c.mechanismVersion, c.workload, c.param].join('\0');
    const again = crashed.some((c) => same(c) === same(marker));
    if (again || crashed.length >= MAX_CRASHED_CELLS) {
      return { ...outcome, failure: { ...outcome.failure, reason: `${outcome.failure.reason} (after ${crashed.length} earlier cell${crashed.length === 1 ? '' : 's'} that killed it were left out)` } };
    }
    const where = `${marker.stage === 'reference' ? 'the JS reference of' : `${marker.mechanism}${marker.mechanismVersion ? ` ${marker.mechanismVersion}` : ''}`} ${marker.workload}${marker.param === null ? '' : `(${marker.param})`}`;
    crashed.push({ ...marker, reason: `the runner process died in this call: ${outcome.failure.reason}`, ...(outcome.failure.stderrTail ? { stderrTail: outcome.failure.stderrTail } : {}) });
    onLine(`[${spec.runtime.id}] the runner died in ${where}; running the column again without that cell`);
  }
}

async function runColumnOnce(spec: ColumnSpec, onLine: (line: string) => void, crashed: readonly CrashedCell[]): Promise<{ outcome: ColumnOutcome; marker?: CellMarker }> {
  const dir = await mkdtemp(join(tmpdir(), 'bridgetax-'));
  const out = join(dir, `${spec.runtime.id}.json`);
  let withCrashed = spec;
  if (crashed.length) {
    withCrashed = { ...spec, crashed: join(dir, 'crashed.json') };
    await writeFile(withCrashed.crashed!, JSON.stringify(crashed));
  }
  const { file, args } = runnerCommand(withCrashed, out);
  const fail = (reason: string, stderrTail?: string): ColumnOutcome => ({
    runtime: spec.runtime,
    failure: { runtime: spec.runtime.id, reason, ...(stderrTail ? { stderrTail } : {}) } satisfies Failure,
  });
  // The cell the runner was in when it died, if it wrote one (contract/runner-args.ts).
  const died = async (outcome: ColumnOutcome): Promise<{ outcome: ColumnOutcome; marker?: CellMarker }> => {
    const text = await readFile(cellMarker(out), 'utf8').catch(() => undefined);
    return text ? { outcome, marker: JSON.parse(text) as CellMarker } : { outcome };
  };
  let timedOut = false;
  // Ctrl-C or a kill while a runner runs: the registry stops its process group and waits for
  // it; this leaves no temporary files behind (nothing has been written to results/ yet).
  const forget = onStop(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const child = start(file, args, {
      cwd: root, reject: false, stdin: 'ignore', buffer: { stdout: false, stderr: true }, lines: false,
      env: { NO_COLOR: '1' },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      const pid = child.pid;
      if (pid === undefined) return;
      signalGroup(pid, 'SIGTERM');
      setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS).unref();
    }, spec.timeoutMs);
    let pending = '';
    // Where a runner that dies was: its last progress line names the last cell it finished.
    let last = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.trim()) continue;
        last = line;
        onLine(line);
      }
    });
    const r = await child;
    clearTimeout(timer);
    // Killed because the orchestrator is stopping: no column outcome to report.
    assertRunning();
    const tail = tailOf(stripVTControlCharacters(String(r.stderr ?? '')));
    const after = last ? `; its last progress line: ${stripVTControlCharacters(last).trim()}` : '';
    if (timedOut) return died(fail(`runner timed out after ${Math.round(spec.timeoutMs / 1000)} s and was killed${after}`, tail));
    if (r.signal) return died(fail(`runner died from ${r.signal}${r.signalDescription ? ` (${r.signalDescription})` : ''}${after}`, tail));
    if (r.exitCode !== 0) return died(fail(`runner exited with code ${r.exitCode}${deniedBy(String(r.stderr ?? ''))}${after}`, tail));
    if (!existsSync(out)) return { outcome: fail('runner exited 0 but wrote no document', tail) };
    let json: unknown;
    try {
      json = JSON.parse(await readFile(out, 'utf8'));
    } catch (e) {
      return { outcome: fail(`runner wrote a document that is not JSON: ${(e as Error).message}`, tail) };
    }
    const parsed = RunnerDocumentSchema.safeParse(json);
    if (!parsed.success) return { outcome: fail(`runner wrote an invalid document:\n${z.prettifyError(parsed.error)}`, tail) };
    if (parsed.data.runtime.id !== spec.runtime.id) {
      return { outcome: fail(`runner reported ${parsed.data.runtime.id}, expected ${spec.runtime.id}`, tail) };
    }
    return { outcome: { runtime: spec.runtime, document: parsed.data } };
  } finally {
    forget();
    await rm(dir, { recursive: true, force: true });
  }
}

function tailOf(s: string, lines = 20): string {
  return s.trimEnd().split('\n').slice(-lines).join('\n');
}
