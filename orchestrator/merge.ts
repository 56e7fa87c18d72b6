/**
 * Merges runner documents (and what the orchestrator itself knows: columns that crashed,
 * mechanisms skipped before launch) into one results document. Pure: no I/O.
 */
import { SCHEMA_VERSION, type Failure, type RunnerDocument, type Skip } from '../contract/document.ts';
import { crossoversOf, speedupsOf } from './analysis.ts';
import { annotate } from './credibility.ts';
import type { FoundRuntime } from './discover.ts';
import { ResultsSchema, type Environment, type Phase, type Results, type Run } from '../contract/results.ts';

/** The outcome of one runtime column. */
export type ColumnOutcome =
  | { runtime: FoundRuntime; document: RunnerDocument }
  | { runtime: FoundRuntime; failure: Failure };

/** Everything a merge needs. */
export interface MergeInput {
  id: string;
  startedAt: string;
  finishedAt: string;
  mode: Results['run']['mode'];
  argv: string[];
  environment: Environment;
  columns: ColumnOutcome[];
  /** Skips decided before any runner ran (e.g. no wasm toolchain). */
  skipped?: Skip[];
  /** Failures found before any runner ran (e.g. a runtime named but not installed). */
  failures?: Failure[];
  /** The run's seed and rounds per column, when measured. */
  seed?: number;
  repeat?: number;
  /** Wall time per phase (orchestrator/phases.ts). */
  phases?: Phase[];
  /** The user's own workloads measured (`--workloads-dir`). */
  userWorkloads?: Run['userWorkloads'];
}

/** Merges column outcomes into a validated results document. */
export function merge(input: MergeInput): Results {
  const results: Results = {
    schemaVersion: SCHEMA_VERSION,
    run: {
      id: input.id, startedAt: input.startedAt, finishedAt: input.finishedAt, mode: input.mode, argv: input.argv,
      ...(input.seed !== undefined ? { seed: input.seed } : {}), ...(input.repeat !== undefined ? { repeat: input.repeat } : {}),
      ...(input.phases ? { phases: input.phases } : {}),
      ...(input.userWorkloads ? { userWorkloads: input.userWorkloads } : {}),
    },
    environment: input.environment,
    runtimes: [],
    cells: [],
    skipped: [...(input.skipped ?? [])],
    failures: [...(input.failures ?? [])],
  };
  for (const col of input.columns) {
    const { id, name, version, execPath } = col.runtime;
    if ('document' in col) {
      const d = col.document;
      results.runtimes.push({ ...d.runtime, libraries: d.libraries, ...(d.harness ? { harness: d.harness } : {}), ...(d.server?.idle ? { timerIdle: d.server.idle } : {}) });
      results.cells.push(...d.cells);
      if (d.server) {
        (results.eventLoop ??= []).push(...d.server.eventLoop);
        (results.parallel ??= []).push(...d.server.parallel);
      }
      results.skipped.push(...d.skipped);
      results.failures.push(...d.failures);
    } else {
      results.runtimes.push({ id, name, version, execPath, ...(col.runtime.label ? { label: col.runtime.label } : {}) });
      results.failures.push(col.failure);
    }
  }
  results.analysis = { speedups: speedupsOf(results.cells), crossovers: crossoversOf(results.cells) };
  return ResultsSchema.parse(annotate(results));
}
