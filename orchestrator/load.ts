/**
 * The `load` group: per mechanism, a fresh runtime process to its first verified `add_i32`
 * call, timed hyperfine-style from outside (warm-up processes, then `runs` timed ones), beside
 * the column's floor: the same process with nothing to load. Never inside a warm process: each
 * sample is one process of runners/shared/load.ts, spawned with the flags and grants the
 * column's runner gets (`runnerCommand`), and only a process that verified its answer counts.
 *
 * Rounds are interleaved (floor and every mechanism once per round, in a seeded shuffled order),
 * so a burst of load on this shared machine lands on all series alike rather than on one.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from './processes.ts';
import { z } from 'zod';
import { bootstrapMedian, lowerMedian, quantile } from '../contract/statistics.ts';
import { coldStart } from '../contract/workloads.ts';
import { mechanismIds, type MechanismId } from '../contract/registry.ts';
import { LoadOutcomeSchema, type Cell, type Failure, type LoadOutcome, type Mode, type RunnerDocument, type Skip, type Stats } from '../contract/document.ts';
import { drawIndex, rngFor, shuffled } from '../contract/random.ts';
import type { FoundRuntime } from './discover.ts';
import { loadSizes } from './load-size.ts';
import { root, type ArtifactPaths } from './paths.ts';
import { unlabelled } from './columns.ts';
import { runnerCommand } from './spawn.ts';

/**
 * Processes per series (the floor and each mechanism) by mode. Every mode first runs one verify
 * process per series (a mechanism that fails or skips costs one process, not a series). In full
 * mode it is a warm-up, then `warmup` more, then `runs` timed ones, rounds shuffled: what it costs
 * per column is (1 + warmup + runs) × (mechanisms + 1) processes. In quick mode the verify process
 * is the first timed one (`verifyCounts`): the column's runner has just loaded every artifact, so
 * the OS page cache and the runtimes' transpile caches are warm before it, and a separate verify
 * process was a sixth of the group's time (README: this machine's seconds).
 */
export const loadBudgets: Record<Exclude<Mode, 'verify'>, LoadBudget> = {
  quick: { warmup: 0, runs: 3, verifyCounts: true },
  full: { warmup: 2, runs: 30 },
};

/** Processes per series of the load group (see `loadBudgets`). */
export interface LoadBudget {
  /** Processes after the verify one whose time is thrown away. */
  warmup: number;
  /** Timed processes per series, the verify one included when `verifyCounts`. */
  runs: number;
  /** The verify process is the first timed one (in catalogue order, the floor first). */
  verifyCounts?: boolean;
}

/** Longest one load process may take before it is killed and its mechanism failed. */
const processTimeoutMs = 60_000;

/** The load entry every load process runs. */
export const loadEntry = join(root, 'runners', 'shared', 'load.ts');


/** What the load group of one column needs. */
export interface LoadSpec {
  runtime: FoundRuntime;
  artifacts: Partial<ArtifactPaths>;
  /** Mechanisms to measure: those the column's runner loaded (the others it skipped already). */
  mechanisms: readonly MechanismId[];
  mode: Mode;
  seed: number;
  denoUnscopedFfi?: boolean;
  /** The loopback service the `http` mechanisms call, while it runs (compare keeps it up through
   *  the load group); without it their load cells are skipped with the adapter's reason. */
  serviceUrl?: string;
  /** Tests only: processes per series instead of the mode's budget. */
  budget?: LoadBudget;
}

/** The load group of one column: its cells, skips and failures, and its floor. */
export interface LoadResult {
  cells: Cell[];
  skipped: Skip[];
  failures: Failure[];
  /** The column's runtime start with nothing loaded (absent in verify mode). */
  startup?: Stats;
}

/**
 * A column's runner document with its load group added: every mechanism the runner loaded (it
 * has a cell, or skipped only some workloads) gets a load cell; one it skipped or failed as a
 * whole is already reported so. The floor goes to `harness.startup`.
 */
export async function withLoad(doc: RunnerDocument, spec: Omit<LoadSpec, 'mechanisms'>, onLine?: (line: string) => void): Promise<RunnerDocument> {
  const mechanisms = mechanismIds.filter((m) => doc.cells.some((c) => c.mechanism === m)
    || doc.skipped.some((s) => s.mechanism === m && s.workload !== undefined));
  const r = await measureLoad({ ...spec, mechanisms }, onLine);
  // The load entry opens a mechanism's own artifact (`mechanismArtifact`), which the runner
  // loaded first: its cells' framework version is the load cell's too.
  const versionOf = (m: MechanismId) => doc.cells.find((c) => c.mechanism === m)?.mechanismVersion;
  r.cells = r.cells.map((c) => {
    const v = versionOf(c.mechanism);
    return v ? { ...c, mechanismVersion: v } : c;
  });
  const harness = doc.harness ?? (r.startup ? { seeds: [spec.seed], floors: [] } : undefined);
  return {
    ...doc, cells: [...doc.cells, ...r.cells], skipped: [...doc.skipped, ...r.skipped], failures: [...doc.failures, ...r.failures],
    ...(harness ? { harness: { ...harness, ...(r.startup ? { startup: r.startup } : {}) } } : {}),
  };
}

/** One process: its wall time, and what it wrote (or why it wrote nothing usable). */
type Run = { ns: number; outcome: LoadOutcome } | { ns: number; error: string; stderrTail?: string };

/** Measures the load group of one column; `onLine` gets progress. Never throws for a process's fault. */
export async function measureLoad(spec: LoadSpec, onLine: (line: string) => void = () => {}): Promise<LoadResult> {
  const rt = spec.runtime.id;
  const result: LoadResult = { cells: [], skipped: [], failures: [] };
  const dir = await mkdtemp(join(tmpdir(), 'bridgetax-load-'));
  const t0 = performance.now();
  let processes = 0;
  try {
    const once = (m: MechanismId | undefined) => {
      processes++;
      return runOnce(spec, m, join(dir, `${m ?? 'floor'}.json`));
    };
    const budget = spec.mode === 'verify' ? undefined : spec.budget ?? loadBudgets[spec.mode];
    const firstCounts = budget?.verifyCounts === true && budget.warmup === 0;
    const firstNs = new Map<MechanismId | 'floor', number>();
    const floor = await once(undefined);
    firstNs.set('floor', floor.ns);
    if (!('outcome' in floor) || floor.outcome.outcome !== 'verified') {
      result.failures.push({ runtime: rt, reason: `the load entry failed with nothing loaded, so no load cell could be measured: ${whyFailed(floor)}`, ...tail(floor) });
      return result;
    }
    const base = { runtime: rt, workload: coldStart.id, group: coldStart.group, param: null };
    const sizes = new Map<MechanismId, NonNullable<Cell['load']>>();
    const verified: MechanismId[] = [];
    for (const m of spec.mechanisms) {
      const r = await once(m);
      if ('outcome' in r && r.outcome.outcome === 'skipped') {
        result.skipped.push({ runtime: rt, mechanism: m, workload: coldStart.id, reason: r.outcome.reason ?? 'skipped' });
        continue;
      }
      if (!('outcome' in r) || r.outcome.outcome !== 'verified') {
        result.failures.push(failureOf(rt, m, r));
        result.cells.push({ ...base, mechanism: m, verified: false });
        continue;
      }
      try {
        sizes.set(m, loadSizes(m, spec.artifacts));
      } catch (e) {
        result.failures.push({ runtime: rt, mechanism: m, workload: coldStart.id, reason: `could not size what it loads: ${(e as Error).message}` });
        result.cells.push({ ...base, mechanism: m, verified: false });
        continue;
      }
      verified.push(m);
      firstNs.set(m, r.ns);
      onLine(`load ${m}: verified`);
    }
    if (!budget) {
      result.cells.push(...verified.map((m): Cell => ({ ...base, mechanism: m, verified: true, load: sizes.get(m)! })));
      return sortCells(result, spec.mechanisms);
    }

    const series: (MechanismId | 'floor')[] = ['floor', ...verified];
    const samples = new Map<string, number[]>(series.map((s) => [s, firstCounts ? [firstNs.get(s)!] : []]));
    const failed = new Set<string>();
    for (let round = 0; round < budget.warmup + budget.runs - (firstCounts ? 1 : 0); round++) {
      for (const s of shuffled(series.filter((x) => !failed.has(x)), spec.seed, `load:${rt}:${round}`)) {
        const r = await once(s === 'floor' ? undefined : s);
        if (!('outcome' in r) || r.outcome.outcome !== 'verified') {
          // Verified once, then not: this process's answer (or its crash) fails the cell.
          if (s === 'floor') {
            result.failures.push({ runtime: rt, reason: `the load floor process failed in round ${round + 1}: ${whyFailed(r)}`, ...tail(r) });
            return { ...result, cells: result.cells.filter((c) => !c.verified) };
          }
          failed.add(s);
          result.failures.push(failureOf(rt, s, r));
          result.cells.push({ ...base, mechanism: s, verified: false });
          continue;
        }
        if (round >= budget.warmup) samples.get(s)!.push(r.ns);
      }
    }
    const floorSamples = samples.get('floor')!;
    result.startup = sampleStats(floorSamples);
    for (const m of verified.filter((x) => !failed.has(x))) {
      const mine = samples.get(m)!;
      const stats = sampleStats(mine);
      const net = medianDifference(mine, floorSamples, spec.seed, `load:${rt}:${m}:net`);
      result.cells.push({
        ...base, mechanism: m, verified: true, stats,
        load: { startupMedianNs: result.startup.p50Ns, medianNetNs: net.value, medianNetCiLowNs: net.low, medianNetCiHighNs: net.high, ...sizes.get(m)! },
      });
      onLine(`load ${m}: ${ms(stats.p50Ns)} to the first verified call (runtime start ${ms(result.startup.p50Ns)}, loading ${net.value < 0 ? '−' : '+'}${ms(Math.abs(net.value))})`);
    }
    return sortCells(result, spec.mechanisms);
  } finally {
    // What the group cost this column, for the quick-run budget (README, issue 11).
    onLine(`load group: ${processes} processes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await rm(dir, { recursive: true, force: true });
  }
}

/** One load process, timed from spawn to exit (what a user's shell would wait for). */
async function runOnce(spec: LoadSpec, mechanism: MechanismId | undefined, out: string): Promise<Run> {
  const { file, args } = runnerCommand({
    // A labelled column's process is told the plain id it will find in itself.
    runtime: { ...spec.runtime, id: unlabelled(spec.runtime) }, artifacts: spec.artifacts, mode: spec.mode, timeoutMs: processTimeoutMs, entry: loadEntry,
    ...(mechanism ? { mechanisms: [mechanism] } : {}), ...(spec.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
    ...(spec.serviceUrl ? { serviceUrl: spec.serviceUrl } : {}),
  }, out);
  await rm(out, { force: true });
  const t0 = performance.now();
  const r = await start(file, args, {
    cwd: root, reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', env: { NO_COLOR: '1' },
    timeout: processTimeoutMs, forceKillAfterDelay: 2000,
  });
  const ns = (performance.now() - t0) * 1e6;
  const stderrTail = String(r.stderr ?? '').trimEnd().split('\n').slice(-20).join('\n');
  const withTail = stderrTail ? { stderrTail } : {};
  if (r.timedOut) return { ns, error: `timed out after ${processTimeoutMs / 1000} s and was killed`, ...withTail };
  if (r.signal) return { ns, error: `died from ${r.signal}`, ...withTail };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(out, 'utf8'));
  } catch (e) {
    return { ns, error: `exited with code ${r.exitCode} and wrote no readable document (${(e as Error).message})`, ...withTail };
  }
  const parsed = LoadOutcomeSchema.safeParse(json);
  if (!parsed.success) return { ns, error: `wrote an invalid document:\n${z.prettifyError(parsed.error)}`, ...withTail };
  // A labelled column's processes report the plain id, as its runner does (orchestrator/columns.ts).
  if (parsed.data.runtime.id !== unlabelled(spec.runtime)) return { ns, error: `reported ${parsed.data.runtime.id}, expected ${unlabelled(spec.runtime)}`, ...withTail };
  // The exit code must agree with the document: 0 only for a verified call.
  if ((r.exitCode === 0) !== (parsed.data.outcome === 'verified')) {
    return { ns, error: `exited with code ${r.exitCode} but its document says ${parsed.data.outcome}`, ...withTail };
  }
  return { ns, outcome: parsed.data };
}

function whyFailed(r: Run): string {
  if ('error' in r) return r.error;
  return r.outcome.reason ?? r.outcome.outcome;
}

function tail(r: Run): { stderrTail?: string } {
  return 'stderrTail' in r && r.stderrTail ? { stderrTail: r.stderrTail } : {};
}

function failureOf(runtime: string, mechanism: MechanismId, r: Run): Failure {
  const o = 'outcome' in r ? r.outcome : undefined;
  return {
    runtime, mechanism, workload: coldStart.id, reason: `load: ${whyFailed(r)}`,
    ...(o?.expected !== undefined ? { expected: o.expected } : {}), ...(o?.actual !== undefined ? { actual: o.actual } : {}), ...tail(r),
  };
}

/** Cells in the order the mechanisms were asked for (catalogue order). */
function sortCells(r: LoadResult, order: readonly MechanismId[]): LoadResult {
  r.cells.sort((a, b) => order.indexOf(a.mechanism) - order.indexOf(b.mechanism));
  return r;
}

/** The statistics every cell carries, of per-process wall times (one call per process): the
 *  median (`lowerMedian`, as every cell's) and its exact interval; nothing is trimmed (a handful
 *  of processes). */
export function sampleStats(samples: readonly number[]): Stats {
  if (!samples.length) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const ci = bootstrapMedian(sorted);
  return {
    avgNs: sorted.reduce((acc, x) => acc + x, 0) / sorted.length, p50Ns: ci.median, p75Ns: quantile(sorted, 0.75), p99Ns: quantile(sorted, 0.99),
    minNs: sorted[0]!, maxNs: sorted.at(-1)!, samples: sorted.length, ticks: sorted.length,
    samplesNs: sorted.map((x) => Number(x.toPrecision(4))), medianCiLowNs: ci.low, medianCiHighNs: ci.high, medianRme: ci.rme,
  };
}

/**
 * median(a) − median(b) with its 95 % percentile-bootstrap interval: each resample redraws both
 * series independently (they are independent processes), with the seeded generator. Medians,
 * not means: a process start on a busy machine has a long right tail. The median is the lower
 * middle one (`lowerMedian`), as a cell's `p50Ns`, so the value is exactly the cell's `p50Ns`
 * minus the startup's.
 */
export function medianDifference(a: readonly number[], b: readonly number[], seed: number, label: string, resamples = 1000): { value: number; low: number; high: number } {
  const median = (xs: readonly number[]) => lowerMedian([...xs].sort((x, y) => x - y));
  const rng = rngFor(seed, label);
  const redraw = (xs: readonly number[]) => Array.from({ length: xs.length }, () => xs[drawIndex(rng, xs.length)]!);
  const diffs: number[] = [];
  for (let i = 0; i < resamples; i++) diffs.push(median(redraw(a)) - median(redraw(b)));
  diffs.sort((x, y) => x - y);
  return { value: median(a) - median(b), low: quantile(diffs, 0.025), high: quantile(diffs, 0.975) };
}

const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;
