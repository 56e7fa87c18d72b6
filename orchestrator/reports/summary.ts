/**
 * The answer first: the summary every format opens with. Per runtime column, a matrix of
 * workload (and size) × mechanism, each cell its figure, its speedup over `js` in the same row
 * and its ratio to the row's fastest, with the crossovers and the tables' flags; then a few
 * sentences the numbers support, written here from the cells (never typed by hand). A pure
 * function of the results; the formats (terminal, Markdown, HTML) supply only the syntax.
 *
 * Speedups and ratios compare medians (`p50Ns`) as analysis.ts does: on a shared machine a few
 * preempted samples move a mean by multiples. The figure shown is the table's (the median, or per
 * item where the row makes many items of work per call), so the summary and the tables agree.
 */
import { coldStart } from '../../contract/workloads.ts';
import { hostNames } from '../../contract/registry.ts';
import { figureNs, mechanismKey, mechanismLabel, type Cell, type CellFlag, type MechanismAt } from '../../contract/document.ts';
import { crossoversOf } from '../analysis.ts';
import type { Results } from '../../contract/results.ts';
import { columnsOf, flagMarkers, formatBytes, formatNs, formatParam, formatRatio, loadTableOf, markers, perMachine, rowLabel, tableOf, type Entry } from './model.ts';
import { formatSpeedup } from './payoff.ts';
import { serverSentences } from './server.ts';

/** One mechanism column of a runtime's matrix. */
export interface SummaryMechanism extends MechanismAt {
  /** `napi 3.16.1`, `koffi`. */
  label: string;
  /** `napi@3.16.1`: a key without spaces (filters, attributes). */
  key: string;
}

/** One matrix cell. */
export interface SummaryCell {
  kind: Entry['kind'];
  /** The table's figure: median ns per call (or per item, see `per`). */
  ns?: number;
  per?: string;
  /** `js` median over this median, in the same runtime and row; absent for `js` itself or
   *  where either is untimed. Above 1 the bridge is faster than plain JS. */
  speedup?: number;
  /** This median over the fastest median in the row, within this runtime (1 = fastest). */
  ratio?: number;
  flags: CellFlag[];
  /** The flags as the tables mark them (`?` noisy, `~` at harness resolution, …). */
  marks: string;
  /** The bridge's crossover on this sized workload is this row's size: from here on it beats js. */
  crossover: boolean;
  /** The fastest bridge (not `js`) in the row. */
  best: boolean;
  /** Why the cell is skipped. */
  reason?: string;
  /** What a hover shows: interval, samples, call path, flags, one fact a line. */
  detail: string[];
}

/** One matrix row: a workload at a param. */
export interface SummaryRow {
  label: string;
  workload: string;
  group: Cell['group'];
  param: number | null;
  cells: SummaryCell[];
}

/** One runtime column's matrix. */
export interface SummaryMatrix {
  runtime: string;
  mechanisms: SummaryMechanism[];
  rows: SummaryRow[];
}

/** The summary of a document: matrices, then sentences. */
export interface Summary {
  matrices: SummaryMatrix[];
  sentences: string[];
}

/** What a cell's hover says: its interval, samples, call path and flags, one fact a line. */
export function cellDetail(c: Cell): string[] {
  const s = c.stats;
  const out: string[] = [];
  if (s) {
    out.push(`median ${formatNs(s.p50Ns)}, mean ${formatNs(s.avgNs)}`);
    if (s.medianCiLowNs !== undefined && s.medianCiHighNs !== undefined) out.push(`95 % interval of the median ${formatNs(s.medianCiLowNs)} – ${formatNs(s.medianCiHighNs)}`);
    out.push(`${s.samples} samples`);
  }
  if (c.perItem) out.push(`${formatNs(figureNs(c))} per ${c.perItem.unit}`);
  out.push(`call path: ${c.callPath ? `${c.callPath.path} (${c.callPath.basis})` : 'not recorded'}`);
  const flags = c.flags ?? [];
  out.push(`flags: ${flags.length ? flags.join(', ') : 'none'}`);
  if (!c.verified) out.push('FAILED verification');
  return out;
}

const timedMedian = (e: Entry) => (e.kind === 'timed' ? e.ns : undefined);

/** The matrices of a document: one per runtime column with per-call cells. */
export function summaryMatrices(results: Results): SummaryMatrix[] {
  const out: SummaryMatrix[] = [];
  for (const { results: part } of perMachine(results)) {
    const table = tableOf(part);
    const crossovers = crossoversOf(part.cells).filter((x) => x.crossover !== null);
    for (const rt of part.runtimes) {
      const idx = table.columns.map((c, i) => (c.runtime === rt.id ? i : -1)).filter((i) => i >= 0);
      if (!idx.length) continue;
      const mechanisms = idx.map((i): SummaryMechanism => {
        const c = table.columns[i]!;
        return { mechanism: c.mechanism, ...(c.mechanismVersion ? { mechanismVersion: c.mechanismVersion } : {}), label: c.label, key: mechanismKey(c) };
      });
      const jsAt = mechanisms.findIndex((m) => m.mechanism === 'js');
      const rows: SummaryRow[] = [];
      for (const row of table.rows) {
        const entries = idx.map((i) => row.entries[i]!);
        if (entries.every((e) => e.kind === 'absent')) continue;
        const medians = entries.map(timedMedian);
        const bridges = medians.filter((m, i): m is number => m !== undefined && i !== jsAt);
        const fastest = Math.min(...medians.filter((m): m is number => m !== undefined));
        const bestBridge = bridges.length ? Math.min(...bridges) : undefined;
        const js = jsAt >= 0 ? medians[jsAt] : undefined;
        const cells = entries.map((e, i): SummaryCell => {
          const m = mechanisms[i]!;
          const median = medians[i];
          const flags = e.kind === 'timed' ? e.flags : e.kind === 'eliminated' ? ['below-physical-floor' as const] : [];
          const cell = e.kind === 'timed' || e.kind === 'eliminated' ? e.cell
            : part.cells.find((c) => c.runtime === rt.id && mechanismKey(c) === m.key && c.workload === row.workload && c.param === row.param);
          return {
            kind: e.kind,
            ...(e.kind === 'timed' ? { ns: e.ns, ...(e.per ? { per: e.per } : {}) } : e.kind === 'eliminated' ? { ns: e.ns } : {}),
            ...(median !== undefined && js !== undefined && i !== jsAt && median > 0 ? { speedup: js / median } : {}),
            ...(median !== undefined && fastest > 0 ? { ratio: median / fastest } : {}),
            flags, marks: e.kind === 'timed' ? markers(e.flags) : '',
            crossover: row.param !== null && crossovers.some((x) => x.runtime === rt.id && mechanismKey(x) === m.key && x.workload === row.workload && x.crossover === row.param),
            best: median !== undefined && i !== jsAt && median === bestBridge,
            ...(e.kind === 'skipped' ? { reason: e.reason } : {}),
            detail: e.kind === 'skipped' ? [`skipped: ${e.reason}`] : cell ? cellDetail(cell) : [],
          };
        });
        rows.push({ label: rowLabel(row), workload: row.workload, group: row.group, param: row.param, cells });
      }
      if (rows.length) out.push({ runtime: rt.id, mechanisms, rows });
    }
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** The fastest bridge for a bare call in one matrix: per bridge the median of its call rows'
 *  medians, over the rows every bridge compared was timed in. */
function bareCall(m: SummaryMatrix): { best: SummaryMechanism; bestNs: number; next?: { m: SummaryMechanism; ns: number }; js?: number; rows: number } | undefined {
  const call = m.rows.filter((r) => r.group === 'call');
  if (!call.length) return undefined;
  const medianOf = (i: number) => {
    const xs = call.flatMap((r) => {
      const c = r.cells[i]!;
      return c.kind === 'timed' && c.ratio !== undefined ? [c.ns!] : [];
    });
    return xs.length ? median(xs) : undefined;
  };
  const ranked = m.mechanisms.map((mech, i) => ({ m: mech, ns: medianOf(i) }))
    .filter((x): x is { m: SummaryMechanism; ns: number } => x.ns !== undefined && x.m.mechanism !== 'js')
    .sort((a, b) => a.ns - b.ns);
  if (!ranked.length) return undefined;
  const jsI = m.mechanisms.findIndex((x) => x.mechanism === 'js');
  const js = jsI >= 0 ? medianOf(jsI) : undefined;
  return { best: ranked[0]!.m, bestNs: ranked[0]!.ns, ...(ranked[1] ? { next: ranked[1] } : {}), ...(js !== undefined ? { js } : {}), rows: call.length };
}

/** The sentences: the fastest bridge for a bare call in each runtime and by how much; where
 *  crossing pays most; the crossovers; the cold start; per column the cheapest way to keep the
 *  loop free during a long call and how far the work spreads over the cores; and what to treat
 *  with care. */
export function summarySentences(results: Results, matrices = summaryMatrices(results)): string[] {
  const out: string[] = [];
  const calls = matrices.flatMap((m) => {
    const b = bareCall(m);
    return b ? [{ runtime: m.runtime, ...b }] : [];
  });
  if (calls.length) {
    // Runtimes with the same fastest bridge share one clause: with many versions of one runtime
    // the sentence stays one line per bridge, not one per column.
    const byBest = new Map<string, typeof calls>();
    for (const c of calls) byBest.set(c.best.key, [...(byBest.get(c.best.key) ?? []), c]);
    const figure = (c: (typeof calls)[number]) => `${formatNs(c.bestNs)}${c.next ? `, ${formatRatio(c.next.ns / c.bestNs)} ahead of ${c.next.m.label} at ${formatNs(c.next.ns)}` : ''}`
      + `${c.js !== undefined ? `; plain JS ${formatNs(c.js)}` : ''}`;
    const parts = [...byBest.values()].map((cs) => `${cs[0]!.best.label} in ${cs.map((c) => `${c.runtime} (${figure(c)})`).join(', ')}`);
    out.push(`For a bare call (the median over the call rows), the fastest bridge is ${parts.join('; ')}.`);
  }

  // Host columns (a Rust program hosting JS) answer the other direction: their native kernel
  // against JS in the engine gets a clause of its own, not the JS runtimes' headline.
  const hosts = new Set(results.runtimes.filter((rt) => (hostNames as readonly string[]).includes(rt.name)).map((rt) => rt.id));
  const payingIn = (wantHost: boolean) => matrices.filter((m) => hosts.has(m.runtime) === wantHost).flatMap((m) => m.rows.filter((r) => r.group !== 'call' && r.group !== 'callback').flatMap((r) =>
    r.cells.flatMap((c, i) => (c.speedup !== undefined && c.kind === 'timed' ? [{ runtime: m.runtime, row: r, mech: m.mechanisms[i]!, speedup: c.speedup }] : []))));
  const paying = payingIn(false);
  const hostTop = [...payingIn(true)].sort((a, b) => b.speedup - a.speedup)[0];
  const hostClause = hostTop
    ? `; hosting JS instead, ${hostTop.mech.label} in ${hostTop.runtime} runs ${hostTop.row.label} ${formatSpeedup(hostTop.speedup)} as fast as JS in the engine`
    : '';
  if (paying.length) {
    const rowsWithJs = new Set(paying.map((p) => `${p.runtime}\u0000${p.row.label}`));
    const won = new Set(paying.filter((p) => p.speedup > 1).map((p) => `${p.runtime}\u0000${p.row.label}`));
    const top = [...paying].sort((a, b) => b.speedup - a.speedup)[0]!;
    out.push(top.speedup > 1
      ? `Crossing pays most for ${top.row.label}: ${top.mech.label} in ${top.runtime} runs ${formatSpeedup(top.speedup)} as fast as plain JS (medians); `
        + `a bridge beats JS in ${won.size} of the ${plural(rowsWithJs.size, 'data, async or compute row')} measured${hostClause}.`
      : `No bridge beats plain JS in any of the ${plural(rowsWithJs.size, 'data, async or compute row')} measured; the closest is ${top.mech.label} in ${top.runtime} on ${top.row.label} at ${formatSpeedup(top.speedup)}${hostClause}.`);
  } else if (hostTop) {
    out.push(`Hosting JS, ${hostTop.mech.label} in ${hostTop.runtime} runs ${hostTop.row.label} ${formatSpeedup(hostTop.speedup)} as fast as JS in the engine.`);
  }

  const crossovers = crossoversOf(results.cells);
  if (crossovers.length) {
    const workloads = [...new Set(crossovers.map((x) => x.workload))];
    const earliest = workloads.flatMap((w) => {
      const mine = crossovers.filter((x) => x.workload === w);
      const hit = mine.filter((x) => x.crossover !== null).sort((a, b) => a.crossover! - b.crossover!);
      return hit.length ? [{ w, first: hit[0]!, of: `${hit.length} of ${mine.length} bridges` }] : [];
    });
    const never = workloads.filter((w) => !earliest.some((e) => e.w === w));
    // A few workloads by name; a run of every sized workload would make a paragraph of them.
    const shown = earliest.slice(0, 3).map((e) => `${e.w} from ${formatParam(e.first.crossover!, e.first.paramUnit)} (${mechanismLabel(e.first)} in ${e.first.runtime}; ${e.of})`);
    const more = earliest.length - shown.length;
    const tail = [more > 0 ? `${plural(more, 'more sized workload')} cross${more === 1 ? 'es' : ''} (Time against size)` : '',
      never.length ? `${list(never)} never ${never.length === 1 ? 'does' : 'do'} in the range measured` : ''].filter(Boolean);
    out.push(`Against size, the earliest crossover (from where a bridge beats plain JS for good): ${shown.length ? list(shown) : 'none'}${tail.length ? `; ${tail.join('; ')}` : ''}.`);
  }

  const load = loadTableOf(results).filter((r) => r.mechanism && r.mechanism !== 'js' && r.cell?.load?.medianNetNs !== undefined);
  if (load.length) {
    const by = [...load].sort((a, b) => a.cell!.load!.medianNetNs! - b.cell!.load!.medianNetNs!);
    const [lo, hi] = [by[0]!, by.at(-1)!];
    const net = (r: typeof lo) => (r.cell!.load!.medianNetNs! > 0 ? formatNs(r.cell!.load!.medianNetNs!) : 'nothing measurable');
    const size = (r: typeof lo) => (r.cell!.load!.files.length ? `, loading ${formatBytes(r.cell!.load!.bytes)} from disk` : '');
    out.push(lo === hi
      ? `Cold start: ${lo.mechanism} in ${lo.runtime} adds ${net(lo)} on top of the runtime's own start${size(lo)}.`
      : `Cold start: ${lo.mechanism} in ${lo.runtime} adds the least on top of the runtime's own start (${net(lo)}${size(lo)}), `
        + `${hi.mechanism} in ${hi.runtime} the most (${net(hi)}${size(hi)}).`);
  }

  // The event_loop and parallel groups: a line per column on keeping the loop free, one on scaling.
  out.push(...serverSentences(results));

  const perCall = results.cells.filter((c) => c.group !== coldStart.group);
  const flagged = perCall.filter((c) => c.verified && c.stats && (c.flags ?? []).length).length;
  const failed = perCall.filter((c) => !c.verified).length + results.failures.length;
  const timed = perCall.filter((c) => c.verified && c.stats).length;
  if (timed) {
    out.push(`${plural(timed, 'timed cell')} in ${plural(columnsOf(results).length ? results.runtimes.length : 0, 'column')}; `
      + `${flagged ? `${flagged} ${flagged === 1 ? 'carries' : 'carry'} a flag (marked as in the tables: treat their figures with care)` : 'none carries a flag'}`
      + `${failed ? `, and ${plural(failed, 'failure')} ${failed === 1 ? 'is' : 'are'} listed with ${failed === 1 ? 'its reason' : 'their reasons'}` : ', and nothing failed'}.`);
  }
  return out;
}

/** The summary of a results document. */
export function summaryOf(results: Results): Summary {
  const matrices = summaryMatrices(results);
  return { matrices, sentences: summarySentences(results, matrices) };
}

/** A speedup for a matrix cell: as the payoff tables write it, but a bridge thousands of times
 *  slower than JS reads `<0.01x` (its ratio to the row's fastest still gives the figure). */
export function formatCellSpeedup(x: number): string {
  return x < 0.01 ? '<0.01x' : formatSpeedup(x);
}

/** A ratio to the row's fastest for a matrix cell: `1.00x`, `52.3x`, `104kx` past ten thousand. */
export function formatCellRatio(r: number): string {
  return r >= 1e4 ? `${Math.round(r / 1000)}kx` : formatRatio(r);
}

/** A summary cell in a few characters, for the text formats: `18 ns 0.05x ~`, `FAILED`. */
export function summaryCellText(c: SummaryCell): string {
  switch (c.kind) {
    case 'timed': {
      const tail = [c.speedup !== undefined ? formatCellSpeedup(c.speedup) : '', `${c.best ? '*' : ''}${c.crossover ? '>' : ''}`, c.marks ? `[${c.marks}]` : ''].filter(Boolean);
      return `${formatNs(c.ns!)}${c.per ? `/${c.per}` : ''}${tail.length ? ` ${tail.join(' ')}` : ''}`;
    }
    case 'eliminated': return 'eliminated';
    case 'verified': return 'verified';
    case 'failed': return 'FAILED';
    case 'skipped': return 'skipped';
    case 'absent': return '-';
  }
}

/** The summary matrix as a header and rows of strings, for the text formats to lay out. */
export function summaryGrid(m: SummaryMatrix): { header: string[]; rows: string[][] } {
  return {
    header: ['workload', ...m.mechanisms.map((x) => x.label)],
    rows: m.rows.map((r) => [r.label, ...r.cells.map(summaryCellText)]),
  };
}

/** What the text matrices' marks mean. */
export const summaryLegend = 'Each cell: time per call, then the speedup over plain JS in the same runtime (medians; above 1x the bridge is faster); '
  + `* the fastest bridge in the row; > the crossover (from this size on the bridge beats js); [${Object.values(flagMarkers).join(' ')}]: the flags, as in the tables.`;

/** The best bridge for one kind of work (a workload group) in one runtime column. */
export interface BestBridge {
  /** The bridge (any mechanism but `js`) that is the fastest bridge in most of the group's rows;
   *  a tie goes to the one with the lower median ratio to the row's fastest. */
  mechanism: SummaryMechanism;
  /** The mechanism as the compact table names it: its id, with the version only where the
   *  column has the mechanism at several versions (`napi 3.5.2`, `napi-sys`). */
  name: string;
  /** Rows of the group in which it is the fastest bridge. */
  wins: number;
  /** Rows of the group in which any bridge was timed. */
  rows: number;
  /** The median, over the group's rows where both were timed, of `js` median / its median:
   *  above 1 it beats plain JS. Absent when `js` was not timed beside it. */
  speedup?: number;
}

/** One runtime column's best bridges, one entry per group of `BestBridgeTable.groups`
 *  (`undefined` where the column timed no bridge in that group). */
export interface BestBridgeRow {
  runtime: string;
  best: (BestBridge | undefined)[];
}

/** The compact answer: per runtime column, the best bridge per kind of work. */
export interface BestBridgeTable {
  /** The groups measured, in catalogue order. */
  groups: Cell['group'][];
  rows: BestBridgeRow[];
}

/** The best bridge per kind of work in each runtime column, from the summary's matrices (so it
 *  agrees with their `*` marks): a pure function of the results. */
export function bestBridges(matrices: SummaryMatrix[]): BestBridgeTable {
  const groups = [...new Set(matrices.flatMap((m) => m.rows.map((r) => r.group)))];
  const rows = matrices.map((m): BestBridgeRow => ({
    runtime: m.runtime,
    best: groups.map((g) => {
      const rowsOfGroup = m.rows.filter((r) => r.group === g && r.cells.some((c) => c.best));
      if (!rowsOfGroup.length) return undefined;
      // `best` never marks js: whatever is starred is a bridge.
      const ranked = m.mechanisms.flatMap((mech, i) => {
        const wins = rowsOfGroup.filter((r) => r.cells[i]!.best).length;
        const ratios = rowsOfGroup.flatMap((r) => (r.cells[i]!.ratio !== undefined ? [r.cells[i]!.ratio!] : []));
        return wins ? [{ mechanism: mech, i, wins, ratio: median(ratios) }] : [];
      }).sort((a, b) => b.wins - a.wins || a.ratio - b.ratio);
      const top = ranked[0];
      if (!top) return undefined;
      const speedups = rowsOfGroup.flatMap((r) => (r.cells[top.i]!.speedup !== undefined ? [r.cells[top.i]!.speedup!] : []));
      const versions = m.mechanisms.filter((x) => x.mechanism === top.mechanism.mechanism).length;
      return {
        mechanism: top.mechanism, name: versions > 1 ? top.mechanism.label : top.mechanism.mechanism, wins: top.wins, rows: rowsOfGroup.length,
        ...(speedups.length ? { speedup: median(speedups) } : {}),
      };
    }),
  }));
  return { groups, rows };
}

/** A best-bridge entry in a few characters: `napi-sys 0.45x 5/6` (speedup over js, rows won of
 *  the kind's rows), `-` for none. */
export function bestBridgeText(b: BestBridge | undefined): string {
  if (!b) return '-';
  return [b.name, b.speedup !== undefined ? formatCellSpeedup(b.speedup) : '', `${b.wins}/${b.rows}`].filter(Boolean).join(' ');
}

/** The best-bridge table as a header and rows of strings, for the text formats to lay out: a
 *  row per kind of work and a column per runtime (there are more runtime columns than kinds only
 *  in runs of many versions, which the text formats split into blocks). */
export function bestBridgeGrid(t: BestBridgeTable): { header: string[]; rows: string[][] } {
  return {
    header: ['kind of work', ...t.rows.map((r) => r.runtime)],
    rows: t.groups.map((g, i) => [g, ...t.rows.map((r) => bestBridgeText(r.best[i]))]),
  };
}

/** What the best-bridge table's cells say. */
export const bestBridgeLegend = 'Each cell: the bridge fastest in most of that kind\'s rows, its median speedup over JS there (>1x beats JS), rows won.';
