/**
 * The merged results document (DESIGN.md "Results"): validated on write and on read.
 * Cell, skip and failure shapes come from the runner document's schema, so the two can't drift.
 */
import { z } from 'zod';
import { mechanismIds } from './registry.ts';
import { CellSchema, FailureSchema, flagsOf, HarnessSchema, netOfFloor, ModeSchema, RuntimeInfoSchema, SCHEMA_VERSION, SkipSchema, type Cell } from './document.ts';
import { bootstrapMedian } from './statistics.ts';
import { EventLoopEntrySchema, LatenessSchema, ParallelEntrySchema } from './event-loop.ts';

/** A runtime column in the merged results, with the libraries it measured through. */
export const RuntimeEntrySchema = RuntimeInfoSchema.extend({
  libraries: z.record(z.string(), z.string()).optional(),
  /** In a document merged from several machines (`bridgetax merge`): the `machines[].id` this
   *  column ran on. Its `id` then carries the machine too (`node@26.10.0 linux-x64`), so every
   *  cell, skip and failure names a column unique across machines. */
  machine: z.string().optional(),
  /** The column's seeds and harness floors (the median round's, with `--repeat`). */
  harness: HarnessSchema.optional(),
  /** The event_loop group's floor: how late its 1 ms timer fired with nothing running. */
  timerIdle: LatenessSchema.optional(),
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
  /** The user's own workloads the run measured (`--workloads-dir`, docs/your-own.md): each one's
   *  folder and the crates its kernel depends on, at the versions the build locked. */
  userWorkloads: z.array(z.object({
    id: z.string(),
    dir: z.string(),
    crates: z.record(z.string(), z.string()),
  }).strict()).optional(),
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
  /** The event_loop group: per column, mechanism and path, how late a 1 ms timer fired while a
   *  long job ran (contract/event-loop.ts). A failed entry is in `failures` too. */
  eventLoop: z.array(EventLoopEntrySchema).optional(),
  /** The parallel group: N jobs at once, per column, mechanism and path. */
  parallel: z.array(ParallelEntrySchema).optional(),
  /** Present when the document merges runs from several machines (`bridgetax merge`): each
   *  keeps its environment here, and `environment` is then the first machine's. */
  machines: z.array(MachineSchema).min(1).optional(),
}).strict();
/** The merged results document. */
export type Results = z.infer<typeof ResultsSchema>;

/** Parses and validates a results document; the error names the file and every problem. A
 *  version 1 or 2 document is read too, upgraded by `fromVersion1` and `fromVersion2`. */
export function parseResults(json: unknown, source = 'results'): Results {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === 1) json = fromVersion2(fromVersion1(json), { v1: true });
  else if (version === 2) json = fromVersion2(json);
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
    ...doc, schemaVersion: 2, cells: tag(doc.cells), skipped: tag(doc.skipped), failures: tag(doc.failures),
    ...(analysis && typeof analysis === 'object' ? { analysis: { ...analysis, speedups: tag(analysis.speedups), crossovers: tag(analysis.crossovers) } } : {}),
  };
}

/** Which statistic a version 1 or 2 column's `ciLowNs`/`ciHighNs`/`rme` are the interval of. */
export type LegacyIntervalOf = 'median' | 'mean' | 'unknown';

/**
 * Which statistic the intervals of each column of a version 2 document are of. Version 2 began
 * with the interval of the mean; bridgetax commit df9db0c ("measure: stop on the median's
 * interval") made them the median's, and in the same commit gave `perItem` its `p50Ns`. So a
 * column with a per-item cell tells: `perItem.p50Ns` present, the median's; absent, the mean's.
 * A column without one can't tell (`unknown`). Every version 1 column is the mean's.
 */
export function legacyIntervalsOf(doc: { cells?: unknown }, v1 = false): Map<string, LegacyIntervalOf> {
  const out = new Map<string, LegacyIntervalOf>();
  for (const c of (Array.isArray(doc.cells) ? doc.cells : []) as Json[]) {
    const runtime = String(c.runtime);
    if (v1) {
      out.set(runtime, 'mean');
      continue;
    }
    const item = c.perItem as Json | undefined;
    if (item && typeof item === 'object') out.set(runtime, item.p50Ns === undefined ? 'mean' : 'median');
    else if (!out.has(runtime)) out.set(runtime, 'unknown');
  }
  return out;
}

/** Four significant digits, as `samplesNs` records each sample. */
const fourDigits = (x: number) => Number(x.toPrecision(4));

/**
 * A version 1 or 2 stats object as version 3. The interval fields move to the median's names
 * only when they are known to be the median's: the column says so (`legacyIntervalsOf`), or the
 * cell's samples were recorded in full (`samplesNs` has all `samples`) and the exact interval of
 * their median equals the recorded one to the four digits they were kept at (a mean's interval
 * ends at averages of resamples, a median's at samples). Otherwise they are kept as
 * `legacyInterval` with what is known of them, and where the samples were recorded in full the
 * median's interval is computed from them. `floorNs`/`netNs` were of the mean: the floor's median
 * comes from the column's floors (the one whose mean the cell recorded), and the net from it.
 */
function upgradeStats(stats: unknown, of: LegacyIntervalOf, floors: readonly Json[]): unknown {
  if (!stats || typeof stats !== 'object') return stats;
  const { ciLowNs, ciHighNs, rme, floorNs, netNs: _meanNet, ...rest } = stats as Json;
  const out: Json = { ...rest };
  const samplesNs = Array.isArray(rest.samplesNs) ? rest.samplesNs as number[] : undefined;
  const complete = samplesNs && samplesNs.length === rest.samples && samplesNs.every((x) => typeof x === 'number') ? samplesNs : undefined;
  const recomputed = complete ? bootstrapMedian([...complete].sort((a, b) => a - b)) : undefined;
  const stored = typeof ciLowNs === 'number' && typeof ciHighNs === 'number' && typeof rme === 'number'
    ? { lowNs: ciLowNs, highNs: ciHighNs, rme } : undefined;
  const provenMedian = stored && recomputed && fourDigits(stored.lowNs) === recomputed.low && fourDigits(stored.highNs) === recomputed.high;
  if (stored && (of === 'median' || (of === 'unknown' && provenMedian))) {
    Object.assign(out, { medianCiLowNs: stored.lowNs, medianCiHighNs: stored.highNs, medianRme: stored.rme });
  } else {
    if (stored) out.legacyInterval = { of: of === 'median' ? 'unknown' : of, ...stored };
    if (recomputed) Object.assign(out, { medianCiLowNs: recomputed.low, medianCiHighNs: recomputed.high, medianRme: recomputed.rme });
  }
  if (typeof floorNs === 'number' && typeof rest.p50Ns === 'number') {
    const floor = floors.map((f) => f.stats as Json | undefined).find((f) => f?.avgNs === floorNs);
    if (floor && typeof floor.p50Ns === 'number') Object.assign(out, netOfFloor({ p50Ns: rest.p50Ns }, { p50Ns: floor.p50Ns }));
  }
  return out;
}

/**
 * Reads a version 2 document (or a version 1 one `fromVersion1` upgraded, `v1`) as version 3:
 * every statistic under the name of what it is. Per stats object (cells, harness floors and
 * startup) `upgradeStats`; per cell the repeats' spread of medians (where each round's median was
 * recorded; the spread of means is dropped, `avgNs` still holds the rounds' means), the per-item
 * median (`stats.p50Ns / param`, as the runners computed it), the load fields' median names (they
 * were always medians), and the flags recomputed from the median (`flagsOf`) as merge sets them.
 * Failures and their reasons stay as they were written.
 */
export function fromVersion2(json: unknown, o: { v1?: boolean } = {}): unknown {
  const doc = json as Json;
  const intervals = legacyIntervalsOf(doc, o.v1);
  const runtimes = (Array.isArray(doc.runtimes) ? doc.runtimes : []) as Json[];
  const floorsOf = (runtime: unknown) => {
    const h = runtimes.find((r) => r.id === runtime)?.harness as Json | undefined;
    return (Array.isArray(h?.floors) ? h.floors : []) as Json[];
  };
  const ofColumn = (runtime: unknown) => (o.v1 ? 'mean' : intervals.get(String(runtime)) ?? 'unknown');
  const cells = (Array.isArray(doc.cells) ? doc.cells as Json[] : []).map((c) => {
    const out: Json = { ...c };
    if (c.stats) out.stats = upgradeStats(c.stats, ofColumn(c.runtime), floorsOf(c.runtime));
    const s = out.stats as Json | undefined;
    const repeats = c.repeats as Json | undefined;
    if (repeats && typeof repeats === 'object') {
      const { spread: _meanSpread, ...kept } = repeats;
      const p50s = Array.isArray(kept.p50Ns) ? kept.p50Ns as number[] : undefined;
      out.repeats = p50s && p50s.length > 1 && Math.min(...p50s) > 0 ? { ...kept, medianSpread: Math.max(...p50s) / Math.min(...p50s) } : kept;
    }
    const item = c.perItem as Json | undefined;
    if (item && typeof item === 'object' && item.p50Ns === undefined) {
      if (typeof s?.p50Ns === 'number' && typeof c.param === 'number' && c.param > 0) out.perItem = { ...item, p50Ns: s.p50Ns / c.param };
      else delete out.perItem;
    }
    const load = c.load as Json | undefined;
    if (load && typeof load === 'object') {
      const { startupNs, netNs, netLowNs, netHighNs, ...sizes } = load;
      out.load = {
        ...(startupNs !== undefined ? { startupMedianNs: startupNs } : {}), ...(netNs !== undefined ? { medianNetNs: netNs } : {}),
        ...(netLowNs !== undefined ? { medianNetCiLowNs: netLowNs } : {}), ...(netHighNs !== undefined ? { medianNetCiHighNs: netHighNs } : {}),
        ...sizes,
      };
    }
    const parsed = CellSchema.safeParse(out);
    if (parsed.success) {
      const flags = flagsOf(parsed.data as Cell);
      if (flags.length) out.flags = flags;
      else delete out.flags;
    }
    return out;
  });
  const upgradedRuntimes = runtimes.map((r) => {
    const h = r.harness as Json | undefined;
    if (!h || typeof h !== 'object') return r;
    const of = ofColumn(r.id);
    const floors = (Array.isArray(h.floors) ? h.floors as Json[] : []).map((f) => ({ ...f, stats: upgradeStats(f.stats, of, []) }));
    return { ...r, harness: { ...h, floors, ...(h.startup ? { startup: upgradeStats(h.startup, of, []) } : {}) } };
  });
  return { ...doc, schemaVersion: SCHEMA_VERSION, runtimes: upgradedRuntimes, cells };
}

/**
 * Why a document of another schema version is refused rather than read: fields may have changed
 * meaning between versions, and a misread number is worse than none. Version 1 is read through
 * `fromVersion1` and version 2 through `fromVersion2`; a version 4 must bring a reader for
 * version 3 (DESIGN.md, "Results").
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
