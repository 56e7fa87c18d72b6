/**
 * The runner's arguments, declared once: the orchestrator writes them (`runnerArgv`,
 * orchestrator/spawn.ts), every runner reads them with the same option table (`runnerOptions`,
 * runners/shared/runner.ts `parseRunnerArgs`, with `node:util` `parseArgs`).
 */
import type { Mode } from './document.ts';
import { artifactIds } from './registry.ts';

/** The option table a runner parses (the `options` of `node:util` `parseArgs`). */
export const runnerOptions = {
  out: { type: 'string' },
  mode: { type: 'string', default: 'full' },
  expect: { type: 'string' },
  artifact: { type: 'string', multiple: true },
  'artifact-version': { type: 'string', multiple: true },
  'service-url': { type: 'string' },
  mechanisms: { type: 'string' },
  workloads: { type: 'string' },
  seed: { type: 'string' },
  property: { type: 'string' },
  soak: { type: 'string' },
  'soak-ms': { type: 'string' },
  'user-workloads': { type: 'string' },
  crashed: { type: 'string' },
} as const;

/** How a runner is called. */
export const runnerUsage = `usage: <runtime> runners/<runtime>/main.ts --out FILE [--artifact NAME=PATH ...] [--artifact-version NAME=VERSION ...]
  (NAME: ${artifactIds.join(', ')}) [--service-url http://127.0.0.1:PORT] [--mode quick|full|verify] [--expect RUNTIME@VERSION] [--mechanisms a,b] [--workloads a,b] [--seed N]
  [--property RUNS] [--soak CALLS [--soak-ms MS]] [--user-workloads FILE] [--crashed FILE]`;

/** What the orchestrator tells a runner. */
export interface RunnerArgs {
  /** Where the runner writes its document (the only output read back). */
  out: string;
  mode: Mode;
  /** The column it was launched as (`node@26.10.0`): a runner that is another runtime refuses. */
  expect: string;
  /** Built files by artifact name. */
  artifacts: Readonly<Record<string, string>>;
  /** The framework version each artifact was built against. */
  artifactVersions?: Readonly<Record<string, string>>;
  /** Base URL of the loopback service the `http` mechanisms call. */
  serviceUrl?: string;
  mechanisms?: readonly string[];
  workloads?: readonly string[];
  seed?: number;
  /** Property checks: this many random inputs per cell. */
  property?: { runs: number };
  /** A memory soak of the allocating cells. */
  soak?: { calls: number; ms?: number };
  /** A user's own workloads (contract/user-workloads.ts `UserManifest`), as a file. */
  userWorkloads?: string;
  /** The cells an earlier runner of this column died in (`CrashedCell[]`, as JSON): not run
   *  again, reported failed with how the process died. */
  crashed?: string;
}

/**
 * Where a runner is: before each cell (and each reference answer) it writes the cell's key to
 * `cellMarker(out)`, beside its document, so when the process dies in a call (a panic that
 * aborts, a segfault, a hang the time limit kills) the orchestrator knows which cell did it,
 * runs the column again without it, and reports that cell alone as failed.
 */
export interface CellMarker {
  /** `reference`: the JS reference's answer, which every mechanism's cell needs; `cell`: one
   *  mechanism's cell. */
  readonly stage: 'reference' | 'cell';
  readonly mechanism?: string;
  readonly mechanismVersion?: string;
  readonly workload: string;
  readonly param: number | null;
}

/** A cell a runner died in, and how. */
export interface CrashedCell extends CellMarker {
  readonly reason: string;
  readonly stderrTail?: string;
}

/** The marker file of the runner writing `out`. */
export function cellMarker(out: string): string {
  return `${out}.cell`;
}

/** Whether `c` is the crashed entry of `stage` for this mechanism (version) and workload (any
 *  param: a call that killed the process at one size is not tried at the others). */
export function crashedFor(all: readonly CrashedCell[], key: { stage: CellMarker['stage']; mechanism?: string; mechanismVersion?: string | undefined; workload: string }): CrashedCell | undefined {
  return all.find((c) => c.stage === key.stage && c.workload === key.workload
    && (key.stage === 'reference' || (c.mechanism === key.mechanism && c.mechanismVersion === key.mechanismVersion)));
}

/** The command-line arguments of `a`, as `runnerOptions` parses them. */
export function runnerArgv(a: RunnerArgs): string[] {
  return [
    '--out', a.out, '--mode', a.mode, '--expect', a.expect,
    ...Object.entries(a.artifacts).flatMap(([name, path]) => ['--artifact', `${name}=${path}`]),
    ...Object.entries(a.artifactVersions ?? {}).flatMap(([name, v]) => ['--artifact-version', `${name}=${v}`]),
    ...(a.serviceUrl ? ['--service-url', a.serviceUrl] : []),
    ...(a.mechanisms ? ['--mechanisms', a.mechanisms.join(',')] : []),
    ...(a.workloads ? ['--workloads', a.workloads.join(',')] : []),
    ...(a.seed !== undefined ? ['--seed', String(a.seed)] : []),
    ...(a.property ? ['--property', String(a.property.runs)] : []),
    ...(a.soak ? ['--soak', String(a.soak.calls), ...(a.soak.ms ? ['--soak-ms', String(a.soak.ms)] : [])] : []),
    ...(a.userWorkloads ? ['--user-workloads', a.userWorkloads] : []),
    ...(a.crashed ? ['--crashed', a.crashed] : []),
  ];
}
