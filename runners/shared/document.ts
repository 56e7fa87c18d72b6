/**
 * Shapes of what a runner writes and the merged results carry, declared once as zod schemas;
 * the TypeScript types are inferred from them. Runners validate before they write; the
 * orchestrator validates again on read (orchestrator/schema.ts composes the merged document).
 */
import { z } from 'zod';
import { groups, mechanismIds, runtimeNames } from './catalogue.ts';

/** Version of the runner document and of the merged results document. */
export const SCHEMA_VERSION = 1;

const nonNegative = z.number().finite().nonnegative();

/** mitata statistics of one cell, in nanoseconds per call. */
export const StatsSchema = z.object({
  avgNs: nonNegative,
  p50Ns: nonNegative,
  p75Ns: nonNegative,
  p99Ns: nonNegative,
  minNs: nonNegative,
  maxNs: nonNegative,
  /** Number of samples mitata kept (each sample may time a batch of calls). */
  samples: z.number().int().positive(),
  /** Number of calls timed in all. */
  ticks: z.number().int().positive(),
  /** The per-call times mitata kept, ascending, thinned to at most 256 evenly spaced quantiles
   *  (4 significant digits): enough for a rank test between two runs (`diff`) at a few KiB a
   *  cell. Absent in files written before it was recorded. */
  samplesNs: z.array(nonNegative).min(1).optional(),
}).strict();
/** mitata statistics of one cell. */
export type Stats = z.infer<typeof StatsSchema>;

/** A runtime column: a runtime and its exact version. */
export const RuntimeInfoSchema = z.object({
  /** `<name>@<version>`, the column key. */
  id: z.string().regex(/^(node|bun|deno)@\d+\.\d+\.\d+/),
  name: z.enum(runtimeNames),
  version: z.string().min(1),
  execPath: z.string().min(1),
}).strict();
/** A runtime column. */
export type RuntimeInfo = z.infer<typeof RuntimeInfoSchema>;

const param = z.number().int().nonnegative().nullable();

/** One (runtime, mechanism, workload, param) measurement. */
export const CellSchema = z.object({
  runtime: z.string(),
  mechanism: z.enum(mechanismIds),
  workload: z.string(),
  group: z.enum(groups),
  param,
  /** What `param` counts (bytes, elements, n), when there is one. */
  paramUnit: z.string().optional(),
  /** True when the answer equalled the JS reference. Only verified cells carry stats. */
  verified: z.boolean(),
  stats: StatsSchema.optional(),
  /** What the figure includes beyond the crossing (e.g. a copy into wasm memory). */
  note: z.string().optional(),
  /** The mean per unit of work inside one call (per callback when a call makes `param` of
   *  them). */
  perItem: z.object({ unit: z.string().min(1), avgNs: nonNegative }).strict().optional(),
}).strict().refine((c) => c.verified || c.stats === undefined, {
  message: 'an unverified cell must not carry stats',
});
/** One measured cell. */
export type Cell = z.infer<typeof CellSchema>;

/** A mechanism a runtime lacks, or a cell a mechanism cannot express. */
export const SkipSchema = z.object({
  runtime: z.string(),
  mechanism: z.enum(mechanismIds),
  workload: z.string().optional(),
  reason: z.string().min(1),
}).strict();
/** A skip, always with its reason. */
export type Skip = z.infer<typeof SkipSchema>;

/** Something that should have worked and did not: a wrong answer, a load error, a crash. */
export const FailureSchema = z.object({
  runtime: z.string(),
  mechanism: z.enum(mechanismIds).optional(),
  workload: z.string().optional(),
  param: param.optional(),
  reason: z.string().min(1),
  /** For a wrong answer: the reference value and the mechanism's, printed. */
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** For a runner that died: the end of its stderr. */
  stderrTail: z.string().optional(),
}).strict();
/** A failure, with its reason. */
export type Failure = z.infer<typeof FailureSchema>;

/** How a run measures: `quick` (short), `full`, or `verify` (answers only, nothing timed). */
export const ModeSchema = z.enum(['quick', 'full', 'verify']);
/** Measuring mode. */
export type Mode = z.infer<typeof ModeSchema>;

/** What one runner process writes to `--out`. */
export const RunnerDocumentSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('runner'),
  runtime: RuntimeInfoSchema,
  mode: ModeSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** Versions of the libraries the runner measured through (mitata, koffi, …). */
  libraries: z.record(z.string(), z.string()),
  cells: z.array(CellSchema),
  skipped: z.array(SkipSchema),
  failures: z.array(FailureSchema),
}).strict();
/** A runner document. */
export type RunnerDocument = z.infer<typeof RunnerDocumentSchema>;
