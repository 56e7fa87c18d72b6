/**
 * `pnpm compare`: discover runtimes, build what is stale, run one runner process per column,
 * merge, write and print.
 */
import {
  coldStart, mechanismArtifact, mechanismIds, runtimeNames, versionArtifacts, workloads, type ArtifactId, type MechanismId,
} from '../runners/shared/catalogue.ts';
import type { Failure, Mode, RunnerDocument, Skip } from '../runners/shared/document.ts';
import { repeatAgreement } from './agreement.ts';
import { build, type BuildResult } from './build.ts';
import { assertSane, sanityFindings } from './credibility.ts';
import { discoverRuntimes, type FoundRuntime } from './discover.ts';
import { collectEnvironment, loadAverageNow } from './environment.ts';
import { withLoad } from './load.ts';
import { merge, type ColumnOutcome } from './merge.ts';
import { estimatedCells, Progress } from './progress.ts';
import { applyProbe, probed, runProbe } from './probe.ts';
import { combineRounds } from './repeats.ts';
import { formatRatio } from './reports/model.ts';
import { renderTerminal } from './reports/terminal.ts';
import type { Results } from './schema.ts';
import { runColumn } from './spawn.ts';
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
}

export { UsageError } from './errors.ts';

function checkNames(kind: string, given: string[] | undefined, valid: readonly string[]): void {
  const bad = (given ?? []).filter((g) => !valid.includes(g));
  if (bad.length) throw new UsageError(`unknown ${kind} ${bad.map((b) => `"${b}"`).join(', ')}; valid ${kind}s: ${valid.join(', ')}`);
}

/** Checks the name filters against the catalogue before anything runs. */
export function validateFilters(o: Pick<CompareOptions, 'runtimes' | 'mechanisms' | 'workloads'>): void {
  checkNames('mechanism', o.mechanisms, mechanismIds);
  checkNames('workload', o.workloads, [...workloads.map((w) => w.id), coldStart.id]);
  const badRuntime = (o.runtimes ?? []).filter((r) => !(runtimeNames as readonly string[]).includes(r.split('@')[0]!) || /@$/.test(r));
  if (badRuntime.length) {
    throw new UsageError(`unknown runtime ${badRuntime.map((b) => `"${b}"`).join(', ')}; valid runtimes: ${runtimeNames.join(', ')} (or a column id such as node@26.10.0)`);
  }
}

/** The runtimes asked for among those found; each name that matched none is a failure. */
export function selectRuntimes(found: FoundRuntime[], wanted?: string[]): { chosen: FoundRuntime[]; missing: Failure[] } {
  if (!wanted) return { chosen: found, missing: [] };
  const chosen = found.filter((r) => wanted.includes(r.name) || wanted.includes(r.id));
  const missing = wanted.filter((w) => !found.some((r) => r.name === w || r.id === w)).map((w): Failure => ({
    runtime: w,
    reason: `not installed: no ${w} was found (found: ${found.map((r) => r.id).join(', ') || 'none'}); run \`pnpm install\` or put it on PATH`,
  }));
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

/** Runs a comparison end to end. Returns the results, the files written and an exit code. */
export async function compare(o: CompareOptions): Promise<{ results: Results; written: Written; exitCode: number }> {
  validateFilters(o);
  // Before anything is measured: finding out afterwards would waste the whole run.
  await checkWritable(o.outDir);
  const startedAt = new Date();
  const loadAverageStart = loadAverageNow();
  const id = startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');

  const found = await discoverRuntimes();
  const { chosen, missing } = selectRuntimes(found, o.runtimes);
  for (const m of missing) o.print(`${m.runtime}: ${m.reason}`);
  if (!chosen.length) throw new RunError('none of the runtimes asked for is installed: nothing to run');
  o.print(`Runtimes: ${chosen.map((r) => `${r.id} (${r.source === 'path' ? 'PATH' : 'project'})`).join(', ')}`);

  // One line, unless it fails: then the compiler's whole message (build.ts `failure`).
  o.statusLine?.('Building the Rust library (only what changed)...');
  const built = await build({ verbose: false });
  o.statusLine?.('');
  o.print(`Build: ${built.nativeBuilt ? 'native rebuilt' : 'native fresh'}, wasm ${'unavailable' in built.wasm ? 'unavailable' : built.wasm.built ? 'rebuilt' : 'fresh'}`
    + `${Object.keys(built.unavailable).length ? `, not buildable here: ${Object.keys(built.unavailable).join(', ')}` : ''} (${built.seconds.toFixed(1)} s)`);

  const { skipped, mechanisms } = unbuiltSkips(built, chosen.map((r) => r.id), o.mechanisms);
  const artifacts = Object.fromEntries(Object.entries(built.artifacts).filter(([name]) => !(name in built.unavailable)));

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
  const progress = new Progress(Array.from({ length: rounds * chosen.length }, () => estimate), o.mode, {
    tty: o.statusLine !== undefined, bar: (line) => o.statusLine?.(line), print: o.print, width: () => o.width,
  });
  for (let r = 0; r < rounds; r++) {
    for (const [i, runtime] of chosen.entries()) {
      if (failed.has(runtime.id)) continue;
      const tag = `[${i + 1}/${chosen.length}${rounds > 1 ? ` round ${r + 1}/${rounds}` : ''}]`;
      progress.startColumn(tag, runtime.id);
      const outcome = await runColumn({
        runtime, artifacts, artifactVersions: built.versions, mode: o.mode, timeoutMs: o.timeoutSeconds * 1000, seed: (o.seed + r) >>> 0,
        ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
        ...(mechanisms ? { mechanisms } : {}), ...(runnerWorkloads ? { workloads: runnerWorkloads } : {}),
      }, (line) => progress.line(line));
      if ('failure' in outcome) {
        progress.endColumn(`FAILED: ${outcome.failure.reason}`);
        failed.set(runtime.id, outcome);
      } else {
        progress.endColumn(`${outcome.document.cells.length} cells`);
        docs.set(runtime.id, [...(docs.get(runtime.id) ?? []), outcome.document]);
      }
    }
  }
  const columns: ColumnOutcome[] = [];
  for (const runtime of chosen) {
    const f = failed.get(runtime.id);
    if (f) {
      columns.push(f);
      continue;
    }
    let document = combineRounds(docs.get(runtime.id)!);
    // The fast-call probe: its own process with natives syntax, never the measuring one.
    const wanted = probed[runtime.name];
    if (wanted && o.mode !== 'verify' && document.cells.some((c) => c.mechanism === wanted.mechanism && c.verified)) {
      o.print(`${runtime.id}: probing ${wanted.mechanism} call paths (V8 natives syntax)`);
      document = applyProbe(document, await runProbe(runtime, built.artifacts, o.denoUnscopedFfi ?? false));
    }
    if (!o.workloads || o.workloads.includes(coldStart.id)) {
      document = await withLoad(document, {
        runtime, artifacts, mode: o.mode, seed: o.seed, ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
      }, (line) => progress.status(`${runtime.id}: ${line}`));
      progress.finish();
    }
    columns.push({ runtime, document });
  }

  const wasmRustc = 'unavailable' in built.wasm ? null : built.wasm.rustc;
  const results = merge({
    id, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode: o.mode, argv: o.argv,
    environment: await collectEnvironment(wasmRustc, loadAverageStart, built.frameworks), columns, skipped, failures: missing,
    ...(o.mode === 'verify' ? {} : { seed: o.seed, repeat: rounds }),
  });
  // Loud, before anything is written: impossible figures are named one by one.
  assertSane(results);
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
  o.print(`Wrote ${written.run}, ${written.latest}, ${written.markdown} and ${written.html}`);
  const failures = results.failures.length;
  if (failures) o.print(`${failures} failure(s): see above.`);
  return { results, written, exitCode: failures ? exitCodes.failures : exitCodes.ok };
}
