/**
 * Phase 6 of a compare run: the columns. Each column's runner, round by round (round 1 of every
 * column, then round 2, …); then per column its rounds combined, the fast-call probe and the
 * load group. The service is stopped after the last of them, or on any failure of the
 * orchestrator itself: never left running.
 */
import { coldStart } from '../../contract/workloads.ts';
import type { RunnerDocument } from '../../contract/document.ts';
import type { BuildResult } from '../build.ts';
import { runLabelledColumn } from '../columns.ts';
import { withLoad } from '../load.ts';
import type { ColumnOutcome } from '../merge.ts';
import type { PhaseClock } from '../phases.ts';
import { applyProbe, probed, runProbe } from '../probe.ts';
import { estimatedCells, Progress } from '../progress.ts';
import { combineRounds } from '../repeats.ts';
import { startService } from '../service.ts';
import { isHostName, roundsOf, workloadsFor, type CompareOptions } from './options.ts';
import type { ColumnPlan } from './plan.ts';
import { withoutService, type ServicePhase } from './service.ts';

/** What running the columns needs from the phases before it. */
export interface ColumnsInput {
  built: Pick<BuildResult, 'artifacts' | 'versions' | 'user'>;
  plan: Pick<ColumnPlan, 'chosen' | 'hostSpec' | 'artifacts'>;
  service: ServicePhase;
}

/** What the rounds left, per column id: its runner documents (one per round), or its failure,
 *  or nothing at all (the workload filter left it nothing to run). */
interface Rounds {
  docs: Map<string, RunnerDocument[]>;
  failed: Map<string, ColumnOutcome>;
  idle: Set<string>;
}

/** Phase 6: every column run, each its outcome (a document, or the failure that cost it). */
export async function runColumns(o: CompareOptions, clock: PhaseClock, input: ColumnsInput): Promise<ColumnOutcome[]> {
  const { mechanisms } = input.service;
  const rounds = roundsOf(o);
  // cold_start is the load group's, measured after the runners (orchestrator/load.ts); asked for
  // alone, the runners check the workload it calls.
  const runnerWorkloads = o.workloads?.filter((w) => w !== coldStart.id);
  if (runnerWorkloads && !runnerWorkloads.length) runnerWorkloads.push(coldStart.via);
  const estimate = estimatedCells({ mode: o.mode, ...(mechanisms ? { mechanisms } : {}), ...(runnerWorkloads ? { workloads: runnerWorkloads } : {}) });
  const progress = new Progress(Array.from({ length: rounds * input.plan.chosen.length }, () => estimate), {
    tty: o.statusLine !== undefined, bar: (line) => o.statusLine?.(line), print: o.print, width: () => o.width,
  });
  try {
    const done = await runRounds(o, clock, input, runnerWorkloads, progress);
    return await finishColumns(o, clock, input, done, progress);
  } finally {
    // After the last column's load group (its http cells call the service too), or a failure
    // of the orchestrator itself: never left running.
    await input.service.service?.stop();
  }
}

/** Rounds interleaved: round 1 of every column, then round 2, … A column that fails in any
 *  round is reported failed with that round's reason; its other rounds are dropped. */
async function runRounds(o: CompareOptions, clock: PhaseClock, input: ColumnsInput, runnerWorkloads: string[] | undefined, progress: Progress): Promise<Rounds> {
  const { chosen, artifacts, hostSpec } = input.plan;
  const { mechanisms, failures } = input.service;
  const rounds = roundsOf(o);
  const docs = new Map<string, RunnerDocument[]>();
  const failed = new Map<string, ColumnOutcome>();
  // Columns the workload filter left nothing to run.
  const idle = new Set<string>();
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
      let service = input.service.service;
      const died = host ? undefined : service?.exited();
      if (service && died) {
        // Died in an earlier column (a kernel that aborts it, say): started again for this one.
        const again = input.service.spec ? await startService(input.service.spec) : undefined;
        if (again && !('failure' in again)) {
          o.print(`${tag} HTTP service: started again at ${again.url} (pid ${again.pid}), after it ${died}`);
          input.service.service = service = again;
        } else {
          failures.fail(runtime.id, `the HTTP service ${died} before this column${again ? `, and did not start again: ${again.failure}` : ''}`, again?.stderrTail ?? service.stderrTail());
        }
      }
      const alive = service && !service.exited() ? service : undefined;
      const serving = !host ? alive : undefined;
      const columnMechanisms = host ? o.mechanisms : service && !alive ? withoutService(mechanisms) : mechanisms;
      const outcome = await clock.time('runner', runtime.id, () => runLabelledColumn({
        runtime, artifacts, artifactVersions: input.built.versions, mode: o.mode, timeoutMs: o.timeoutSeconds * 1000, seed: (o.seed + r) >>> 0,
        ...(serving ? { serviceUrl: serving.url } : {}),
        ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}), ...(host && hostSpec ? { hostSpec } : {}),
        ...(columnMechanisms ? { mechanisms: columnMechanisms } : {}), ...(columnWorkloads ? { workloads: columnWorkloads } : {}),
        ...(!host && input.built.user ? { user: input.built.user } : {}),
      }, (line) => progress.line(line)));
      const diedNow = serving?.exited();
      if (serving && diedNow) {
        o.print(`${tag} HTTP service: ${diedNow} during this column`);
        failures.fail(runtime.id, `the HTTP service ${diedNow} during this column (its cells failed from then on)`, serving.stderrTail());
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
  return { docs, failed, idle };
}

/** Per column, its rounds combined, then (in a column of its own runtime, unlabelled) the
 *  fast-call probe and the load group, each its own processes. */
async function finishColumns(o: CompareOptions, clock: PhaseClock, input: ColumnsInput, { docs, failed, idle }: Rounds, progress: Progress): Promise<ColumnOutcome[]> {
  const { chosen, artifacts } = input.plan;
  const { service } = input.service;
  const { built } = input;
  const columns: ColumnOutcome[] = [];
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
    // A labelled build (two of one version) gets no call-path probe: the probe's verdicts are
    // the runtime version's. Its load group runs its own binary (and its own permission flags).
    if (runtime.label && wanted && !isHostName(runtime.name)) o.print(`${runtime.id}: a labelled build: no call-path probe`);
    if (wanted && !runtime.label && o.mode !== 'verify' && document.cells.some((c) => c.mechanism === wanted.mechanism && c.verified)) {
      o.print(`${runtime.id}: probing ${wanted.mechanism} call paths (V8 natives syntax)`);
      document = applyProbe(document, await clock.time('probe', runtime.id, () => runProbe(runtime, built.artifacts, o.denoUnscopedFfi ?? false)));
    }
    // A host column has no mechanism a fresh runtime process could load.
    if (!isHostName(runtime.name) && (!o.workloads || o.workloads.includes(coldStart.id))) {
      const serving = service && !service.exited() ? service : undefined;
      document = await clock.time('load', runtime.id, () => withLoad(document, {
        runtime, artifacts, mode: o.mode, seed: o.seed, ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
        ...(serving ? { serviceUrl: serving.url } : {}),
      }, (line) => progress.status(`${runtime.id}: ${line}`)));
      progress.finish();
    }
    columns.push({ runtime, document });
  }
  return columns;
}
