/**
 * "Does a long call block the server?" and "does the work spread over the cores?" as data, for
 * every format: the event_loop group per runtime column as a table of mechanism × path with the
 * timer's lateness and the job's time per job length, each row judged against the column's idle
 * floor; the parallel group as the speedup over one job per N, always beside the core count;
 * and the sentences and claims the summary and the docs quote. Pure functions of the results:
 * a document without `eventLoop` or `parallel` (every file written before the groups) gives
 * empty tables and no sentence, so it renders as it always did.
 */
import { jobPaths, serverPolicy, type EventLoopEntry, type JobPath, type Lateness, type MedianMs, type ParallelEntry } from '../../contract/event-loop.ts';
import { mechanismKey, mechanismLabel, mechanismsIn, sameMechanism, type MechanismAt } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { declarationById } from '../../contract/workloads.ts';
import { formatSpeedup } from './payoff.ts';
import { formatMs } from '../../contract/format.ts';
import { lowerMedian } from '../../contract/statistics.ts';


/** A job length in rounds, short: `20M rounds`, `500k rounds`. */
export function formatRounds(rounds: number): string {
  const unit = declarationById('spin')?.paramUnit ?? 'rounds';
  const n = rounds >= 1e6 && rounds % 1e5 === 0 ? `${rounds / 1e6}M` : rounds >= 1e3 && rounds % 100 === 0 ? `${rounds / 1e3}k` : String(rounds);
  return `${n} ${unit}`;
}

/** The most a 1 ms timer's p99 lateness may be while a job runs for its path still to count as
 *  keeping the loop free, in a column whose idle timer was `idle` late (`serverPolicy.freeLateness`).
 *  A column that recorded no idle timer is held to the fixed floor alone. */
export function freeLimitMs(idle: Lateness | undefined): number {
  const { floorMs, idleFactor } = serverPolicy.freeLateness;
  return Math.max(floorMs, idle ? idleFactor * idle.p99Ms : 0);
}

/** The limit in words, with how it was reached: `5 ms (the larger of 5 ms and 3 × the idle p99 1.4 ms)`. */
export function freeLimitText(idle: Lateness | undefined): string {
  const { floorMs, idleFactor } = serverPolicy.freeLateness;
  return idle
    ? `${formatMs(freeLimitMs(idle))} (the larger of ${formatMs(floorMs)} and ${idleFactor} × the idle p99 ${formatMs(idle.p99Ms)})`
    : `${formatMs(floorMs)} (no idle timer was recorded in this column)`;
}

/** Whether a path kept the loop free during its jobs, or blocked it. */
export type Verdict = 'free' | 'blocks';

/** What a path did at one job length. */
export type BlockingCell =
  | { kind: 'measured'; entry: EventLoopEntry; lateness: Lateness; jobMs?: MedianMs; verdict: Verdict }
  | { kind: 'skipped' | 'failed'; entry: EventLoopEntry; reason: string }
  | { kind: 'verified'; entry: EventLoopEntry }
  | { kind: 'absent' };

/** One mechanism at its version, run one way. */
interface PathRow {
  mechanism: MechanismAt;
  /** `napi 3.16.1 async`: the mechanism at its version, then the path. */
  label: string;
  /** The mechanism key (`napi@3.16.1`), for filters. */
  key: string;
  path: JobPath;
  /** How the path leaves the thread (`libuv thread pool (napi-rs AsyncTask)`), where the runner said. */
  note?: string;
}

/** One row of the blocking table: a mechanism's path at every job length measured. */
export interface BlockingRow extends PathRow {
  /** One per `BlockingTable.params`. */
  cells: BlockingCell[];
  /** `free` when every measured length kept the loop free, `blocks` when any did not; absent
   *  when nothing was measured (the row is skipped or failed). */
  verdict?: Verdict;
  /** The lengths at which it blocked, when it kept the loop free at others. */
  blocksAt: number[];
}

/** One runtime column's event_loop group. */
export interface BlockingTable {
  runtime: string;
  /** The timer with nothing running (the floor), where the column recorded it. */
  idle?: Lateness;
  /** The column's limit (`freeLimitMs`). */
  limitMs: number;
  /** The job lengths measured, in rounds, shortest first. */
  params: number[];
  rows: BlockingRow[];
}

/** The rows of one column's entries: one per mechanism at its version and path, in catalogue
 *  then path order, each with its entries (one per job length, or per N). */
function pathRows<E extends MechanismAt & { path: JobPath; note?: string | undefined }>(entries: readonly E[]): (PathRow & { entries: E[] })[] {
  return mechanismsIn(entries).flatMap((m) => jobPaths.flatMap((path) => {
    const mine = entries.filter((e) => sameMechanism(e, m) && e.path === path);
    if (!mine.length) return [];
    // A note that changes with N (`4 Workers, one job each`) says nothing about the row as a whole.
    const notes = [...new Set(mine.flatMap((e) => (e.note ? [e.note] : [])))];
    const note = notes.length === 1 ? notes[0] : undefined;
    return [{
      mechanism: { mechanism: m.mechanism, ...(m.mechanismVersion ? { mechanismVersion: m.mechanismVersion } : {}) },
      label: `${mechanismLabel(m)} ${path}`, key: mechanismKey(m), path, ...(note ? { note } : {}), entries: mine,
    }];
  }));
}

/** A skipped or failed entry's reason, or the outcome itself where the runner gave none. */
const reasonOf = (e: { outcome: string; reason?: string | undefined }) => e.reason ?? e.outcome;

/** The event_loop group of a document, one table per runtime column that ran it (none for a
 *  document without `eventLoop`). */
export function blockingTables(results: Results): BlockingTable[] {
  const all = results.eventLoop ?? [];
  return results.runtimes.flatMap((rt): BlockingTable[] => {
    const entries = all.filter((e) => e.runtime === rt.id);
    if (!entries.length) return [];
    const idle = rt.timerIdle;
    const limitMs = freeLimitMs(idle);
    const params = [...new Set(entries.map((e) => e.param))].sort((a, b) => a - b);
    const rows = pathRows(entries).map(({ entries: mine, ...row }): BlockingRow => {
      const cells = params.map((p): BlockingCell => {
        const e = mine.find((x) => x.param === p);
        if (!e) return { kind: 'absent' };
        if (e.outcome === 'measured' && e.lateness) {
          return { kind: 'measured', entry: e, lateness: e.lateness, ...(e.jobMs ? { jobMs: e.jobMs } : {}), verdict: e.lateness.p99Ms <= limitMs ? 'free' : 'blocks' };
        }
        if (e.outcome === 'verified') return { kind: 'verified', entry: e };
        // A measured entry without its lateness cannot be judged: it shows as failed, said why.
        return { kind: e.outcome === 'skipped' ? 'skipped' : 'failed', entry: e, reason: e.outcome === 'measured' ? 'measured without a lateness figure' : reasonOf(e) };
      });
      const measured = cells.flatMap((c, i) => (c.kind === 'measured' ? [{ c, p: params[i]! }] : []));
      const blocking = measured.filter((m) => m.c.verdict === 'blocks');
      return {
        ...row, cells,
        ...(measured.length ? { verdict: blocking.length ? 'blocks' as const : 'free' as const } : {}),
        blocksAt: blocking.length < measured.length ? blocking.map((m) => m.p) : [],
      };
    });
    return [{ runtime: rt.id, ...(idle ? { idle } : {}), limitMs, params, rows }];
  });
}

/** The line above a column's blocking table: what the floor was and where the bar is. */
export function blockingHeading(t: BlockingTable): string {
  const floor = t.idle
    ? `idle floor: with nothing running the 1 ms timer fired ${formatMs(t.idle.p50Ms)} late at the median, ${formatMs(t.idle.p99Ms)} at p99, ${formatMs(t.idle.maxMs)} at most`
    : 'no idle floor was recorded';
  return `${t.runtime}: does a long call block the server? ${floor}; a path keeps the loop free when the timer's p99 lateness is within ${freeLimitText(t.idle)}.`;
}

/** The header of a blocking table: the row, then per job length the max and p99 lateness and the
 *  job's median time, then the verdict and how the path leaves the thread (or why it did not run). */
export function blockingHeader(t: BlockingTable): string[] {
  return ['mechanism · path', ...t.params.flatMap((p) => [`${formatRounds(p)}: max late`, 'p99 late', 'job']), 'the loop', 'how, or why not'];
}

/** A blocking row as the table's text cells (`blockingHeader` order); markup formats add only syntax. */
export function blockingRowText(t: BlockingTable, r: BlockingRow): string[] {
  const figures = r.cells.flatMap((c): string[] => {
    if (c.kind === 'measured') return [formatMs(c.lateness.maxMs), formatMs(c.lateness.p99Ms), c.jobMs ? formatMs(c.jobMs.medianMs) : ''];
    if (c.kind === 'absent') return ['-', '', ''];
    return [c.kind === 'failed' ? 'FAILED' : c.kind, '', ''];
  });
  const verdict = r.verdict === 'free' ? 'kept free'
    : r.verdict === 'blocks' ? (r.blocksAt.length ? `BLOCKED at ${r.blocksAt.map(formatRounds).join(', ')}` : 'BLOCKED')
      : r.cells.some((c) => c.kind === 'failed') ? 'FAILED' : r.cells.some((c) => c.kind === 'verified') ? 'verified, not timed' : 'skipped';
  // A reason that differs by length says which length it is about.
  const reasons = r.cells.flatMap((c, i) => (c.kind === 'skipped' || c.kind === 'failed' ? [{ p: t.params[i]!, reason: c.reason }] : []));
  const distinct = [...new Set(reasons.map((x) => x.reason))];
  const why = distinct.length === 1 && reasons.length === r.cells.length ? distinct[0]!
    : reasons.map((x) => `${formatRounds(x.p)}: ${x.reason}`).join('; ');
  return [r.label, ...figures, verdict, [r.note ?? '', why].filter(Boolean).join('; ')];
}

/** What a blocking table's figures are, for under it. */
export const blockingLegend = 'While a job of the given length runs (the ordinary call on the JS thread: sync; the mechanism\'s way off the thread, awaited: async; '
  + 'the ordinary call inside a Worker: worker), a 1 ms timer re-arms itself on the JS thread: max and p99 late are how late it fired (ms), job the median wall time of a job, '
  + 'call to answer. Kept free: the p99 lateness stayed within the column\'s limit at every length; BLOCKED: it did not.';

/** What hovering a blocking cell shows: every figure, the job's interval and the cross-check. */
export function blockingDetail(c: BlockingCell): string[] {
  if (c.kind === 'absent') return [];
  if (c.kind === 'verified') return ['verified: the answer equalled the reference; a verify run times nothing'];
  if (c.kind !== 'measured') return [`${c.kind}: ${c.reason}`];
  const l = c.lateness;
  const out = [`timer lateness p50 ${formatMs(l.p50Ms)}, p99 ${formatMs(l.p99Ms)}, max ${formatMs(l.maxMs)} over ${l.ticks} ticks`];
  if (c.jobMs) out.push(`job median ${formatMs(c.jobMs.medianMs)}, 95 % interval ${formatMs(c.jobMs.lowMs)} – ${formatMs(c.jobMs.highMs)}, ${c.jobMs.n} jobs`);
  const h = c.entry.delayHistogram;
  if (h) out.push('unavailable' in h ? `loop-delay histogram: unavailable (${h.unavailable})` : `loop-delay histogram (perf_hooks): p50 ${formatMs(h.p50Ms)}, p99 ${formatMs(h.p99Ms)}, max ${formatMs(h.maxMs)}`);
  return out;
}

/** What a path did at one N. */
export type ScalingCell =
  | { kind: 'measured'; entry: ParallelEntry; speedup?: number; wallMs?: number; jobsPerSecond?: number }
  | { kind: 'skipped' | 'failed'; entry: ParallelEntry; reason: string }
  | { kind: 'verified'; entry: ParallelEntry }
  | { kind: 'absent' };

/** One row of the scaling table: a mechanism's path at every N. */
export interface ScalingRow extends PathRow {
  /** One per `ScalingTable.ns`. */
  cells: ScalingCell[];
  /** The pool an `async` path runs on, where the runtime told. */
  pool?: string;
}

/** One runtime column's parallel group. */
export interface ScalingTable {
  runtime: string;
  /** The logical cores the runner saw; a speedup is never shown without it. */
  cores: number;
  /** The Ns measured, smallest first (`parallelNs(cores)`). */
  ns: number[];
  rows: ScalingRow[];
}

/** The parallel group of a document, one table per runtime column that ran it (none for a
 *  document without `parallel`). */
export function scalingTables(results: Results): ScalingTable[] {
  const all = results.parallel ?? [];
  return results.runtimes.flatMap((rt): ScalingTable[] => {
    const entries = all.filter((e) => e.runtime === rt.id);
    if (!entries.length) return [];
    // One runner sees one core count; should entries disagree, the most the column saw is its count.
    const cores = Math.max(...entries.map((e) => e.cores));
    const ns = [...new Set(entries.map((e) => e.jobs))].sort((a, b) => a - b);
    const rows = pathRows(entries).map(({ entries: mine, ...row }): ScalingRow => {
      const pool = mine.find((e) => e.pool)?.pool;
      return {
        ...row, ...(pool ? { pool } : {}),
        cells: ns.map((n): ScalingCell => {
          const e = mine.find((x) => x.jobs === n);
          if (!e) return { kind: 'absent' };
          if (e.outcome === 'verified') return { kind: 'verified', entry: e };
          if (e.outcome !== 'measured') return { kind: e.outcome, entry: e, reason: reasonOf(e) };
          return {
            kind: 'measured', entry: e, ...(e.speedup !== undefined ? { speedup: e.speedup } : {}),
            ...(e.wallMs ? { wallMs: e.wallMs.medianMs } : {}), ...(e.jobsPerSecond !== undefined ? { jobsPerSecond: e.jobsPerSecond } : {}),
          };
        }),
      };
    });
    return [{ runtime: rt.id, cores, ns, rows }];
  });
}

/** N as a column header names it, with what it is against the cores: `N = 4 (= cores)`. */
export function formatN(n: number, cores: number): string {
  return `N = ${n}${n === cores ? ' (= cores)' : n === 2 * cores ? ' (= 2 × cores)' : ''}`;
}

/** The line above a column's scaling table: its core count, and what a speedup is. */
export function scalingHeading(t: ScalingTable): string {
  return `${t.runtime} on ${t.cores} cores: N jobs at once, each path's speedup over the same path at N = 1 (jobs per second; ideal: N up to ${t.cores}, the core count).`;
}

/** The header of a scaling table: the row, a column per N, and how the path runs. */
export function scalingHeader(t: ScalingTable): string[] {
  return ['mechanism · path', ...t.ns.map((n) => formatN(n, t.cores)), 'how, or why not'];
}

/** A scaling cell in a few characters: `3.79x (21.0 ms)`, the speedup and the round's median wall time. */
export function scalingCellText(c: ScalingCell): string {
  if (c.kind === 'absent') return '-';
  if (c.kind !== 'measured') return c.kind === 'failed' ? 'FAILED' : c.kind;
  const wall = c.wallMs !== undefined ? formatMs(c.wallMs) : '';
  return c.speedup !== undefined ? `${formatSpeedup(c.speedup)}${wall ? ` (${wall})` : ''}` : wall || 'measured';
}

/** A scaling row as the table's text cells (`scalingHeader` order). */
export function scalingRowText(t: ScalingTable, r: ScalingRow): string[] {
  const reasons = [...new Set(r.cells.flatMap((c) => (c.kind === 'skipped' || c.kind === 'failed' ? [c.reason] : [])))];
  return [r.label, ...r.cells.map(scalingCellText), [r.note ?? '', r.pool ? `pool: ${r.pool}` : '', ...reasons].filter(Boolean).join('; ')];
}

/** What a scaling table's figures are, for under it. */
export const scalingLegend = 'Each cell: the speedup over one job on the same path (jobs per second at N over jobs per second at N = 1), '
  + 'then the median wall time of a round of N jobs, start to the last answer. async: N jobs through the mechanism\'s way off the thread at once; '
  + 'worker: N Workers, one job each; threads: one call that runs the N jobs on N Rust threads. Past the core count a path can only hold its speedup, not raise it.';

/** What hovering a point of the scaling chart shows. */
export function scalingDetail(t: ScalingTable, c: ScalingCell): string[] {
  if (c.kind === 'absent') return [];
  if (c.kind === 'verified') return ['verified: every answer equalled the reference; a verify run times nothing'];
  if (c.kind !== 'measured') return [`${c.kind}: ${c.reason}`];
  const w = c.entry.wallMs;
  return [
    `${c.entry.jobs} jobs at once on ${t.cores} cores`,
    ...(w ? [`round median ${formatMs(w.medianMs)}, 95 % interval ${formatMs(w.lowMs)} – ${formatMs(w.highMs)}, ${w.n} rounds`] : []),
    ...(c.jobsPerSecond !== undefined ? [`${c.jobsPerSecond.toFixed(1)} jobs per second`] : []),
    ...(c.entry.pool ? [`pool: ${c.entry.pool}`] : []),
  ];
}

/** The longest job length at which anything was measured in a table, and its measured cells. */
function longest(t: BlockingTable): { param: number; at: number; rows: { row: BlockingRow; cell: Extract<BlockingCell, { kind: 'measured' }> }[] } | undefined {
  for (let at = t.params.length - 1; at >= 0; at--) {
    const rows = t.rows.flatMap((row) => {
      const cell = row.cells[at]!;
      return cell.kind === 'measured' ? [{ row, cell }] : [];
    });
    if (rows.length) return { param: t.params[at]!, at, rows };
  }
  return undefined;
}


/** What keeping the loop free cost one column at its longest job length. */
export interface FreeChoice {
  runtime: string;
  /** The longest job length measured, in rounds. */
  param: number;
  /** The job's workload, as the sync rows ran it (`spin`). */
  workload: string;
  /** How long the job took called on the JS thread (the median of the sync rows' medians), or
   *  else the chosen path's own job time: the length of "a long call". */
  callMs?: number;
  /** The cheapest path that kept the loop free: the smallest job median among them. */
  cheapest?: { row: BlockingRow; lateness: Lateness; jobMs?: number };
  /** Where no path kept it free: the least late path. */
  leastLate?: { row: BlockingRow; lateness: Lateness };
  /** The most late a sync row made the timer. */
  worstSync?: { row: BlockingRow; lateness: Lateness; jobMs?: number };
  limitMs: number;
}

/** Per column, the cheapest way to keep the loop free during its longest call: among the paths
 *  measured at the longest job length whose p99 lateness passes the column's limit, the one with
 *  the smallest job median (a path without a job time comes last). */
export function freeChoices(results: Results): FreeChoice[] {
  return blockingTables(results).flatMap((t): FreeChoice[] => {
    const l = longest(t);
    if (!l) return [];
    const job = (c: Extract<BlockingCell, { kind: 'measured' }>) => c.jobMs?.medianMs ?? Infinity;
    const free = l.rows.filter((x) => x.cell.verdict === 'free').sort((a, b) => job(a.cell) - job(b.cell) || a.cell.lateness.maxMs - b.cell.lateness.maxMs);
    const sync = l.rows.filter((x) => x.row.path === 'sync');
    const syncJobs = sync.flatMap((x) => (x.cell.jobMs ? [x.cell.jobMs.medianMs] : []));
    const worst = [...sync].sort((a, b) => b.cell.lateness.maxMs - a.cell.lateness.maxMs)[0];
    const least = [...l.rows].sort((a, b) => a.cell.lateness.maxMs - b.cell.lateness.maxMs)[0];
    const best = free[0];
    const callMs = syncJobs.length ? lowerMedian([...syncJobs].sort((a, b) => a - b)) : best?.cell.jobMs?.medianMs;
    return [{
      runtime: t.runtime, param: l.param, workload: (sync[0] ?? l.rows[0]!).cell.entry.workload, limitMs: t.limitMs, ...(callMs !== undefined ? { callMs } : {}),
      ...(best ? { cheapest: { row: best.row, lateness: best.cell.lateness, ...(best.cell.jobMs ? { jobMs: best.cell.jobMs.medianMs } : {}) } } : {}),
      ...(!best && least ? { leastLate: { row: least.row, lateness: least.cell.lateness } } : {}),
      ...(worst ? { worstSync: { row: worst.row, lateness: worst.cell.lateness, ...(worst.cell.jobMs ? { jobMs: worst.cell.jobMs.medianMs } : {}) } } : {}),
    }];
  });
}

/** A row as a sentence names it: `napi 3.16.1 async (libuv thread pool (napi-rs AsyncTask))`. */
const named = (r: PathRow) => `${r.label}${r.note ? ` (${r.note})` : ''}`;

/** A free choice in one sentence. */
export function freeChoiceSentence(c: FreeChoice): string {
  const call = `${c.callMs !== undefined ? `a ${formatMs(c.callMs)} call` : 'a call'} (${c.workload}, ${formatRounds(c.param)})`;
  const sync = c.worstSync ? `; called on the JS thread, ${c.worstSync.row.label} let the 1 ms timer fire up to ${formatMs(c.worstSync.lateness.maxMs)} late` : '';
  if (c.cheapest) {
    return `${c.runtime}: to keep the loop free during ${call}, the cheapest way is ${named(c.cheapest.row)}: p99 lateness ${formatMs(c.cheapest.lateness.p99Ms)}, max ${formatMs(c.cheapest.lateness.maxMs)}`
      + `${c.cheapest.jobMs !== undefined ? `, job ${formatMs(c.cheapest.jobMs)}` : ''}${sync}.`;
  }
  const least = c.leastLate ? `; the least late, ${named(c.leastLate.row)}, let it fire ${formatMs(c.leastLate.lateness.maxMs)} late` : '';
  return `${c.runtime}: no path measured kept the loop free during ${call} (p99 lateness within ${formatMs(c.limitMs)})${least}.`;
}

/** What one column's parallel group reached at N = its core count. */
export interface ScalingBest {
  runtime: string;
  cores: number;
  /** The N the figures are at: the core count, or the largest N measured below it. */
  n: number;
  /** The best speedup at `n` per path, best first. */
  byPath: { path: JobPath; row: ScalingRow; speedup: number; jobsPerSecond?: number }[];
}

/** Per column, the best speedup at N = cores per path, best first. */
export function scalingBests(results: Results): ScalingBest[] {
  return scalingTables(results).flatMap((t): ScalingBest[] => {
    const speedupAt = (i: number) => t.rows.flatMap((row) => {
      const c = row.cells[i]!;
      return c.kind === 'measured' && c.speedup !== undefined ? [{ row, speedup: c.speedup, ...(c.jobsPerSecond !== undefined ? { jobsPerSecond: c.jobsPerSecond } : {}) }] : [];
    });
    // The core count itself, or the closest N below it that has a speedup.
    const candidates = t.ns.map((n, i) => ({ n, i })).filter((x) => x.n <= t.cores && speedupAt(x.i).length).reverse();
    const at = candidates[0];
    if (!at) return [];
    const all = speedupAt(at.i).sort((a, b) => b.speedup - a.speedup);
    const byPath = jobPaths.flatMap((path) => {
      const top = all.find((x) => x.row.path === path);
      return top ? [{ path, ...top }] : [];
    }).sort((a, b) => b.speedup - a.speedup);
    return [{ runtime: t.runtime, cores: t.cores, n: at.n, byPath }];
  });
}

const pathWords: Readonly<Record<JobPath, string>> = {
  sync: 'on the JS thread',
  async: 'off the thread',
  worker: 'in Workers',
  threads: 'one call fanning out on Rust threads',
};

/** A column's scaling in one sentence, the core count always beside the speedups. */
export function scalingSentence(b: ScalingBest): string {
  const [top, ...rest] = b.byPath;
  const at = b.n === b.cores ? `N = ${b.n} jobs at once (one per core)` : `N = ${b.n} jobs at once (the most measured up to the ${b.cores} cores)`;
  const pool = (r: ScalingRow) => (r.pool ? `, pool ${r.pool}` : '');
  const others = rest.map((x) => `${x.path} ${formatSpeedup(x.speedup)} (${mechanismLabel(x.row.mechanism)}${pool(x.row)})`);
  return `${b.runtime} on ${b.cores} cores: at ${at} the best speedup over one job is ${formatSpeedup(top!.speedup)}, by ${top!.row.label} (${pathWords[top!.path]}${pool(top!.row)})`
    + `${others.length ? `; the best of the other paths: ${others.join(', ')}` : ''}.`;
}

/** The summary's sentences on the two groups: per column the cheapest way to keep the loop free
 *  during a long call, then per column its scaling. None for a document without the groups. */
export function serverSentences(results: Results): string[] {
  return [...freeChoices(results).map(freeChoiceSentence), ...scalingBests(results).map(scalingSentence)];
}

/** The articles' two claims that the groups measure, as they put them. */
export const serverClaims = [
  {
    id: 'block',
    title: 'a long Rust call on the main thread blocks the server; offload it',
    quote: 'running Rust code synchronously on the main Node.js thread will block the event loop. If your Rust function takes 500 ms, '
      + 'your entire web server is dead for those 500 ms; use the Task trait to offload to the libuv thread pool',
  },
  {
    id: 'concurrency',
    title: 'Node struggles with CPU-heavy work; Rust wins on concurrency',
    quote: 'Node struggles with CPU-intensive tasks due to its single-threaded nature, while Rust wins on concurrency',
  },
] as const;

/** What the claims' table measured, for under it. */
export const serverClaimsLegend = 'Claim 1 is measured with a job of known length (spin) while a 1 ms timer ticks on the JS thread: a path kept the loop free when the '
  + `timer's p99 lateness stayed within the larger of ${serverPolicy.freeLateness.floorMs} ms and ${serverPolicy.freeLateness.idleFactor} × the same timer's p99 `
  + 'lateness with nothing running. Claim 2: N jobs at once, each path\'s jobs per second against its own at N = 1; plain JS in Workers is JavaScript\'s own way across cores.';

/** One column's measurements against the two claims, in words. */
export interface ClaimRow {
  runtime: string;
  /** Against claim 1: what a sync call and the ways off the thread did to the timer. */
  block: string;
  /** Against claim 2: JS Workers' speedup and Rust's best, at N = cores. */
  concurrency: string;
}

/** Per column that ran either group, what was measured against each claim (a pure function of
 *  the results: every figure comes from the tables above). */
export function claimRows(results: Results): ClaimRow[] {
  const tables = blockingTables(results);
  const choices = freeChoices(results);
  const bests = scalingBests(results);
  const scaling = scalingTables(results);
  const runtimes = results.runtimes.map((r) => r.id).filter((id) => tables.some((t) => t.runtime === id) || scaling.some((t) => t.runtime === id));
  return runtimes.map((runtime): ClaimRow => ({
    runtime,
    block: blockClaimText(tables.find((t) => t.runtime === runtime), choices.find((c) => c.runtime === runtime)),
    concurrency: concurrencyClaimText(scaling.find((t) => t.runtime === runtime), bests.find((b) => b.runtime === runtime)),
  }));
}

/** Claim 1 against one column, at its longest job length: a sync call (napi's, the claim's
 *  own, where measured, else the one that made the timer latest) and how many sync paths blocked;
 *  the Task trait's own path (napi async) where measured; how many ways off the thread kept the
 *  loop free, and the cheapest of them. */
function blockClaimText(t: BlockingTable | undefined, c: FreeChoice | undefined): string {
  if (!t || !c) return 'not measured';
  const l = longest(t)!;
  const sync = l.rows.filter((x) => x.row.path === 'sync');
  const blocked = sync.filter((x) => x.cell.verdict === 'blocks');
  const shown = sync.find((x) => x.row.mechanism.mechanism === 'napi') ?? [...sync].sort((a, b) => b.cell.lateness.maxMs - a.cell.lateness.maxMs)[0];
  const job = (x: { cell: Extract<BlockingCell, { kind: 'measured' }> }) => (x.cell.jobMs ? `a ${formatMs(x.cell.jobMs.medianMs)} call` : 'a call');
  const parts: string[] = [];
  if (shown) {
    parts.push(`called on the JS thread, ${shown.row.label} left the 1 ms timer ${formatMs(shown.cell.lateness.maxMs)} late during ${job(shown)} (${formatRounds(l.param)}); `
      + `${blocked.length} of ${sync.length} sync ${sync.length === 1 ? 'path' : 'paths'} blocked the loop`);
  } else {
    parts.push(`no sync path was measured at ${formatRounds(l.param)}`);
  }
  const task = l.rows.find((x) => x.row.mechanism.mechanism === 'napi' && x.row.path === 'async');
  if (task) parts.push(`offloaded, ${named(task.row)} left it ${formatMs(task.cell.lateness.maxMs)} late: ${task.cell.verdict === 'free' ? 'kept free' : 'BLOCKED'}`);
  const off = l.rows.filter((x) => x.row.path !== 'sync');
  const free = off.filter((x) => x.cell.verdict === 'free');
  if (off.length) parts.push(`${free.length} of ${off.length} async and worker paths kept it within ${formatMs(t.limitMs)}`);
  if (c.cheapest && c.cheapest.row.label !== task?.row.label) {
    parts.push(`the cheapest that kept it free: ${c.cheapest.row.label} (job ${c.cheapest.jobMs !== undefined ? formatMs(c.cheapest.jobMs) : 'not timed'})`);
  }
  const verdict = !sync.length ? 'not measured on the JS thread'
    : blocked.length && free.length ? 'holds' : blocked.length ? 'holds for the sync call, but no way off the thread kept the loop free' : 'does not hold here';
  return `${verdict}: ${parts.join('; ')}.`;
}

/** Claim 2 against one column: JS's own way across cores (the js worker path) beside Rust's
 *  best path at N = cores, as speedups and as jobs per second. */
function concurrencyClaimText(t: ScalingTable | undefined, b: ScalingBest | undefined): string {
  if (!t || !b) return 'not measured';
  const at = t.ns.indexOf(b.n);
  const measured = t.rows.flatMap((row) => {
    const c = row.cells[at]!;
    return c.kind === 'measured' && c.speedup !== undefined ? [{ row, speedup: c.speedup, jps: c.jobsPerSecond }] : [];
  });
  // JS's own way across cores is Workers: its async path stays on the JS thread.
  const js = measured.find((x) => x.row.mechanism.mechanism === 'js' && x.row.path === 'worker');
  const rust = measured.filter((x) => x.row.mechanism.mechanism !== 'js').sort((a, b2) => b2.speedup - a.speedup)[0];
  const where = `at N = ${b.n} jobs on ${b.cores} cores`;
  const jsText = js ? `plain JS in Workers reached ${formatSpeedup(js.speedup)}` : 'plain JS in Workers was not measured';
  const rustText = rust ? `the best Rust path, ${rust.row.label} (${pathWords[rust.row.path]}), ${formatSpeedup(rust.speedup)}` : 'no Rust path was measured';
  const ratio = js?.jps && rust?.jps ? `; Rust's best did ${formatSpeedup(rust.jps / js.jps)} the jobs per second of JS's` : '';
  return `${where}, ${jsText}; ${rustText}${ratio}.`;
}
