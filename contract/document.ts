/**
 * Shapes of what a runner writes and the merged results carry, declared once as zod schemas;
 * the TypeScript types are inferred from them. Runners validate before they write; the
 * orchestrator validates again on read (contract/results.ts composes the merged document).
 */
import { z } from 'zod';
import { groups } from './workloads.ts';
import { hostNames, mechanismIds, runtimeNames, type MechanismId } from './registry.ts';
import { compareVersions } from './versions.ts';
import { ServerSchema } from './event-loop.ts';

/** Version of the runner document and of the merged results document. Version 2 added the
 *  mechanism version to a cell's key; version 3 names every statistic for what it is (the median's
 *  interval is `medianCiLowNs`/`medianCiHighNs`/`medianRme`, the net figure `medianNetNs`), after
 *  version 2's `ciLowNs`/`ciHighNs`/`rme` changed from the mean's interval to the median's without
 *  a bump. contract/results.ts reads versions 1 and 2 (results/README.md says how). */
export const SCHEMA_VERSION = 3;

/** Largest run seed (seeds are unsigned 32-bit integers: `--seed` of compare and runners). */
export const MAX_SEED = 0xffff_ffff;

/** A fresh seed for a run that was not given one. */
export function newSeed(): number {
  return Math.floor(Math.random() * (MAX_SEED + 1));
}

const nonNegative = z.number().finite().nonnegative();

/** What is left of a version 1 or 2 file's interval fields (`ciLowNs`, `ciHighNs`, `rme`) when
 *  they cannot be known to be the median's (contract/results.ts `fromVersion2`). */
export const LegacyIntervalSchema = z.object({
  /** `mean`: the file was written before the median became the figure, so this is the 95 %
   *  bootstrap interval of `avgNs`; `unknown`: the mean's or the median's, the file can't tell. */
  of: z.enum(['mean', 'unknown']),
  lowNs: nonNegative,
  highNs: nonNegative,
  /** Half the interval's width over the statistic it was of. */
  rme: nonNegative,
}).strict();

/** Statistics of one cell, in nanoseconds per call. The cell's figure is `p50Ns`, its median:
 *  every judgement (flags, net of the floor, cross-check, the choice of a round, diffs,
 *  exports) uses it and the interval of it. */
/** The engine tier a cell's loop was sampled in. */
export const TierSchema = z.object({
  /** V8: `turbofan`, `maglev`, `sparkplug`, `ignition`; JavaScriptCore: `dfg` (DFG or FTL code),
   *  `baseline`; `unknown` where the engine does not say. Read after the last sample. */
  name: z.string().min(1),
  /** Whether the loop ran in the engine's optimizing tier (TurboFan; the DFG or FTL) from its
   *  first sample to its last. */
  optimized: z.boolean(),
  /** Warm-up before the first sample: its milliseconds and its calls of the loop. */
  warmUpMs: nonNegative,
  warmUpCalls: z.number().int().nonnegative(),
  /** The optimizing tier was requested after 20 ms of warm-up without it (V8's
   *  `%OptimizeFunctionOnNextCall`, bun:jsc's `optimizeNextInvocation`): a long call leaves the
   *  loop too few invocations for the engine's own tier-up. */
  forced: z.literal(true).optional(),
  /** Why not optimized, when not. */
  why: z.string().min(1).optional(),
}).strict();
/** The tier of a cell's loop. */
export type Tier = z.infer<typeof TierSchema>;

/** One of two clusters of a cell's samples (contract/statistics.ts `twoModes`). */
export const SampleModeSchema = z.object({
  /** The cluster's median, ns per call. */
  median: nonNegative,
  /** Its share of the kept samples. */
  share: z.number().min(0).max(1),
}).strict();

export const StatsSchema = z.object({
  /** Mean of the samples after two are trimmed at each end (mitata's `avg`). Shown beside the
   *  median for the record; nothing is judged by it (a shared machine's bursts move a mean). */
  avgNs: nonNegative,
  /** Median of the same samples, the lower middle one (`sorted[⌊(n − 1) / 2⌋]`, mitata's `p50`):
   *  the figure a cell is quoted, flagged, netted and compared by. */
  p50Ns: nonNegative,
  p75Ns: nonNegative,
  p99Ns: nonNegative,
  minNs: nonNegative,
  maxNs: nonNegative,
  /** Number of samples kept (each sample may time a batch of calls). */
  samples: z.number().int().positive(),
  /** Number of calls timed in all. */
  ticks: z.number().int().positive(),
  /** The per-call times kept, ascending, thinned to at most 256 evenly spaced quantiles
   *  (4 significant digits): enough for a rank test between two runs (`diff`) at a few KiB a
   *  cell. Absent in files written before it was recorded. */
  samplesNs: z.array(nonNegative).min(1).optional(),
  /** 95 % percentile-bootstrap interval of `p50Ns`, computed exactly (contract/statistics.ts
   *  `bootstrapMedian`). Absent in a file read from version 1 or 2 where it was not known. */
  medianCiLowNs: nonNegative.optional(),
  medianCiHighNs: nonNegative.optional(),
  /** Relative margin of error of the median: half the interval's width over `p50Ns` (0.01 = ±1 %). */
  medianRme: nonNegative.optional(),
  /** Only in a file read from version 1 or 2: its interval, when it could not be known to be the
   *  median's. */
  legacyInterval: LegacyIntervalSchema.optional(),
  /** The median (`p50Ns`) of the harness floor of this cell's argument shape: the timing loop
   *  around a JS no-op, ns per call. */
  floorMedianNs: nonNegative.optional(),
  /** `p50Ns − floorMedianNs`: the median net of the floor's median, when positive. Absent beside
   *  `floorMedianNs` when the median is at or below the floor: the cell is "at the harness floor"
   *  (`netOfFloor`), never a zero or negative time. Files written before that may hold one ≤ 0:
   *  reports read it as at the floor too. */
  medianNetNs: z.number().finite().optional(),
  /** Why timing stopped (contract/statistics.ts `stopDecision`): `target`, the median's interval
   *  reached its mode's target (`medianRme` ≤ ±1 % full, ±3 % quick); `cap`, the cell reached its
   *  mode's time cap first. Absent in files written before measuring was adaptive. */
  stop: z.enum(['target', 'cap']).optional(),
  /** Milliseconds spent timing the cell, warm-up included. */
  timedMs: nonNegative.optional(),
  /** Calls per sample: 1 when each call is its own sample, else the batch timed as one. */
  batch: z.number().int().positive().optional(),
  /** Which loop timed the cell: `loop`, the suite's own (runners/shared/loop.ts: every call
   *  made one at a time, a request to the service awaited before the next); `mitata`, mitata's
   *  (the `async` group's calls in flight together, and the calls whose argument is written). Absent in files written before the suite had its own loop (all mitata). */
  harness: z.enum(['loop', 'mitata']).optional(),
  /** The engine tier the timed loop ran in (runners/shared/tier.ts). */
  tier: TierSchema.optional(),
  /** Samples dropped from the start of the series because they were still warming (their median
   *  well above the rest's, contract/statistics.ts `steadyFrom`). */
  warmingSamples: z.number().int().positive().optional(),
  /** The samples fall into two clusters (`twoModes`): both, lower first. The median is still the
   *  figure, and the cell is flagged `two-modes`. */
  modes: z.tuple([SampleModeSchema, SampleModeSchema]).optional(),
}).strict();
/** mitata statistics of one cell. */
export type Stats = z.infer<typeof StatsSchema>;

/**
 * Where the credibility flags trip, declared once: the runner measures, merge flags
 * (orchestrator/credibility.ts), reports explain.
 */
/**
 * When a timed cell stops, declared once for every harness (runners/shared/measure.ts, and the
 * host runner through the spec orchestrator/host.ts writes), decided by one pure function
 * (contract/statistics.ts `stopDecision`, which contract/statistics-vectors.json pins for both
 * the TypeScript and the Rust side): once the half width of its median's 95 % interval over the
 * median (`medianRme`) is at most `targetRme` (`stop: 'target'`), or after `capMs` of timing
 * (`stop: 'cap'`); never on fewer than `minSamples` samples, except that a cell past its cap with
 * at least `minCappedSamples` stops there (`cap`): one QuickJS call of `fin_metrics` over 1 Mi
 * points lasts a second, and twelve of them would be twelve seconds of one cell (the JS runners'
 * first chunk always takes `minSamples`, so it never applies to them). From `minSamples` samples
 * on, two are trimmed at each end before anything is computed. measure.ts says why these values.
 */
export const stoppingRules = {
  quick: { targetRme: 0.03, capMs: 150 },
  full: { targetRme: 0.01, capMs: 300 },
  minSamples: 12,
  minCappedSamples: 3,
  /** Sorted samples dropped at each end once there are `minSamples`, as mitata drops from one run's. */
  trim: 2,
} as const;

export const thresholds = {
  /** A cell within this factor of its harness floor is "at harness resolution". */
  harnessResolution: 2,
  /** A cell whose relative margin of error exceeds this is "noisy". */
  noisyRme: 0.05,
  /** A cell whose plain-loop cross-check differs from its quoted median by more than this
   *  factor disagrees (issue 24: the two loops are the same call timed two ways, so anything
   *  wider is one of them timing something other than the call). */
  crossCheck: 1.15,
  /** The same for a cell mitata timed (the async cells, the cells whose argument is written, and
   *  every cell of a file written before the suite had its own loop): its cross-check is a loop of
   *  another shape (awaited requests; before, constant arguments), so only a wider gap is news. */
  crossCheckMitata: 2,
  /** Repeats of a cell whose slowest/fastest round median exceeds this ratio disagree. */
  repeats: 1.5,
  /** No call takes less than this (a third of a cycle at 3 GHz): a figure below it is the JIT
   *  having removed the call, not a time. */
  physicalFloorNs: 0.1,
  /** No bare `call` cell takes this long: a figure above it is a unit slip or a fault. */
  callCeilingNs: 1e6,
  /** The same for a request to the loopback service (`serviceMechanisms`): its scheduling tail
   *  on a loaded 2-core machine put means at 1–14 ms (medians lower), and 100 ms is still a
   *  fault, not a cost. */
  serviceCallCeilingNs: 100e6,
} as const;

/** What a flag on a cell says; reports give each a marker and this text. */
export const cellFlags = {
  'at-harness-resolution': `median within ${thresholds.harnessResolution}x of the harness floor's median (the same loop around a JS no-op no engine inlines): the figure is mostly harness`,
  noisy: `95 % interval of the median wider than ±${thresholds.noisyRme * 100} % of the median`,
  capped: 'stopped by its time cap before the 95 % interval of its median reached its mode\'s target (±1 % of the median in full mode, ±3 % quick)',
  'off-fast-path': 'the call did not take its mechanism\'s fast path',
  'cross-check-disagrees': `a second loop timing the same call disagrees with the quoted median by more than ${thresholds.crossCheck}x (${thresholds.crossCheckMitata}x for a cell mitata timed)`,
  'repeats-disagree': `the medians of the cell's repeats differ by more than ${thresholds.repeats}x`,
  'not-optimized': 'the timed loop did not run in the engine\'s optimizing tier (TurboFan; JavaScriptCore\'s DFG or FTL) throughout: the figure may include the interpreter',
  'two-modes': 'the samples fall into two clusters (a call path taken on some calls and not on others): the median follows the larger one; both are recorded',
  'below-physical-floor': `median (or the plain loop's) below ${thresholds.physicalFloorNs} ns per call: the JIT removed the call; not a valid time`,
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
  /** The engine tier the loop ran in after its warm-up (as `Tier.name`); absent before it was
   *  recorded, and for the plain loops of awaited requests. */
  tier: z.string().min(1).optional(),
}).strict();
/** A cross-check of a cell. */
export type CrossCheck = z.infer<typeof CrossCheckSchema>;

/** The same cell measured in several interleaved rounds (`compare --repeat N`). */
export const RepeatsSchema = z.object({
  /** Each round's median (`p50Ns`), in round order: the cell's `stats` are the round whose median
   *  is the median of these (the lower middle one for an even count); `diff` and `bridgetax ab`
   *  judge these. Absent only in a file read from version 1 or 2 that did not record them. */
  p50Ns: z.array(nonNegative).min(2).optional(),
  /** Each round's mean, in round order, for the record: nothing is judged by it. */
  avgNs: z.array(nonNegative).min(2),
  /** Slowest over fastest round median (`p50Ns`); present with `p50Ns` unless a round's median is 0
   *  (a removed call: no ratio to take). */
  medianSpread: z.number().finite().min(1).optional(),
}).strict();

/** The harness floor of one argument shape: the timing loop with such arguments around a JS
 *  function that does nothing and that no engine inlines (runners/shared/floor.ts). */
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
  /** Median of the column's runtime start with nothing loaded (`harness.startup.p50Ns`). */
  startupMedianNs: nonNegative.optional(),
  /** The cell's median cold start (`stats.p50Ns`) minus `startupMedianNs`: a difference of
   *  medians, what loading the mechanism and its first call cost. */
  medianNetNs: z.number().finite().optional(),
  /** 95 % bootstrap interval of that difference of medians (both series redrawn, seeded). */
  medianNetCiLowNs: z.number().finite().optional(),
  medianNetCiHighNs: z.number().finite().optional(),
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

/** How far a process may reach one kind of resource: all of it, some paths or hosts, none. */
export const AccessSchema = z.enum(['all', 'scoped', 'none']);

/**
 * The permissions a runner process ran with, as it read them from inside (Node's
 * `process.permission.has`, Deno's `Deno.permissions.querySync`), not as the orchestrator meant
 * them. `model` is the permission system in force: Node's `--permission`, Deno's (always on), or
 * `none` (every permission: Bun, which has none, and a Node run without `--permission`).
 */
export const PermissionsSchema = z.object({
  model: z.enum(['node', 'deno', 'none']),
  /** Per capability; absent under `none`, where every capability is `all`. */
  access: z.object({
    fsRead: AccessSchema, fsWrite: AccessSchema, addons: AccessSchema, ffi: AccessSchema,
    net: AccessSchema, childProcess: AccessSchema, worker: AccessSchema,
  }).strict().optional(),
  /** Why the model is `none` where the runtime has one (a Node with only the experimental model,
   *  or a column run without it on purpose). */
  why: z.string().min(1).optional(),
}).strict();
/** A runner's permissions. */
export type Permissions = z.infer<typeof PermissionsSchema>;

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
  /** The permissions the runner ran with (JS runtimes; absent in files from before they were
   *  recorded and in host columns). */
  permissions: PermissionsSchema.optional(),
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
  /** Timed cells: the answer checked again after timing, through the loop just timed (mitata's
   *  bench function for a cell mitata timed), equalled the reference (false: the cell failed, and carries no time). Absent
   *  when nothing was timed (verify mode, a cell that failed before) and in older files. */
  verifiedAfterTiming: z.boolean().optional(),
  stats: StatsSchema.optional(),
  /** What the figure includes beyond the crossing (e.g. a copy into wasm memory). */
  note: z.string().optional(),
  /** Per unit of work inside one call (per callback when a call makes `param` of them): the
   *  median (`stats.p50Ns / param`, the figure reports quote) and the mean (for the record). */
  perItem: z.object({ unit: z.string().min(1), p50Ns: nonNegative, avgNs: nonNegative }).strict().optional(),
  /** FFI cells: which call path the crossing took. */
  callPath: CallPathSchema.optional(),
  /** `call` cells: a plain timed loop beside mitata's figure. */
  crossCheck: CrossCheckSchema.optional(),
  /** With `--repeat N`: every round's median (and mean). */
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
  /** The event_loop and parallel groups, when they ran (contract/event-loop.ts). */
  server: ServerSchema.optional(),
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
 *  makes many. */
export function figureNs(c: Pick<Cell, 'stats' | 'perItem'>): number {
  if (c.perItem) return c.perItem.p50Ns;
  if (!c.stats) throw new Error('figureNs of a cell with no stats');
  return c.stats.p50Ns;
}

/** A cell's figure against its floor, both by their medians: the floor's median, and the cell's
 *  median net of it when the cell is above the floor (at or below it, the cell is at the harness
 *  floor and has no net figure: a zero or negative time would be no time at all). */
export function netOfFloor(stats: Pick<Stats, 'p50Ns'>, floor: Pick<Stats, 'p50Ns'>): { floorMedianNs: number; medianNetNs?: number } {
  const net = stats.p50Ns - floor.p50Ns;
  return { floorMedianNs: floor.p50Ns, ...(net > 0 ? { medianNetNs: net } : {}) };
}

/** How far apart two figures are, as the larger over the smaller (1 = equal). */
export function disagreement(a: number, b: number): number {
  const lo = Math.min(a, b);
  return lo > 0 ? Math.max(a, b) / lo : Infinity;
}

/**
 * The flags a cell has earned, in `cellFlags` order: every one judged on the cell's median and
 * the interval of it, never on the mean. Pure; merge sets them (orchestrator/credibility.ts)
 * and the reader of older files recomputes them (contract/results.ts), so it lives here.
 */
export function flagsOf(c: Cell): CellFlag[] {
  const s = c.stats;
  if (!c.verified || !s) return [];
  const flags: CellFlag[] = [];
  if (s.floorMedianNs !== undefined && s.p50Ns <= thresholds.harnessResolution * s.floorMedianNs) flags.push('at-harness-resolution');
  if (s.medianRme !== undefined && s.medianRme > thresholds.noisyRme) flags.push('noisy');
  if (s.stop === 'cap') flags.push('capped');
  if (c.callPath?.fast === false) flags.push('off-fast-path');
  if (c.crossCheck && disagreement(s.p50Ns, c.crossCheck.nsPerCall) > crossCheckThreshold(s)) flags.push('cross-check-disagrees');
  if (c.repeats?.medianSpread !== undefined && c.repeats.medianSpread > thresholds.repeats) flags.push('repeats-disagree');
  if (s.tier && !s.tier.optimized) flags.push('not-optimized');
  if (s.modes) flags.push('two-modes');
  if (belowPhysicalFloor(c)) flags.push('below-physical-floor');
  return flags;
}

/** How far a cell's cross-check may be from its median before the cell is flagged: by which
 *  loop timed it (`Stats.harness`; absent, in files from before the suite's own loop, is mitata). */
export function crossCheckThreshold(s: Pick<Stats, 'harness'>): number {
  return s.harness === 'loop' ? thresholds.crossCheck : thresholds.crossCheckMitata;
}

/** Whether a per-call figure of the cell (its median, the cross-check's median) is below 0.1 ns. */
export function belowPhysicalFloor(c: Pick<Cell, 'stats' | 'crossCheck'>): boolean {
  const figures = [c.stats?.p50Ns, c.crossCheck?.nsPerCall].filter((x): x is number => x !== undefined);
  return figures.some((ns) => ns < thresholds.physicalFloorNs);
}
