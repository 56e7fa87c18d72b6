/**
 * Shapes of what a runner writes and the merged results carry, declared once as zod schemas;
 * the TypeScript types are inferred from them. Runners validate before they write; the
 * orchestrator validates again on read (contract/results.ts composes the merged document).
 */
import { z } from 'zod';
import { groups } from './workloads.ts';
import { hostNames, mechanismIds, runtimeNames, type MechanismId } from './registry.ts';
import { compareVersions } from './versions.ts';

/** Version of the runner document and of the merged results document. Version 2 added the
 *  mechanism version to a cell's key (contract/results.ts reads version 1 too). */
export const SCHEMA_VERSION = 2;

/** Largest run seed (seeds are unsigned 32-bit integers: `--seed` of compare and runners). */
export const MAX_SEED = 0xffff_ffff;

/** A fresh seed for a run that was not given one. */
export function newSeed(): number {
  return Math.floor(Math.random() * (MAX_SEED + 1));
}

const nonNegative = z.number().finite().nonnegative();

/** mitata statistics of one cell, in nanoseconds per call. */
export const StatsSchema = z.object({
  /** Mean of the samples after two are trimmed at each end (mitata's `avg`). */
  avgNs: nonNegative,
  /** Median of the same samples, the lower middle one: the figure a cell is quoted by (reports,
   *  speedups, diffs), since a shared machine's bursts move a mean and rarely a median. */
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
  /** 95 % bootstrap confidence interval of `p50Ns` (contract/statistics.ts
   *  `bootstrapMedian`). Files written before the median became the figure (bridgetax before
   *  commit "measure: stop on the median's interval") hold the interval of `avgNs` here. */
  ciLowNs: nonNegative.optional(),
  ciHighNs: nonNegative.optional(),
  /** Relative margin of error: half the interval's width over `p50Ns` (0.01 = ±1 %). */
  rme: nonNegative.optional(),
  /** The harness floor of this cell's argument shape: mitata's loop around a JS no-op, ns per call. */
  floorNs: nonNegative.optional(),
  /** `avgNs` net of the floor; zero or below means the cell is indistinguishable from it. */
  netNs: z.number().finite().optional(),
  /** Why timing stopped (runners/shared/measure.ts): `target`, the interval reached its mode's
   *  target (±1 % full, ±3 % quick); `cap`, the cell reached its mode's time cap first. Absent in
   *  files written before measuring was adaptive. */
  stop: z.enum(['target', 'cap']).optional(),
  /** Milliseconds spent timing the cell, warm-up included. */
  timedMs: nonNegative.optional(),
  /** Calls per sample: 1 when each call is its own sample, else the batch mitata timed. */
  batch: z.number().int().positive().optional(),
}).strict();
/** mitata statistics of one cell. */
export type Stats = z.infer<typeof StatsSchema>;

/**
 * Where the credibility flags trip, declared once: the runner measures, merge flags
 * (orchestrator/credibility.ts), reports explain.
 */
/**
 * When a timed cell stops, declared once for every harness (runners/shared/measure.ts, and the
 * host runner through the spec orchestrator/host.ts writes): once the half width of its median's
 * 95 % interval over the median (`rme`) is at most `targetRme` (`stop: 'target'`), or after `capMs` of timing
 * (`stop: 'cap'`), and never on fewer than `minSamples` samples. measure.ts says why these values.
 */
export const stoppingRules = {
  quick: { targetRme: 0.03, capMs: 150 },
  full: { targetRme: 0.01, capMs: 300 },
  minSamples: 12,
} as const;

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
  capped: 'stopped by its time cap before its 95 % interval reached its mode\'s target (±1 % of the mean in full mode, ±3 % quick)',
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
  /** Each round's median, in round order (`bridgetax ab` judges these: a median per round is
   *  not moved by the few calls another process preempted). Absent in older files. */
  p50Ns: z.array(nonNegative).min(2).optional(),
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

/** One file a mechanism loads, on disk and gzip-compressed (orchestrator/load-size.ts). */
export const LoadedFileSchema = z.object({
  /** `artifact`: the built file (`mechanismArtifact`); `addon`: a native addon of the package it
   *  depends on (`mechanismPackage`), koffi's own `.node`. */
  role: z.enum(['artifact', 'addon']),
  /** The file name (a folder's name for an artifact that is one). */
  name: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  /** Size after `gzip -9`, per file (a folder: the sum over its files). */
  gzipBytes: z.number().int().nonnegative(),
}).strict();

/** What a `load` cell adds to its stats: the split against the column's start and the sizes. */
export const LoadSchema = z.object({
  /** Median of the column's runtime start with nothing loaded (`harness.startup`). */
  startupNs: nonNegative.optional(),
  /** Median cold start minus `startupNs`: what loading the mechanism and its first call cost. */
  netNs: z.number().finite().optional(),
  /** 95 % bootstrap interval of that difference of medians. */
  netLowNs: z.number().finite().optional(),
  netHighNs: z.number().finite().optional(),
  /** What the mechanism loads; empty for one that loads nothing built (js, platform). */
  files: z.array(LoadedFileSchema),
  bytes: z.number().int().nonnegative(),
  gzipBytes: z.number().int().nonnegative(),
  /** The npm package the mechanism depends on (`mechanismPackage`), installed for this machine:
   *  its folder and its installed platform packages. */
  package: z.object({
    name: z.string().min(1), version: z.string().min(1),
    bytes: z.number().int().nonnegative(), gzipBytes: z.number().int().nonnegative(), files: z.number().int().nonnegative(),
  }).strict().optional(),
}).strict();
/** The load split and sizes of a `load` cell. */
export type Load = z.infer<typeof LoadSchema>;

/** How a runner measured: its seed (mechanism order, bootstrap) and its harness floors. */
export const HarnessSchema = z.object({
  /** Seed of the shuffled mechanism order (and of the cold-start bootstrap), per round. */
  seeds: z.array(z.number().int().min(0).max(MAX_SEED)),
  floors: z.array(FloorSchema),
  /** The `load` group's floor: a fresh process of this runtime running the load entry with
   *  nothing to load, timed like the load cells (wall time per process). */
  startup: StatsSchema.optional(),
}).strict();
/** What a runner records about its harness. */
export type Harness = z.infer<typeof HarnessSchema>;

/** A runtime column: a runtime and its exact version; or a host column: the crate embedding a
 *  JS engine in Rust and its exact version, with the engine in `engine`. */
/** A column label: letters, digits, `.`, `_`, `-` (it becomes part of the column id). */
export const columnLabel = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);

export const RuntimeInfoSchema = z.object({
  /** `<name>@<version>`, the column key. */
  id: z.string().regex(new RegExp(`^(${[...runtimeNames, ...hostNames].join('|')})@\\d+\\.\\d+\\.\\d+`)),
  name: z.enum([...runtimeNames, ...hostNames]),
  version: z.string().min(1),
  execPath: z.string().min(1),
  /** Host columns: the embedded engine and its version (`QuickJS-ng` 0.16.2, `V8` 14.x). */
  engine: z.object({ name: z.string().min(1), version: z.string().min(1) }).strict().optional(),
  /** A build told apart from another of the same version (`bridgetax ab`, `--runtime
   *  bun=/path`): the id is then `<name>@<version>#<label>`, so two builds stay two columns. */
  label: columnLabel.optional(),
  /** Artifacts this column loaded in place of the ones built here (artifact id to path): a
   *  second `.node`/`.so`/`.wasm` from another commit or framework version. */
  swapped: z.record(z.string(), z.string().min(1)).optional(),
}).strict();
/** A runtime column. */
export type RuntimeInfo = z.infer<typeof RuntimeInfoSchema>;
/** A JS runtime's column, as a JS runner detects itself (never a host column). */
export type JsRuntimeInfo = RuntimeInfo & { name: (typeof runtimeNames)[number] };

const param = z.number().int().nonnegative().nullable();

/**
 * The framework version of a mechanism that comes in versions (napi-rs 3.16.1 and 3.5.2), as the
 * build read it from the lockfile; absent for a mechanism measured at one version only. Part of
 * every key: a cell is (runtime, mechanism, mechanismVersion, workload, param).
 */
const mechanismVersion = z.string().regex(/^\d+\.\d+\.\d+[0-9A-Za-z.+-]*$/).optional();

/** A mechanism, at a version when it comes in several. */
export interface MechanismAt {
  mechanism: MechanismId;
  mechanismVersion?: string | undefined;
}

/** How reports name a mechanism: `napi 3.16.1`, or the bare id when it has no version. */
export function mechanismLabel(m: MechanismAt): string {
  return m.mechanismVersion ? `${m.mechanism} ${m.mechanismVersion}` : m.mechanism;
}

/** The same as one word, for names that must not hold a space (benchmark names): `napi@3.16.1`. */
export function mechanismKey(m: MechanismAt): string {
  return m.mechanismVersion ? `${m.mechanism}@${m.mechanismVersion}` : m.mechanism;
}

/** Every mechanism-at-version among `items`, in report order: catalogue order, and within one
 *  mechanism its newest version first (the version a user installs today leads). */
export function mechanismsIn(items: readonly MechanismAt[]): MechanismAt[] {
  const seen = new Map<string, MechanismAt>();
  for (const x of items) {
    const k = mechanismKey(x);
    if (!seen.has(k)) seen.set(k, x.mechanismVersion ? { mechanism: x.mechanism, mechanismVersion: x.mechanismVersion } : { mechanism: x.mechanism });
  }
  return [...seen.values()].sort((a, b) => mechanismIds.indexOf(a.mechanism) - mechanismIds.indexOf(b.mechanism)
    || compareVersions(b.mechanismVersion ?? '', a.mechanismVersion ?? ''));
}

/** Whether two things name the same mechanism at the same version. */
export function sameMechanism(a: MechanismAt, b: MechanismAt): boolean {
  return a.mechanism === b.mechanism && a.mechanismVersion === b.mechanismVersion;
}

/** One (runtime, mechanism, mechanismVersion, workload, param) measurement. */
export const CellSchema = z.object({
  runtime: z.string(),
  mechanism: z.enum(mechanismIds),
  mechanismVersion,
  workload: z.string(),
  group: z.enum(groups),
  param,
  /** What `param` counts (bytes, elements, n), when there is one. */
  paramUnit: z.string().optional(),
  /** True when the answer equalled the JS reference: before timing and, for a timed cell, again
   *  after it (`verifiedAfterTiming`). Only verified cells carry stats. */
  verified: z.boolean(),
  /** Timed cells: the answer checked again after timing, through the bench function mitata had
   *  just driven hot, equalled the reference (false: the cell failed, and carries no time). Absent
   *  when nothing was timed (verify mode, a cell that failed before) and in older files. */
  verifiedAfterTiming: z.boolean().optional(),
  stats: StatsSchema.optional(),
  /** What the figure includes beyond the crossing (e.g. a copy into wasm memory). */
  note: z.string().optional(),
  /** The mean and the median per unit of work inside one call (per callback when a call makes
   *  `param` of them); `p50Ns` is absent in older files. */
  perItem: z.object({ unit: z.string().min(1), avgNs: nonNegative, p50Ns: nonNegative.optional() }).strict().optional(),
  /** FFI cells: which call path the crossing took. */
  callPath: CallPathSchema.optional(),
  /** `call` cells: a plain timed loop beside mitata's figure. */
  crossCheck: CrossCheckSchema.optional(),
  /** With `--repeat N`: every round's mean. */
  repeats: RepeatsSchema.optional(),
  /** `load` cells: the split against the runtime's own start, and the sizes loaded. */
  load: LoadSchema.optional(),
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
  mechanismVersion,
  workload: z.string().optional(),
  reason: z.string().min(1),
}).strict();
/** A skip, always with its reason. */
export type Skip = z.infer<typeof SkipSchema>;

/** Something that should have worked and did not: a wrong answer, a load error, a crash. */
export const FailureSchema = z.object({
  runtime: z.string(),
  mechanism: z.enum(mechanismIds).optional(),
  mechanismVersion,
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
  mechanismVersion,
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
  mechanismVersion,
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

/** What one load-entry process writes (runners/shared/load.ts): how its one call went. */
export const LoadOutcomeSchema = z.object({
  kind: z.literal('load'),
  runtime: RuntimeInfoSchema,
  /** Absent for the floor (nothing loaded). */
  mechanism: z.enum(mechanismIds).optional(),
  outcome: z.enum(['verified', 'skipped', 'failed']),
  reason: z.string().min(1).optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
}).strict();
/** A load entry's document. */
export type LoadOutcome = z.infer<typeof LoadOutcomeSchema>;

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

/** The figure a timed cell is quoted by in every report: its median, per item when one call
 *  makes many (a file without the per-item median falls back to the per-item mean). */
export function figureNs(c: Pick<Cell, 'stats' | 'perItem'>): number {
  if (c.perItem) return c.perItem.p50Ns ?? c.perItem.avgNs;
  if (!c.stats) throw new Error('figureNs of a cell with no stats');
  return c.stats.p50Ns;
}
