/**
 * `pnpm compare`: discover runtimes, build what is stale, run one runner process per column,
 * merge, write and print.
 */
import { validateDeclarationFile } from '../contract/workloads-schema.ts';
import { coldStart, declarationFile, declarations as workloads, hostCatalogueWorkloads, hostDeclarations as hostWorkloads } from '../contract/workloads.ts';
import { hostNames, mechanismArtifact, mechanismIds, runtimeNames, serviceMechanisms, versionArtifacts, type ArtifactId, type MechanismId } from '../contract/registry.ts';
import type { Failure, Mode, RunnerDocument, Skip } from '../contract/document.ts';
import { repeatAgreement } from './agreement.ts';
import { build, type BuildResult } from './build.ts';
import { assertSane, sanityFindings } from './credibility.ts';
import { discoverRuntimes, type FoundRuntime } from './discover.ts';
import { asksFor, discoverHosts, hostColumnId, writeHostSpec, type HostBuild, type MissingHost } from './host.ts';
import { collectEnvironment, loadAverageNow } from './environment.ts';
import { withLoad } from './load.ts';
import { merge, type ColumnOutcome } from './merge.ts';
import { estimatedCells, Progress } from './progress.ts';
import { PhaseClock, phaseTotals } from './phases.ts';
import { applyProbe, probed, runProbe } from './probe.ts';
import { combineRounds } from './repeats.ts';
import { formatRatio } from './reports/model.ts';
import { renderTerminal } from './reports/terminal.ts';
import type { Results } from '../contract/results.ts';
import { obtainRuntime, parseRequest, RuntimeFetchError, type FetchOptions, type RuntimeRequest } from './runtime-fetch.ts';
import { assertRunning } from './processes.ts';
import { startService, type RunningService, type ServiceSpec } from './service.ts';
import { givenColumns, runLabelledColumn } from './columns.ts';
import { exitCodes, RunError, UsageError } from './errors.ts';
import { checkWritable, rescueResults, writeResults, type Written } from './store.ts';

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
  /** Runtime binaries given by path (`bun=/path/to/bun`, `bun:patched=/path`), each a column;
   *  a second build of one version is labelled apart (orchestrator/columns.ts). */
  given?: string[];
  /** Where versions that are not installed are fetched from and cached. */
  fetch?: FetchOptions;
  /** Tests only: the service to start instead of the built one (a faulty one under
   *  test/faults/); the CLI has no option that reaches it. */
  service?: ServiceSpec;
}

export { UsageError } from './errors.ts';

const sourceLabel: Record<FoundRuntime['source'], string> = { path: 'PATH', project: 'project', cache: 'cache', built: 'built here', given: 'given by path' };

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
const isHostName = (r: string): boolean => (hostNames as readonly string[]).includes(r.split('@')[0]!);

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

/** Runs a comparison end to end. Returns the results, the files written and an exit code. */
export async function compare(o: CompareOptions): Promise<{ results: Results; written: Written; exitCode: number }> {
  validateFilters(o);
  // Before anything is measured: finding out afterwards would waste the whole run.
  await checkWritable(o.outDir);
  const startedAt = new Date();
  const loadAverageStart = loadAverageNow();
  const id = startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');

  const clock = new PhaseClock();
  const found = await clock.time('discover', undefined, () => discoverRuntimes());
  // Host columns are found in the built host runner; the JS runtimes (installed, or fetched) before building anything.
  // Builds given by path alone: only those columns, unless --runtimes names others.
  const named = o.runtimes ?? (o.given?.length ? [] : undefined);
  const hostsWanted = named?.filter(isHostName);
  const { chosen, missing } = await clock.time('discover', undefined, () => chooseRuntimes(found, named?.filter((r) => !isHostName(r)), o.fetch ?? {}, o.print));
  if (o.given?.length) chosen.push(...await givenColumns(o.given, chosen));
  for (const m of missing) o.print(`${m.runtime}: ${m.reason}`);
  const hostsAsked = !hostsWanted || hostsWanted.length > 0;
  if (!chosen.length && !hostsAsked) throw new RunError('none of the runtimes asked for is installed or could be fetched: nothing to run');
  o.print(`Runtimes: ${chosen.map((r) => `${r.id} (${sourceLabel[r.source]})`).join(', ') || 'none'}`);

  // One line, unless it fails: then the compiler's whole message (build.ts `failure`).
  o.statusLine?.('Building the Rust library (only what changed)...');
  const built = await clock.time('build', undefined, () => build({ verbose: false, host: hostsAsked, hostWanted: hostsWanted }));
  o.statusLine?.('');
  o.print(`Build: ${built.nativeBuilt ? 'native rebuilt' : 'native fresh'}, wasm ${'unavailable' in built.wasm ? 'unavailable' : built.wasm.built ? 'rebuilt' : 'fresh'}, host runner ${!hostsAsked ? 'not needed' : built.host.map((h) => `${h.build.name} ${'unavailable' in h ? 'unavailable' : h.built ? 'rebuilt' : 'fresh'}`).join(', ') || 'none'}`
    + `${Object.keys(built.unavailable).length ? `, not buildable here: ${Object.keys(built.unavailable).join(', ')}` : ''} (${built.seconds.toFixed(1)} s)`);

  // A mechanism whose artifact could not be built is skipped in every column, with the build's
  // reason, and its runners are not asked for it.
  const skipped: Skip[] = [];
  let hostSpec: string | undefined;
  if (hostsAsked) {
    const hosts = await clock.time('discover', undefined, () => hostColumns(built.host, hostsWanted));
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
  let { mechanisms } = unbuilt;
  const artifacts = Object.fromEntries(Object.entries(built.artifacts).filter(([name]) => !(name in built.unavailable)));

  // The HTTP service, when an `http` mechanism is wanted: a service that can't be built skips
  // them, one that can't start or dies fails them (with its reason and stderr), in every column
  // it would have served, and nothing else.
  const serviceWanted = serviceMechanisms.filter((m) => !mechanisms || mechanisms.includes(m));
  const runtimeColumns = chosen.filter((r) => !isHostName(r.name));
  const serviceFailures: Failure[] = [];
  const failService = (runtime: string, reason: string, stderrTail?: string) => {
    for (const m of serviceWanted) {
      if (serviceFailures.some((f) => f.runtime === runtime && f.mechanism === m)) continue;
      serviceFailures.push({ runtime, mechanism: m, reason, ...(stderrTail ? { stderrTail } : {}) });
    }
  };
  const withoutService = (ms: string[] | undefined) => (ms ?? [...mechanismIds]).filter((m) => !(serviceMechanisms as string[]).includes(m));
  let service: RunningService | undefined;
  if (runtimeColumns.length && serviceWanted.length && 'unavailable' in built.service) {
    for (const r of runtimeColumns) for (const m of serviceWanted) skipped.push({ runtime: r.id, mechanism: m, reason: built.service.unavailable });
    mechanisms = withoutService(mechanisms);
  } else if (runtimeColumns.length && serviceWanted.length && 'path' in built.service) {
    const command = built.service.path;
    const started = await clock.time('service', undefined, () => startService(o.service ?? { command }));
    if ('failure' in started) {
      o.print(`HTTP service: FAILED: ${started.failure}`);
      for (const r of runtimeColumns) failService(r.id, started.failure, started.stderrTail);
      mechanisms = withoutService(mechanisms);
    } else {
      service = started;
      o.print(`HTTP service: ${service.url} (pid ${service.pid})`);
    }
  }

  // Rounds interleaved: round 1 of every column, then round 2, … A column that fails in any
  // round is reported failed with that round's reason; its other rounds are dropped.
  const rounds = o.repeat ?? 1;
  // cold_start is the load group's, measured after the runners (orchestrator/load.ts); asked for
  // alone, the runners check the workload it calls.
  const runnerWorkloads = o.workloads?.filter((w) => w !== coldStart.id);
  if (runnerWorkloads && !runnerWorkloads.length) runnerWorkloads.push(coldStart.via);
  const docs = new Map<string, RunnerDocument[]>();
  const failed = new Map<string, ColumnOutcome>();
  const estimate = estimatedCells({ ...(mechanisms ? { mechanisms } : {}), ...(runnerWorkloads ? { workloads: runnerWorkloads } : {}) });
  const progress = new Progress(Array.from({ length: rounds * chosen.length }, () => estimate), {
    tty: o.statusLine !== undefined, bar: (line) => o.statusLine?.(line), print: o.print, width: () => o.width,
  });
  // Columns the workload filter left nothing to run.
  const idle = new Set<string>();
  const columns: ColumnOutcome[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [i, runtime] of chosen.entries()) {
        if (failed.has(runtime.id) || idle.has(runtime.id)) continue;
        const tag = `[${i + 1}/${chosen.length}${rounds > 1 ? ` round ${r + 1}/${rounds}` : ''}]`;
        const host = isHostName(runtime.name);
        // Host columns know their own workloads; runtime columns leave cold_start to the load group.
        const columnWorkloads = workloadsFor(runtime, host ? o.workloads : runnerWorkloads);
        if (columnWorkloads === null) {
          o.print(`${tag} ${runtime.id}: none of the workloads asked for runs in this column; not started`);
          idle.add(runtime.id);
          progress.skipColumn();
          continue;
        }
        progress.startColumn(tag, runtime.id);
        // A host column loads no artifact and calls no service, so neither narrows its mechanisms.
        const died = host ? undefined : service?.exited();
        if (service && died) failService(runtime.id, `the HTTP service ${died} before this column`, service.stderrTail());
        const serving = !host && service && !died ? service : undefined;
        const columnMechanisms = host ? o.mechanisms : service && died ? withoutService(mechanisms) : mechanisms;
        const outcome = await clock.time('runner', runtime.id, () => runLabelledColumn({
          runtime, artifacts, artifactVersions: built.versions, mode: o.mode, timeoutMs: o.timeoutSeconds * 1000, seed: (o.seed + r) >>> 0,
          ...(serving ? { serviceUrl: serving.url } : {}),
          ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}), ...(host && hostSpec ? { hostSpec } : {}),
          ...(columnMechanisms ? { mechanisms: columnMechanisms } : {}), ...(columnWorkloads ? { workloads: columnWorkloads } : {}),
        }, (line) => progress.line(line)));
        const diedNow = serving?.exited();
        if (serving && diedNow) {
          o.print(`${tag} HTTP service: ${diedNow} during this column`);
          failService(runtime.id, `the HTTP service ${diedNow} during this column (its cells failed from then on)`, serving.stderrTail());
        }
        if ('failure' in outcome) {
          progress.endColumn(`FAILED: ${outcome.failure.reason}`);
          failed.set(runtime.id, outcome);
        } else {
          progress.endColumn(`${outcome.document.cells.length} cells`);
          docs.set(runtime.id, [...(docs.get(runtime.id) ?? []), outcome.document]);
        }
      }
    }
    for (const runtime of chosen) {
      if (idle.has(runtime.id)) continue;
      const f = failed.get(runtime.id);
      if (f) {
        columns.push(f);
        continue;
      }
      let document = combineRounds(docs.get(runtime.id)!);
      // The fast-call probe: its own process with natives syntax, never the measuring one.
      const wanted = probed[runtime.name];
      // A labelled build (two of one version) is measured in the runners only: the probe and the
      // load group start processes under the plain id.
      if (runtime.label && !isHostName(runtime.name)) o.print(`${runtime.id}: a labelled build: no call-path probe or load group`);
      if (wanted && !runtime.label && o.mode !== 'verify' && document.cells.some((c) => c.mechanism === wanted.mechanism && c.verified)) {
        o.print(`${runtime.id}: probing ${wanted.mechanism} call paths (V8 natives syntax)`);
        document = applyProbe(document, await clock.time('probe', runtime.id, () => runProbe(runtime, built.artifacts, o.denoUnscopedFfi ?? false)));
      }
      // A host column has no mechanism a fresh runtime process could load.
      if (!isHostName(runtime.name) && !runtime.label && (!o.workloads || o.workloads.includes(coldStart.id))) {
        const serving = service && !service.exited() ? service : undefined;
        document = await clock.time('load', runtime.id, () => withLoad(document, {
          runtime, artifacts, mode: o.mode, seed: o.seed, ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
          ...(serving ? { serviceUrl: serving.url } : {}),
        }, (line) => progress.status(`${runtime.id}: ${line}`)));
        progress.finish();
      }
      columns.push({ runtime, document });
    }
  } finally {
    // After the last column's load group (its http cells call the service too), or a failure
    // of the orchestrator itself: never left running.
    await service?.stop();
  }

  const wasmRustc = 'unavailable' in built.wasm ? null : built.wasm.rustc;
  const results = merge({
    id, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode: o.mode, argv: o.argv,
    environment: await collectEnvironment(wasmRustc, loadAverageStart, built.frameworks), columns, skipped, failures: [...missing, ...serviceFailures],
    ...(o.mode === 'verify' ? {} : { seed: o.seed, repeat: rounds }), phases: clock.phases,
  });
  // Loud, before anything is written: impossible figures are named one by one.
  assertSane(results);
  // A signal that arrived since the last process ended: it stops the run, so nothing is written.
  assertRunning();
  let written: Written;
  try {
    written = await writeResults(results, o.outDir);
  } catch (e) {
    // The folder passed the check at the start but failed now (full disk, permissions changed):
    // keep the measurements somewhere rather than lose the run.
    const saved = await rescueResults(results);
    throw new RunError(`could not write results to ${o.outDir} (${(e as Error).message}); `
      + (saved ? `this run was saved to ${saved} instead` : 'saving it to the temporary folder failed too'));
  }
  o.print('');
  o.print(renderTerminal(results, o.width));
  o.print('');
  for (const f of sanityFindings(results.cells)) o.print(`SANITY: ${f.message}`);
  const agreement = repeatAgreement(results);
  if (agreement?.worst) {
    o.print(`Repeats: ${rounds} rounds per column; call cells agree within ${formatRatio(agreement.median)} (median of slowest/fastest round over ${agreement.cells} cells), worst ${formatRatio(agreement.worst.ratio)} (${agreement.worst.cell}).`);
  }
  o.print(timeLine(results));
  o.print(`Wrote ${written.run}, ${written.latest}, ${written.markdown} and ${written.html}`);
  const failures = results.failures.length;
  if (failures) o.print(`${failures} failure(s): see above.`);
  return { results, written, exitCode: failures ? exitCodes.failures : exitCodes.ok };
}

/** Where the run's time went, in one line: each phase summed over columns, and the part of the
 *  runners' time that timed cells and floors (the rest is process starts, loading, verifying). */
export function timeLine(results: Results): string {
  const phases = results.run.phases ?? [];
  const totals = phaseTotals(phases);
  const s = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
  const timing = results.cells.reduce((a, c) => a + (c.group === 'load' ? 0 : c.stats?.timedMs ?? 0), 0)
    + results.runtimes.flatMap((r) => r.harness?.floors ?? []).reduce((a, f) => a + (f.stats.timedMs ?? 0), 0);
  const wall = Date.parse(results.run.finishedAt) - Date.parse(results.run.startedAt);
  const parts = [`discovery ${s(totals.discover)}`, `build ${s(totals.build)}`, ...(totals.service !== undefined ? [`service start ${s(totals.service)}`] : []),
    `runners ${s(totals.runner)} (timing cells and floors ${s(timing)})`, ...(totals.probe !== undefined ? [`probes ${s(totals.probe)}`] : []),
    ...(totals.load !== undefined ? [`load groups ${s(totals.load)}`] : [])];
  return `Time: ${s(wall)} to merge: ${parts.join(', ')}.`;
}
