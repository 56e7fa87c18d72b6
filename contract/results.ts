/**
 * The merged results document (DESIGN.md "Results"): validated on write and on read.
 * Cell, skip and failure shapes come from the runner document's schema, so the two can't drift.
 */
import { z } from 'zod';
import { mechanismIds } from './registry.ts';
import { CellSchema, FailureSchema, HarnessSchema, ModeSchema, RuntimeInfoSchema, SCHEMA_VERSION, SkipSchema } from './document.ts';

/** A runtime column in the merged results, with the libraries it measured through. */
export const RuntimeEntrySchema = RuntimeInfoSchema.extend({
  libraries: z.record(z.string(), z.string()).optional(),
  /** In a document merged from several machines (`bridgetax merge`): the `machines[].id` this
   *  column ran on. Its `id` then carries the machine too (`node@26.10.0 linux-x64`), so every
   *  cell, skip and failure names a column unique across machines. */
  machine: z.string().optional(),
  /** The column's seeds and harness floors (the median round's, with `--repeat`). */
  harness: HarnessSchema.optional(),
});

/** Where the numbers were measured. */
export const EnvironmentSchema = z.object({
  os: z.string(),
  osRelease: z.string(),
  arch: z.string(),
  cpu: z.string(),
  cores: z.number().int().positive(),
  memoryBytes: z.number().int().positive(),
  rustc: z.string(),
  wasmRustc: z.string().nullable(),
  napiRs: z.string().nullable(),
  buildProfile: z.string(),
  gitCommit: z.string().nullable(),
  gitDirty: z.boolean().nullable(),
  loadAverage: z.array(z.number()).nullable(),
  /** Load average (1, 5, 15 min) when the run started, before any runner. */
  loadAverageStart: z.array(z.number()).nullable().optional(),
  /** Kernel build string (`os.version()`), beside `osRelease`. */
  kernel: z.string().optional(),
  /** Clock of the first CPU in MHz as the OS reports it (a VM's may be nominal). */
  cpuMHz: z.number().nonnegative().nullable().optional(),
  /** cpufreq scaling governor of cpu0, or null where the OS does not expose one (most VMs). */
  governor: z.string().nullable().optional(),
  /** mitata version the runners time with (from the lockfile-installed package). */
  mitata: z.string().nullable().optional(),
  /** Per built artifact with a framework (`napi`, `napi-pinned`, …): the framework crates'
   *  versions its lockfile resolved (`{ napi: "3.5.2", "napi-derive": "3.3.3", … }`), read at
   *  build time. The `mechanismVersion` of the artifact's cells is its framework crate's. */
  frameworks: z.record(z.string(), z.record(z.string(), z.string())).optional(),
}).loose();
/** Provenance of a run. */
export type Environment = z.infer<typeof EnvironmentSchema>;

const mechanismVersion = CellSchema.shape.mechanismVersion;
const SpeedupSchema = z.object({
  runtime: z.string(), mechanism: z.enum(mechanismIds), mechanismVersion, workload: z.string(),
  param: z.number().int().nonnegative().nullable(), speedup: z.number().finite().positive(),
}).strict();
const CrossoverSchema = z.object({
  runtime: z.string(), mechanism: z.enum(mechanismIds), mechanismVersion, workload: z.string(), paramUnit: z.string().optional(),
  params: z.array(z.number().int().nonnegative()), crossover: z.number().int().nonnegative().nullable(),
}).strict();

/** Derived from the cells at merge (orchestrator/analysis.ts), for readers of the JSON; reports
 *  recompute it from the cells, so a file without it renders the same. */
export const AnalysisSchema = z.object({
  speedups: z.array(SpeedupSchema),
  crossovers: z.array(CrossoverSchema),
}).strict();

/** The phases of a compare run whose wall time is recorded (orchestrator/phases.ts). */
export const phaseNames = ['discover', 'build', 'service', 'runner', 'probe', 'load'] as const;
/** A phase's name. */
export type PhaseName = (typeof phaseNames)[number];
/** One timed phase of a run: a column's runner, probe or load group carries its column. */
export const PhaseSchema = z.object({
  phase: z.enum(phaseNames),
  runtime: z.string().optional(),
  ms: z.number().nonnegative(),
}).strict();
/** One timed phase of a run. */
export type Phase = z.infer<typeof PhaseSchema>;

/** One run's provenance. */
export const RunSchema = z.object({
  id: z.string().regex(/^[0-9TZ-]+$/),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  mode: ModeSchema,
  argv: z.array(z.string()),
  /** Seed of the run (mechanism order, bootstrap); round r of a column uses seed + r. */
  seed: z.number().int().nonnegative().optional(),
  /** Rounds per column (`--repeat`), interleaved across columns. */
  repeat: z.number().int().positive().optional(),
  /** Wall time per phase, in the order they ran (absent in files written before it was kept). */
  phases: z.array(PhaseSchema).optional(),
}).strict();
/** One run's provenance. */
export type Run = z.infer<typeof RunSchema>;

/** A machine whose run was merged into this document, with its own environment and run. */
export const MachineSchema = z.object({
  /** Unique in the document; suffixes its columns' runtime ids. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  environment: EnvironmentSchema,
  run: RunSchema,
}).strict();
/** A machine of a merged document. */
export type Machine = z.infer<typeof MachineSchema>;

/** The merged results document. */
export const ResultsSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  run: RunSchema,
  environment: EnvironmentSchema,
  runtimes: z.array(RuntimeEntrySchema),
  cells: z.array(CellSchema),
  skipped: z.array(SkipSchema),
  failures: z.array(FailureSchema),
  analysis: AnalysisSchema.optional(),
  /** Present when the document merges runs from several machines (`bridgetax merge`): each
   *  keeps its environment here, and `environment` is then the first machine's. */
  machines: z.array(MachineSchema).min(1).optional(),
}).strict();
/** The merged results document. */
export type Results = z.infer<typeof ResultsSchema>;

/** Parses and validates a results document; the error names the file and every problem. A
 *  version 1 document is read too, as `fromVersion1` upgrades it. */
export function parseResults(json: unknown, source = 'results'): Results {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === 1) json = fromVersion1(json);
  else if (version !== SCHEMA_VERSION) throw new Error(`${source}: ${versionMismatch(json, version)}`);
  const r = ResultsSchema.safeParse(json);
  if (!r.success) throw new Error(`${source} is not a valid results document:\n${z.prettifyError(r.error)}`);
  return r.data;
}

type Json = Record<string, unknown>;

/**
 * Reads a version 1 document as version 2. Version 1 had one napi-rs per run, rustlib's, whose
 * version its environment recorded as `napiRs`; version 2 keys every cell by its mechanism's
 * version too. So each `napi` cell, skip, failure and analysis entry gets `mechanismVersion`
 * from the `napiRs` of the machine its column ran on (no version where none was recorded), and
 * nothing else changes. Anything else wrong with the file is left for the schema to name.
 */
export function fromVersion1(json: unknown): unknown {
  const doc = json as Json;
  const napiRsOf = (env: unknown) => {
    const v = (env as { napiRs?: unknown } | undefined)?.napiRs;
    return typeof v === 'string' && /^\d+\.\d+\.\d+/.test(v) ? v : undefined;
  };
  const machines = Array.isArray(doc.machines) ? doc.machines as Json[] : [];
  const runtimes = Array.isArray(doc.runtimes) ? doc.runtimes as Json[] : [];
  const versionOf = (runtime: unknown) => {
    const machine = runtimes.find((r) => r.id === runtime)?.machine;
    const env = machine === undefined ? doc.environment : machines.find((m) => m.id === machine)?.environment;
    return napiRsOf(env);
  };
  const tag = (list: unknown) => (Array.isArray(list) ? (list as Json[]).map((x) => {
    const v = x.mechanism === 'napi' ? versionOf(x.runtime) : undefined;
    return v ? { ...x, mechanismVersion: v } : x;
  }) : list);
  const analysis = doc.analysis as Json | undefined;
  return {
    ...doc, schemaVersion: SCHEMA_VERSION, cells: tag(doc.cells), skipped: tag(doc.skipped), failures: tag(doc.failures),
    ...(analysis && typeof analysis === 'object' ? { analysis: { ...analysis, speedups: tag(analysis.speedups), crossovers: tag(analysis.crossovers) } } : {}),
  };
}

/**
 * Why a document of another schema version is refused rather than read: fields may have changed
 * meaning between versions, and a misread number is worse than none. Version 1 is read through
 * `fromVersion1`; a version 3 must bring a reader for version 2 (DESIGN.md, "Results").
 */
function versionMismatch(json: unknown, version: unknown): string {
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return `schemaVersion ${JSON.stringify(version) ?? 'is missing'}${version === undefined ? '' : ' is not a version number'}: `
      + 'not a bridgetax results document';
  }
  const commit = (json as { environment?: { gitCommit?: unknown } }).environment?.gitCommit;
  const from = typeof commit === 'string' ? ` (bridgetax commit ${commit.slice(0, 12)})` : '';
  const reads = `this one reads versions 1 to ${SCHEMA_VERSION}`;
  return version < SCHEMA_VERSION
    ? `written by an older bridgetax${from} in schemaVersion ${version}; ${reads}, `
      + 'so it refuses the file rather than misread it: run `pnpm compare` again, or read it with the bridgetax that wrote it'
    : `written by a newer bridgetax${from} in schemaVersion ${version}; ${reads}: `
      + 'update bridgetax to read it';
}
