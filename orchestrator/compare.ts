/**
 * `pnpm compare`: discover runtimes, build what is stale, run one runner process per column,
 * merge, write and print.
 */
import { mechanismArtifact, mechanismIds, runtimeNames, serviceMechanisms, workloads } from '../runners/shared/catalogue.ts';
import type { Failure, Mode, RunnerDocument, Skip } from '../runners/shared/document.ts';
import { repeatAgreement } from './agreement.ts';
import { build } from './build.ts';
import { assertSane, sanityFindings } from './credibility.ts';
import { discoverRuntimes, type FoundRuntime } from './discover.ts';
import { collectEnvironment, loadAverageNow } from './environment.ts';
import { merge, type ColumnOutcome } from './merge.ts';
import { applyProbe, probed, runProbe } from './probe.ts';
import { combineRounds } from './repeats.ts';
import { formatRatio } from './reports/model.ts';
import { renderTerminal } from './reports/terminal.ts';
import type { Results } from './schema.ts';
import { startService, type RunningService, type ServiceSpec } from './service.ts';
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
  /** Tests only: the service to start instead of the built one (a faulty one under
   *  test/faults/); the CLI has no option that reaches it. */
  service?: ServiceSpec;
}

export { UsageError } from './errors.ts';

function checkNames(kind: string, given: string[] | undefined, valid: readonly string[]): void {
  const bad = (given ?? []).filter((g) => !valid.includes(g));
  if (bad.length) throw new UsageError(`unknown ${kind} ${bad.map((b) => `"${b}"`).join(', ')}; valid ${kind}s: ${valid.join(', ')}`);
}

/** Checks the name filters against the catalogue before anything runs. */
export function validateFilters(o: Pick<CompareOptions, 'runtimes' | 'mechanisms' | 'workloads'>): void {
  checkNames('mechanism', o.mechanisms, mechanismIds);
  checkNames('workload', o.workloads, workloads.map((w) => w.id));
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

  o.print('Building the Rust library (only what changed)...');
  const built = await build({ verbose: true });
  o.print(`Build: ${built.nativeBuilt ? 'native rebuilt' : 'native fresh'}, wasm ${'unavailable' in built.wasm ? 'unavailable' : built.wasm.built ? 'rebuilt' : 'fresh'}, service ${'unavailable' in built.service ? 'unavailable' : built.service.built ? 'rebuilt' : 'fresh'} (${built.seconds.toFixed(1)} s)`);

  // A mechanism whose artifact could not be built is skipped in every column, with the build's
  // reason, and its runners are not asked for it.
  const skipped: Skip[] = [];
  let mechanisms: string[] | undefined = o.mechanisms;
  for (const m of mechanismIds) {
    const artifact = mechanismArtifact[m];
    const reason = artifact && built.unavailable[artifact];
    if (!reason || (mechanisms && !mechanisms.includes(m))) continue;
    for (const r of chosen) skipped.push({ runtime: r.id, mechanism: m, reason });
    mechanisms = (mechanisms ?? [...mechanismIds]).filter((x) => x !== m);
  }
  const artifacts = Object.fromEntries(Object.entries(built.artifacts).filter(([name]) => !(name in built.unavailable)));

  // The HTTP service, when an `http` mechanism is wanted: a service that can't be built skips
  // them, one that can't start or dies fails them (with its reason and stderr), in every column
  // it would have served, and nothing else.
  const serviceWanted = serviceMechanisms.filter((m) => !mechanisms || mechanisms.includes(m));
  const serviceFailures: Failure[] = [];
  const failService = (runtime: string, reason: string, stderrTail?: string) => {
    for (const m of serviceWanted) {
      if (serviceFailures.some((f) => f.runtime === runtime && f.mechanism === m)) continue;
      serviceFailures.push({ runtime, mechanism: m, reason, ...(stderrTail ? { stderrTail } : {}) });
    }
  };
  const withoutService = (ms: string[] | undefined) => (ms ?? [...mechanismIds]).filter((m) => !(serviceMechanisms as string[]).includes(m));
  let service: RunningService | undefined;
  if (serviceWanted.length && 'unavailable' in built.service) {
    for (const r of chosen) for (const m of serviceWanted) skipped.push({ runtime: r.id, mechanism: m, reason: built.service.unavailable });
    mechanisms = withoutService(mechanisms);
  } else if (serviceWanted.length && 'path' in built.service) {
    const started = await startService(o.service ?? { command: built.service.path });
    if ('failure' in started) {
      o.print(`HTTP service: FAILED: ${started.failure}`);
      for (const r of chosen) failService(r.id, started.failure, started.stderrTail);
      mechanisms = withoutService(mechanisms);
    } else {
      service = started;
      o.print(`HTTP service: ${service.url} (pid ${service.pid})`);
    }
  }

  // Rounds interleaved: round 1 of every column, then round 2, … A column that fails in any
  // round is reported failed with that round's reason; its other rounds are dropped.
  const rounds = o.repeat ?? 1;
  const docs = new Map<string, RunnerDocument[]>();
  const failed = new Map<string, ColumnOutcome>();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [i, runtime] of chosen.entries()) {
        if (failed.has(runtime.id)) continue;
        const tag = `[${i + 1}/${chosen.length}${rounds > 1 ? ` round ${r + 1}/${rounds}` : ''}]`;
        o.print(`${tag} ${runtime.id}: running`);
        const died = service?.exited();
        if (service && died) failService(runtime.id, `the HTTP service ${died} before this column`, service.stderrTail());
        const serving = service && !died ? service : undefined;
        const wanted = service && died ? withoutService(mechanisms) : mechanisms;
        const outcome = await runColumn({
          runtime, artifacts, mode: o.mode, timeoutMs: o.timeoutSeconds * 1000, seed: (o.seed + r) >>> 0,
          ...(serving ? { serviceUrl: serving.url } : {}),
          ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
          ...(wanted ? { mechanisms: wanted } : {}), ...(o.workloads ? { workloads: o.workloads } : {}),
        }, (line) => (o.statusLine ?? o.print)(`${tag} ${line}`));
        o.statusLine?.('');
        const diedNow = serving?.exited();
        if (serving && diedNow) {
          o.print(`${tag} HTTP service: ${diedNow} during this column`);
          failService(runtime.id, `the HTTP service ${diedNow} during this column (its cells failed from then on)`, serving.stderrTail());
        }
        if ('failure' in outcome) {
          o.print(`${tag} ${runtime.id}: FAILED: ${outcome.failure.reason}`);
          failed.set(runtime.id, outcome);
        } else {
          docs.set(runtime.id, [...(docs.get(runtime.id) ?? []), outcome.document]);
        }
      }
    }
  } finally {
    // After the last column (or a failure of the orchestrator itself): never left running.
    await service?.stop();
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
    columns.push({ runtime, document });
  }

  const wasmRustc = 'unavailable' in built.wasm ? null : built.wasm.rustc;
  const results = merge({
    id, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode: o.mode, argv: o.argv,
    environment: await collectEnvironment(wasmRustc, loadAverageStart), columns, skipped, failures: [...missing, ...serviceFailures],
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
