/**
 * `bridgetax ab A B`: two builds of one runtime (or two builds of one library in one runtime),
 * interleaved in one run. Rounds alternate the order (A B, B A, A B, …) so neither side always
 * runs second on a warming or cooling machine; both sides of a round get the same seed, hence
 * the same mechanism order. Each side of each round is a fresh process. The verdicts come from
 * the per-round figures (orchestrator/reports/ab.ts), never from the samples of one process.
 */
import { join } from 'node:path';
import { coldStart } from '../contract/workloads.ts';
import { mechanismIds, serviceMechanisms, type ArtifactId, type MechanismId } from '../contract/registry.ts';
import type { Mode, RunnerDocument, Skip } from '../contract/document.ts';
import { build } from './build.ts';
import { givenRuntime, labelled, parseGivenRuntime, runLabelledColumn } from './columns.ts';
import { assertSane } from './credibility.ts';
import { discoverRuntimes, type FoundRuntime } from './discover.ts';
import { collectEnvironment, loadAverageNow } from './environment.ts';
import { RunError, UsageError } from './errors.ts';
import { merge, type ColumnOutcome } from './merge.ts';
import { combineRounds } from './repeats.ts';
import { judgeAb, type AbJudgement, type AbOptions } from './reports/ab.ts';
import { chooseRuntimes } from './run/discover.ts';
import { validateFilters, workloadsFor } from './run/options.ts';
import { unbuiltSkips } from './run/plan.ts';
import type { Results } from '../contract/results.ts';
import { checkWritable, resultsJson, writeAtomic } from './store.ts';

/** One side of an A/B. */
export interface AbSide {
  /** A runtime name or column id (`node`, `node@26.10.0`, `bun@1.2`), or a binary by path (`bun=/path/to/bun`). */
  runtime: string;
  /** Its label in the column id (`A`, `B`, or what the user gave). */
  label: string;
  /** Artifacts loaded in place of the built ones. */
  artifacts?: Partial<Record<ArtifactId, string>>;
  /** Tests only: a runner entry to run instead of the runtime's own (test/faults/). No CLI
   *  option reaches it, as with `ColumnSpec.entry`. */
  entry?: string;
}

/** Options of an A/B run. */
export interface AbRunOptions extends AbOptions {
  a: AbSide;
  b: AbSide;
  rounds: number;
  mode: Exclude<Mode, 'verify'>;
  mechanisms?: string[];
  workloads?: string[];
  outDir: string;
  timeoutSeconds: number;
  seed: number;
  denoUnscopedFfi?: boolean;
  argv: string[];
  print: (line: string) => void;
  statusLine?: (line: string) => void;
}

async function resolveSide(side: AbSide, found: FoundRuntime[], print: (line: string) => void): Promise<FoundRuntime> {
  const given = parseGivenRuntime(side.runtime);
  if (given) return labelled(await givenRuntime(given.name, given.path), side.label);
  const { chosen, missing } = await chooseRuntimes(found, [side.runtime], {}, print);
  if (missing.length) throw new UsageError(`${side.runtime}: ${missing[0]!.reason}`);
  if (chosen.length !== 1) {
    throw new UsageError(`"${side.runtime}" names ${chosen.length} columns (${chosen.map((r) => r.id).join(', ')}); name one by its id (e.g. ${chosen[0]?.id ?? 'node@26.10.0'})`);
  }
  return labelled(chosen[0]!, side.label);
}

/** Runs the A/B end to end; writes `ab-<id>.json` (a results document with both columns and every
 *  round's means) into `outDir`, leaving latest.json alone. */
export async function runAb(o: AbRunOptions): Promise<{ results: Results; judgement: AbJudgement; file: string }> {
  validateFilters(o);
  if (o.a.label === o.b.label) throw new UsageError(`both sides are labelled "${o.a.label}": give each its own label`);
  if (!(Number.isInteger(o.rounds) && o.rounds >= 2)) throw new UsageError(`--rounds ${o.rounds}: a paired test needs at least 2 rounds (6 or more to ever reach p < 0.05)`);
  // Both entries' syntax before either is looked for: a typo in B should not wait on A.
  for (const side of [o.a, o.b]) parseGivenRuntime(side.runtime);
  await checkWritable(o.outDir);
  const startedAt = new Date();
  const loadAverageStart = loadAverageNow();
  const found = await discoverRuntimes();
  const a = await resolveSide(o.a, found, o.print);
  const b = await resolveSide(o.b, found, o.print);
  if (a.name !== b.name) o.print(`Note: A is ${a.name} and B is ${b.name}; an A/B compares two builds, but the cells still pair by mechanism and workload.`);
  o.print(`A/B: A = ${a.id} (${a.execPath}), B = ${b.id} (${b.execPath}), ${o.rounds} rounds each, interleaved`);
  o.print('Building the Rust library (only what changed)...');
  const built = await build({ verbose: true, host: false });
  const unbuilt = unbuiltSkips(built, [a.id, b.id], o.mechanisms);
  // The http mechanisms call a service the orchestrator starts for compare; an A/B of two
  // runtime or library builds leaves them out rather than time a third process.
  const served = (unbuilt.mechanisms ?? [...mechanismIds]).filter((m) => (serviceMechanisms as readonly string[]).includes(m));
  if (served.length) {
    if (o.mechanisms) throw new UsageError(`${served.join(', ')}: an A/B does not start the HTTP service; compare them with \`pnpm compare --repeat\``);
    unbuilt.mechanisms = (unbuilt.mechanisms ?? [...mechanismIds]).filter((m) => !served.includes(m as MechanismId));
  }
  const skipped: Skip[] = unbuilt.skipped;
  const artifacts = Object.fromEntries(Object.entries(built.artifacts).filter(([name]) => !(name in built.unavailable)));
  // The runners' workloads: cold_start is the load group's, which an A/B does not run.
  const wanted = o.workloads?.filter((w) => w !== coldStart.id);
  if (o.workloads && !wanted?.length) throw new UsageError('an A/B times the call workloads; cold_start alone leaves it nothing to run');
  const sides = [{ side: o.a, runtime: a }, { side: o.b, runtime: b }];
  const docs = new Map<string, RunnerDocument[]>();
  const failed = new Map<string, ColumnOutcome>();
  const t0 = performance.now();
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const { side, runtime } of order) {
      if (failed.size) break;
      const tag = `[round ${r + 1}/${o.rounds} ${side.label}]`;
      const columnWorkloads = workloadsFor(runtime, wanted);
      if (columnWorkloads === null) throw new UsageError(`none of the workloads asked for runs in ${runtime.id}`);
      const outcome = await runLabelledColumn({
        runtime, artifacts, artifactVersions: built.versions, mode: o.mode, timeoutMs: o.timeoutSeconds * 1000, seed: (o.seed + r) >>> 0,
        ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}), ...(unbuilt.mechanisms ? { mechanisms: unbuilt.mechanisms } : {}),
        ...(columnWorkloads ? { workloads: columnWorkloads } : {}), ...(side.entry ? { entry: side.entry } : {}),
        ...(side.artifacts ? { swapped: side.artifacts } : {}),
      }, (line) => (o.statusLine ?? o.print)(`${tag} ${line}`));
      o.statusLine?.('');
      if ('failure' in outcome) {
        o.print(`${tag} ${runtime.id}: FAILED: ${outcome.failure.reason}`);
        failed.set(runtime.id, outcome);
      } else {
        docs.set(runtime.id, [...(docs.get(runtime.id) ?? []), outcome.document]);
      }
    }
    if (failed.size) break;
    const done = (performance.now() - t0) / 1000;
    o.print(`round ${r + 1}/${o.rounds} done (${done.toFixed(0)} s; about ${((done / (r + 1)) * (o.rounds - r - 1)).toFixed(0)} s to go)`);
  }
  // An A/B with one side failed has nothing to pair: stop loudly rather than judge half of it.
  const f = [...failed.values()][0];
  if (f && 'failure' in f) throw new RunError(`${f.runtime.id} failed, so the A/B has nothing to pair: ${f.failure.reason}`);
  const columns: ColumnOutcome[] = [a, b].map((runtime) => ({ runtime, document: combineRounds(docs.get(runtime.id)!) }));
  const id = startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const results = merge({
    id, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode: o.mode, argv: o.argv,
    environment: await collectEnvironment('unavailable' in built.wasm ? null : built.wasm.rustc, loadAverageStart, built.frameworks),
    columns, skipped, seed: o.seed, repeat: o.rounds,
  });
  assertSane(results);
  const file = join(o.outDir, `ab-${id}.json`);
  await writeAtomic(file, resultsJson(results));
  return { results, judgement: judgeAb(results, a.id, b.id, o), file };
}
