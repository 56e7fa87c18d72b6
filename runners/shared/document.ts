/**
 * Shapes of what a runner writes and the merged results carry, declared once as zod schemas;
 * the TypeScript types are inferred from them. Runners validate before they write; the
 * orchestrator validates again on read (orchestrator/schema.ts composes the merged document).
 */
import { z } from 'zod';
import { groups, mechanismIds, runtimeNames } from './catalogue.ts';

/** Version of the runner document and of the merged results document. */
export const SCHEMA_VERSION = 1;

/** Largest run seed (seeds are unsigned 32-bit integers: `--seed` of compare and runners). */
export const MAX_SEED = 0xffff_ffff;

/** A fresh seed for a run that was not given one. */
export function newSeed(): number {
  return Math.floor(Math.random() * (MAX_SEED + 1));
}

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
  /** 95 % bootstrap confidence interval of `avgNs` (runners/shared/bootstrap.ts). */
  ciLowNs: nonNegative.optional(),
  ciHighNs: nonNegative.optional(),
  /** Relative margin of error: half the interval's width over `avgNs` (0.01 = ±1 %). */
  rme: nonNegative.optional(),
  /** The harness floor of this cell's argument shape: mitata's loop around a JS no-op, ns per call. */
  floorNs: nonNegative.optional(),
  /** `avgNs` net of the floor; zero or below means the cell is indistinguishable from it. */
  netNs: z.number().finite().optional(),
}).strict();
/** mitata statistics of one cell. */
export type Stats = z.infer<typeof StatsSchema>;

/**
 * Where the credibility flags trip, declared once: the runner measures, merge flags
 * (orchestrator/credibility.ts), reports explain.
 */
export const thresholds = {
  /** A cell within this factor of its harness floor is "at harness resolution". */
  harnessResolution: 2,
  /** A cell whose relative margin of error exceeds this is "noisy". */
  noisyRme: 0.05,
  /** A cell whose plain-loop cross-check differs from mitata by more than this factor disagrees. */
  crossCheck: 2,
  /** Repeats of a cell whose slowest/fastest mean exceeds this ratio disagree. */
  repeats: 1.5,
  /** No call takes less than this (a third of a cycle at 3 GHz): a figure below it is the JIT
   *  having removed the call, not a time. */
  physicalFloorNs: 0.1,
  /** No bare `call` cell takes this long: a figure above it is a unit slip or a fault. */
  callCeilingNs: 1e6,
  /** The same for a request to the loopback service (`serviceMechanisms`): its scheduling tail
   *  on a loaded 2-core machine put means at 1–14 ms, and 100 ms is still a fault, not a cost. */
  serviceCallCeilingNs: 100e6,
} as const;

/** What a flag on a cell says; reports give each a marker and this text. */
export const cellFlags = {
  'at-harness-resolution': `within ${thresholds.harnessResolution}x of the harness floor (mitata's loop around a JS no-op): the figure is mostly harness`,
  noisy: `95 % interval wider than ±${thresholds.noisyRme * 100} % of the mean`,
  'off-fast-path': 'the call did not take its mechanism\'s fast path',
  'cross-check-disagrees': `a plain timed loop disagrees with mitata by more than ${thresholds.crossCheck}x`,
  'repeats-disagree': `repeats of the cell differ by more than ${thresholds.repeats}x`,
  'below-physical-floor': `below ${thresholds.physicalFloorNs} ns per call: the JIT removed the call; not a valid time`,
} as const;
/** A credibility flag. */
export type CellFlag = keyof typeof cellFlags;
const CellFlagSchema = z.enum(Object.keys(cellFlags) as [CellFlag, ...CellFlag[]]);

/** Which path an FFI call took, by the runtime's documented rules or a probe (call-path.ts). */
export const CallPathSchema = z.object({
  /** `fast-api`, `shared-buffer`, `generic` (node:ffi); `fast-call`, `slow-call` (Deno);
   *  `jit` (bun:ffi); `unknown` when no rule covers the signature. */
  path: z.string().min(1),
  /** True on the mechanism's fast path, false off it, null when unknown. */
  fast: z.boolean().nullable(),
  /** `docs`: derived from the documented rules; `probe`: observed in a probe run. */
  basis: z.enum(['docs', 'probe']),
  /** Why, in one line (the rule that applied, or what the probe saw). */
  why: z.string().min(1),
}).strict();
/** The call path of an FFI cell. */
export type CallPath = z.infer<typeof CallPathSchema>;

/** An independent measurement of a `call` cell: a plain timed loop (crosscheck.ts). */
export const CrossCheckSchema = z.object({
  /** Median ns per call over `runs` loops of `calls` calls each. */
  nsPerCall: nonNegative,
  calls: z.number().int().positive(),
  runs: z.number().int().positive(),
}).strict();
/** A cross-check of a cell. */
export type CrossCheck = z.infer<typeof CrossCheckSchema>;

/** The same cell measured in several interleaved rounds (`compare --repeat N`). */
export const RepeatsSchema = z.object({
  /** Each round's mean, in round order; the cell's `stats` are the median round's. */
  avgNs: z.array(nonNegative).min(2),
  /** Slowest over fastest round. */
  spread: z.number().finite().min(1),
}).strict();

/** The harness floor of one argument shape: mitata's loop with those computed parameters around
 *  a JS function that does nothing (runners/shared/floor.ts). */
export const FloorSchema = z.object({
  /** The neutral argument words, comma-joined (`f64,f64`; empty for no argument). */
  shape: z.string(),
  arity: z.number().int().nonnegative(),
  stats: StatsSchema,
}).strict();
/** A harness floor. */
export type Floor = z.infer<typeof FloorSchema>;

/** How a runner measured: its seed (mechanism order, bootstrap) and its harness floors. */
export const HarnessSchema = z.object({
  /** Seed of the shuffled mechanism order and of the bootstrap, per round. */
  seeds: z.array(z.number().int().min(0).max(MAX_SEED)),
  floors: z.array(FloorSchema),
}).strict();
/** What a runner records about its harness. */
export type Harness = z.infer<typeof HarnessSchema>;

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
  /** FFI cells: which call path the crossing took. */
  callPath: CallPathSchema.optional(),
  /** `call` cells: a plain timed loop beside mitata's figure. */
  crossCheck: CrossCheckSchema.optional(),
  /** With `--repeat N`: every round's mean. */
  repeats: RepeatsSchema.optional(),
  /** What to doubt about the figure (see `cellFlags`); set at merge. */
  flags: z.array(CellFlagSchema).optional(),
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

/** One mechanism × workload checked on random inputs (`--property`, runners/shared/property.ts). */
export const PropertyRunSchema = z.object({
  mechanism: z.enum(mechanismIds),
  workload: z.string(),
  /** Inputs checked (fewer than asked when one failed). */
  runs: z.number().int().nonnegative(),
  seed: z.number().int(),
}).strict();
/** A property check that ran. */
export type PropertyRun = z.infer<typeof PropertyRunSchema>;

/** Resident memory around many calls of one allocating cell (`--soak`, runners/shared/soak.ts). */
export const SoakSchema = z.object({
  mechanism: z.enum(mechanismIds),
  workload: z.string(),
  param,
  calls: z.number().int().positive(),
  /** RSS after warm-up and a collection, before the calls. */
  rssBeforeBytes: z.number().int().positive(),
  /** RSS after the calls and a collection. */
  rssAfterBytes: z.number().int().positive(),
  /** Highest RSS sampled during the calls. */
  rssPeakBytes: z.number().int().positive(),
}).strict();
/** One soak. */
export type Soak = z.infer<typeof SoakSchema>;

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
  /** Seed and harness floors (absent in verify mode's floors, which time nothing). */
  harness: HarnessSchema.optional(),
  properties: z.array(PropertyRunSchema).optional(),
  soak: z.array(SoakSchema).optional(),
}).strict();
/** A runner document. */
export type RunnerDocument = z.infer<typeof RunnerDocumentSchema>;

/** What the fast-call probe (runners/shared/probe.ts) writes: per workload, what it saw. */
export const ProbeDocumentSchema = z.object({
  kind: z.literal('probe'),
  runtime: RuntimeInfoSchema,
  mechanism: z.enum(mechanismIds),
  results: z.array(z.object({
    workload: z.string(),
    turbofan: z.boolean(),
    optimizedNs: nonNegative,
    slowNs: nonNegative,
    callPath: CallPathSchema.nullable(),
  }).strict()),
}).strict();
/** A probe document. */
export type ProbeDocument = z.infer<typeof ProbeDocumentSchema>;
