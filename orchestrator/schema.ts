/**
 * The merged results document (DESIGN.md "Results"): validated on write and on read.
 * Cell, skip and failure shapes come from the runner document's schema, so the two can't drift.
 */
import { z } from 'zod';
import { mechanismIds } from '../runners/shared/catalogue.ts';
import {
  CellSchema, FailureSchema, HarnessSchema, ModeSchema, RuntimeInfoSchema, SCHEMA_VERSION, SkipSchema,
} from '../runners/shared/document.ts';

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
}).loose();
/** Provenance of a run. */
export type Environment = z.infer<typeof EnvironmentSchema>;

const SpeedupSchema = z.object({
  runtime: z.string(), mechanism: z.enum(mechanismIds), workload: z.string(),
  param: z.number().int().nonnegative().nullable(), speedup: z.number().finite().positive(),
}).strict();
const CrossoverSchema = z.object({
  runtime: z.string(), mechanism: z.enum(mechanismIds), workload: z.string(), paramUnit: z.string().optional(),
  params: z.array(z.number().int().nonnegative()), crossover: z.number().int().nonnegative().nullable(),
}).strict();

/** Derived from the cells at merge (orchestrator/analysis.ts), for readers of the JSON; reports
 *  recompute it from the cells, so a file without it renders the same. */
export const AnalysisSchema = z.object({
  speedups: z.array(SpeedupSchema),
  crossovers: z.array(CrossoverSchema),
}).strict();

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

/** Parses and validates a results document; the error names the file and every problem. */
export function parseResults(json: unknown, source = 'results'): Results {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) throw new Error(`${source}: ${versionMismatch(json, version)}`);
  const r = ResultsSchema.safeParse(json);
  if (!r.success) throw new Error(`${source} is not a valid results document:\n${z.prettifyError(r.error)}`);
  return r.data;
}

/**
 * Why a document of another schema version is refused rather than read: fields may have changed
 * meaning between versions, and a misread number is worse than none. There is no older version
 * than 1 yet; a version 2 must bring a reader for version 1 (DESIGN.md, "Results").
 */
function versionMismatch(json: unknown, version: unknown): string {
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return `schemaVersion ${JSON.stringify(version) ?? 'is missing'}${version === undefined ? '' : ' is not a version number'}: `
      + 'not a bridgetax results document';
  }
  const commit = (json as { environment?: { gitCommit?: unknown } }).environment?.gitCommit;
  const from = typeof commit === 'string' ? ` (bridgetax commit ${commit.slice(0, 12)})` : '';
  return version < SCHEMA_VERSION
    ? `written by an older bridgetax${from} in schemaVersion ${version}; this one reads only version ${SCHEMA_VERSION}, `
      + 'so it refuses the file rather than misread it: run `pnpm compare` again, or read it with the bridgetax that wrote it'
    : `written by a newer bridgetax${from} in schemaVersion ${version}; this one reads only version ${SCHEMA_VERSION}: `
      + 'update bridgetax to read it';
}
