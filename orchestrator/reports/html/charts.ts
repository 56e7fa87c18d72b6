/**
 * The HTML report's chart model: every chart of a results document as plain data (which cells
 * each chart shows, its axes, its series and what hovering a point tells), and the data block the
 * page's script (client.js) reads. Nothing here draws: the page hands these specs to Chart.js.
 */
import { coldStart } from '../../../contract/workloads.ts';
import { mechanismIds, type MechanismId } from '../../../contract/registry.ts';
import { figureNs, mechanismKey, mechanismLabel, mechanismsIn, sameMechanism, type Cell, type MechanismAt } from '../../../contract/document.ts';
import type { Results } from '../../../contract/results.ts';
import { crossoversOf, speedupGroups, speedupsOf } from '../../analysis.ts';
import { columnKey, formatParam, loadTableOf, rowLabel, tableOf, type Entry, type Table } from '../model.ts';
import { familyTables } from '../napi-family.ts';
import { formatN, scalingDetail, scalingTables } from '../server.ts';
import { cellDetail } from '../summary.ts';

/** A series of a chart: one mechanism in one runtime, one runtime of one mechanism, or a part
 *  of every bar (the load chart's runtime start and loading on top). */
export interface SeriesSpec {
  label: string;
  /** The runtime column the series shows; absent for a series that is a part of every bar. */
  runtime?: string;
  mechanism?: MechanismId;
  mechanismVersion?: string;
  /** The mechanism at its version as one word (`napi@3.16.1`): what the mechanism filter matches. */
  key?: string;
  /** Hue of a series without a mechanism, or of a runtime in a chart across runtimes. */
  hue?: number;
  /** Bar charts: one value per label (null where there is no timed cell). Line charts:
   *  points by param. */
  data: (number | null)[] | { x: number; y: number }[];
  /** Per data point, what hovering it shows: interval, samples, call path, flags. */
  details?: (string[] | null)[];
  /** Line charts: the param from which on this mechanism beats `js` (analysis.ts), if any. */
  crossover?: number | null;
  /** Line charts: the line's dash pattern (the scaling chart tells its paths apart by it). */
  dash?: number[];
  /** Kept in every part when the chart is split (`capSeries`), as a chart's reference is. */
  keep?: boolean;
}

/** One chart, as data. */
export interface ChartSpec {
  id: string;
  kind: 'group' | 'across' | 'speedup' | 'size' | 'family' | 'load' | 'scaling';
  /** The runtime column a chart of one runtime shows (the runtime filter hides it). */
  runtime?: string;
  /** The mechanism key a chart of one mechanism across runtimes shows. */
  mechanism?: string;
  /** The workload group the chart belongs to (the group filter hides it). */
  group?: string;
  /** The workload of a speedup or size chart. */
  workload?: string;
  title: string;
  type: 'bar' | 'line';
  /** Category labels of a bar chart. */
  labels?: string[];
  /** Bar charts whose labels are mechanisms: each label's mechanism key (the filter drops them). */
  labelKeys?: string[];
  yTitle: string;
  /** What the y values are: ns (per call, or per process), a ratio, or bytes. */
  yUnit: 'ns' | 'ratio' | 'bytes';
  /** Linear y axis (default: logarithmic). */
  linear?: boolean;
  /** Bars of one label stacked (the load chart: runtime start + loading on top). */
  stacked?: boolean;
  xTitle?: string;
  /** Line charts: the measured params, labelled in their unit, as the x axis ticks. */
  xTicks?: { value: number; label: string }[];
  /** Draw a reference line at y = 1 (speedups). */
  refLine?: boolean;
  /** Log axes: whole decades around the data, so bars start from a round floor and every chart
   *  has labelled ticks. */
  yMin?: number;
  yMax?: number;
  series: SeriesSpec[];
}

/** No chart holds more series than this: past it, the legend is a wall nobody reads. */
export const MAX_SERIES = 8;

/** A series of one mechanism in a chart of one runtime: labelled by the mechanism alone. */
const mechanismSeries = (c: MechanismAt & { runtime: string }) => ({
  label: mechanismLabel(c), runtime: c.runtime, mechanism: c.mechanism, key: mechanismKey(c), ...(c.mechanismVersion ? { mechanismVersion: c.mechanismVersion } : {}),
});
const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-');
const timedCells = (results: Results) => results.cells.filter((c): c is Cell & { stats: NonNullable<Cell['stats']> } => c.verified && c.stats !== undefined);

/** A chart with more than `MAX_SERIES` series as several of at most that many, each keeping the
 *  `js` series (the reference) when it has one. */
export function capSeries(chart: ChartSpec): ChartSpec[] {
  if (chart.series.length <= MAX_SERIES) return [chart];
  const ref = chart.series.filter((s) => s.keep || (s.mechanism === 'js' && chart.kind !== 'across'));
  const rest = chart.series.filter((s) => !ref.includes(s));
  const size = MAX_SERIES - ref.length;
  const parts = Math.ceil(rest.length / size);
  return Array.from({ length: parts }, (_, i) => ({
    ...chart, id: `${chart.id}-part${i + 1}`, title: `${chart.title} (${i + 1}/${parts})`,
    series: [...ref, ...rest.slice(i * size, (i + 1) * size)],
  }));
}

/** Every chart of a results document, in page order: small multiples, one runtime (or one
 *  mechanism across runtimes) each, none with more than `MAX_SERIES` series. */
export function chartsOf(results: Results): ChartSpec[] {
  return [...perCallCharts(results), ...familyCharts(results), ...loadCharts(results), ...scalingCharts(results)].flatMap(capSeries).map(decades);
}

/** A log-scale chart with its y range widened to whole decades around its values (and 1 on a
 *  speedup chart, where the reference line is). */
function decades(c: ChartSpec): ChartSpec {
  if (c.linear) return c;
  const ys = c.series.flatMap((s) => s.data.map((d) => (d === null ? NaN : typeof d === 'number' ? d : d.y))).filter((v) => v > 0);
  if (c.refLine) ys.push(1);
  if (!ys.length) return c;
  return { ...c, yMin: 10 ** Math.floor(Math.log10(Math.min(...ys))), yMax: 10 ** Math.ceil(Math.log10(Math.max(...ys)) + 1e-9) };
}

/** What the charts of timed cells share: the results' table and its runtime columns in order. */
interface TableContext {
  results: Results;
  columns: Table['columns'];
  rows: Table['rows'];
  runtimes: string[];
}

/** The charts of timed cells, in page order: per group, across runtimes, speedups, sizes. */
function perCallCharts(results: Results): ChartSpec[] {
  const { columns, rows } = tableOf(results);
  const t: TableContext = { results, columns, rows, runtimes: [...new Set(columns.map((c) => c.runtime))] };
  return [...groupCharts(t), ...acrossCharts(t), ...speedupCharts(t), ...sizeCharts(t)];
}

const detailOf = (e: Entry) => (e.kind === 'timed' ? cellDetail(e.cell) : null);

/** Per group and runtime column, every mechanism's time per call, one bar per row. */
function groupCharts({ columns, rows, runtimes }: TableContext): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const groupsPresent = [...new Set(rows.map((r) => r.group))];
  for (const group of groupsPresent) {
    const groupRows = rows.filter((r) => r.group === group);
    // Rows that make many items of work per call (callbacks) are charted per item, as tabled.
    const per = [...new Set(groupRows.flatMap((r) => r.entries.flatMap((e) => (e.kind === 'timed' && e.per ? [e.per] : []))))];
    const yTitle = `time ${per.length ? `per call or ${per.join('/')}` : 'per call'} (log)`;
    for (const runtime of runtimes) {
      const cols = columns.map((c, i) => ({ c, i })).filter((x) => x.c.runtime === runtime);
      const mine = groupRows.filter((r) => cols.some(({ i }) => r.entries[i]!.kind === 'timed'));
      const series = cols.flatMap(({ c, i }): SeriesSpec[] => {
        const entries = mine.map((r) => r.entries[i]!);
        if (!entries.some((e) => e.kind === 'timed')) return [];
        return [{ ...mechanismSeries(c), data: entries.map((e) => (e.kind === 'timed' ? e.ns : null)), details: entries.map(detailOf) }];
      });
      if (!series.length) continue;
      charts.push({
        id: `group-${slug(group)}-${slug(runtime)}`, kind: 'group', runtime, group, type: 'bar',
        title: `${runtime}: ${group}, time ${per.length ? `per call or per ${per.join('/')}` : 'per call'} (log scale)`,
        labels: mine.map(rowLabel), yTitle, yUnit: 'ns', series,
      });
    }
  }
  return charts;
}

/** One mechanism across runtimes, for the bare call: the same bridge in every column side by side. */
function acrossCharts({ columns, rows, runtimes }: TableContext): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const callRows = rows.filter((r) => r.group === 'call');
  const keys = [...new Set(columns.map(mechanismKey))];
  if (runtimes.length > 1) {
    for (const key of keys) {
      const cols = columns.map((c, i) => ({ c, i })).filter((x) => mechanismKey(x.c) === key);
      const mine = callRows.filter((r) => cols.some(({ i }) => r.entries[i]!.kind === 'timed'));
      const series = cols.flatMap(({ c, i }): SeriesSpec[] => {
        const entries = mine.map((r) => r.entries[i]!);
        if (!entries.some((e) => e.kind === 'timed')) return [];
        return [{
          label: c.runtime, runtime: c.runtime, key, hue: Math.round(runtimes.indexOf(c.runtime) * 137.508 + 200) % 360,
          data: entries.map((e) => (e.kind === 'timed' ? e.ns : null)), details: entries.map(detailOf),
        }];
      });
      if (series.length < 2) continue;
      charts.push({
        id: `across-${slug(key)}`, kind: 'across', mechanism: key, group: 'call', type: 'bar',
        title: `${mechanismLabel(cols[0]!.c)} across runtimes: call, time per call (log scale)`,
        labels: mine.map(rowLabel), yTitle: 'time per call (log)', yUnit: 'ns', series,
      });
    }
  }
  return charts;
}

/** Per workload of the speedup groups and runtime column, each mechanism's speedup over js by param. */
function speedupCharts({ results, rows, runtimes }: TableContext): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const speedups = speedupsOf(results.cells);
  const workloads = [...new Set(rows.filter((r) => speedupGroups.includes(r.group)).map((r) => r.workload))];
  for (const workload of workloads) {
    const paramRows = rows.filter((r) => r.workload === workload);
    for (const runtime of runtimes) {
      const mine = speedups.filter((s) => s.workload === workload && s.runtime === runtime);
      if (!mine.length) continue;
      const params = paramRows.map((r) => r.param);
      const seriesKeys = [...new Set(mine.map(columnKey))];
      charts.push({
        id: `speedup-${slug(workload)}-${slug(runtime)}`, kind: 'speedup', runtime, group: paramRows[0]!.group, workload, type: 'bar', refLine: true,
        title: `${runtime}: ${workload}, speedup over js (above 1 = faster than plain JS)`,
        labels: paramRows.map(rowLabel), yTitle: 'js median / this median (log)', yUnit: 'ratio',
        series: seriesKeys.map((k) => {
          const first = mine.find((s) => columnKey(s) === k)!;
          const cellAt = (p: number | null) => results.cells.find((c) => c.runtime === runtime && columnKey(c) === k && c.workload === workload && c.param === p);
          return {
            ...mechanismSeries(first), data: params.map((p) => mine.find((s) => columnKey(s) === k && s.param === p)?.speedup ?? null),
            details: params.map((p) => {
              const c = cellAt(p);
              return c ? cellDetail(c) : null;
            }),
          };
        }),
      });
    }
  }
  return charts;
}

/** Per sized workload and runtime column, each mechanism's time against size, its crossover marked. */
function sizeCharts({ results, columns, runtimes }: TableContext): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const crossovers = crossoversOf(results.cells);
  const timed = timedCells(results);
  const sized = [...new Set(timed.filter((c) => c.param !== null).map((c) => c.workload))];
  for (const workload of sized) {
    const cells = timed.filter((c) => c.workload === workload && c.param !== null);
    if (new Set(cells.map((c) => c.param)).size < 2) continue;
    const unit = cells[0]!.paramUnit;
    for (const runtime of runtimes) {
      const series = columns.filter((c) => c.runtime === runtime).flatMap((col): SeriesSpec[] => {
        const mine = cells.filter((c) => c.runtime === col.runtime && sameMechanism(c, col)).sort((a, b) => a.param! - b.param!);
        if (!mine.length) return [];
        const cross = crossovers.find((x) => x.runtime === col.runtime && sameMechanism(x, col) && x.workload === workload);
        return [{
          ...mechanismSeries(col), data: mine.map((c) => ({ x: c.param!, y: figureNs(c) })), details: mine.map(cellDetail),
          ...(cross ? { crossover: cross.crossover } : {}),
        }];
      });
      if (!series.length) continue;
      charts.push({
        id: `size-${slug(workload)}-${slug(runtime)}`, kind: 'size', runtime, group: cells[0]!.group, workload, type: 'line',
        title: `${runtime}: ${workload}, time per call against ${unit ?? 'size'} (log-log; ★ = crossover, from where on it beats js)`,
        yTitle: 'time per call (log)', yUnit: 'ns', xTitle: `${unit ?? 'param'} (log)`, series,
        xTicks: [...new Set(cells.map((c) => c.param!))].sort((a, b) => a - b).map((p) => ({ value: p, label: formatParam(p, unit) })),
      });
    }
  }
  return charts;
}

/** The N-API family per runtime: the napi-sys floor's median, and each framework's ns over it. */
function familyCharts(results: Results): ChartSpec[] {
  return familyTables(results).flatMap((t): ChartSpec[] => {
    const floorAt = t.columns.findIndex((c) => c.floor);
    if (floorAt < 0) return [];
    const series: SeriesSpec[] = t.columns.map((c, i) => ({
      label: i === floorAt ? `${c.label} (the floor itself)` : `${c.label} over the floor`, runtime: t.runtime, key: c.label.replace(' ', '@'),
      hue: (i * 67 + 200) % 360,
      data: t.rows.map((r) => (i === floorAt ? r.cells[i]?.ns : r.cells[i]?.overFloorNs) ?? null),
    }));
    return [{
      id: `family-${slug(t.runtime)}`, kind: 'family', runtime: t.runtime, type: 'bar', linear: true,
      title: `${t.runtime}: the N-API family, the napi-sys floor (median per call) and what each framework adds over it`,
      labels: t.rows.map((r) => r.label), yTitle: 'ns per call', yUnit: 'ns', series,
    }];
  });
}

/** The load group's charts: per column, each mechanism's cold start as the runtime's start plus
 *  what loading costs on top (medians, stacked); per mechanism, what it loads in bytes. */
function loadCharts(results: Results): ChartSpec[] {
  const timed = loadTableOf(results).filter((r) => r.mechanism && r.cell?.stats && r.cell.load?.startupMedianNs !== undefined);
  const charts: ChartSpec[] = [];
  for (const runtime of [...new Set(timed.map((r) => r.runtime))]) {
    const mine = timed.filter((r) => r.runtime === runtime);
    charts.push({
      id: `load-cold-start-${slug(runtime)}`, kind: 'load', runtime, group: coldStart.group, type: 'bar', stacked: true, linear: true,
      title: `${runtime}: ${coldStart.id}, a fresh process to its first verified ${coldStart.via} call (median): the runtime's own start plus loading on top`,
      labels: mine.map((r) => mechanismLabel({ mechanism: r.mechanism!, ...(r.cell?.mechanismVersion ? { mechanismVersion: r.cell.mechanismVersion } : {}) })),
      labelKeys: mine.map((r) => mechanismKey(r.cell!)), yTitle: 'time per process', yUnit: 'ns',
      series: [
        { label: 'runtime start (nothing loaded)', hue: 0, data: mine.map((r) => r.cell!.load!.startupMedianNs!), details: mine.map((r) => cellDetail(r.cell!)) },
        // A mechanism within noise of the floor can come out a little below it: drawn as 0.
        { label: 'loading on top (median − runtime start)', hue: 210, data: mine.map((r) => Math.max(0, r.cell!.load!.medianNetNs ?? 0)), details: mine.map((r) => cellDetail(r.cell!)) },
      ],
    });
  }
  // Sizes do not depend on the runtime: one bar per mechanism that loads a built file.
  const sized = new Map<string, NonNullable<Cell['load']>>();
  for (const c of results.cells) if (c.group === coldStart.group && c.load?.files.length && !sized.has(c.mechanism)) sized.set(c.mechanism, c.load);
  if (sized.size) {
    charts.push({
      id: 'load-size', kind: 'load', group: coldStart.group, type: 'bar', linear: true,
      title: 'what each mechanism loads: its built file (and koffi its own addon), on disk and gzip -9',
      labels: [...sized.keys()], labelKeys: [...sized.keys()], yTitle: 'bytes', yUnit: 'bytes',
      series: [
        { label: 'on disk', hue: 30, data: [...sized.values()].map((l) => l.bytes) },
        { label: 'gzip -9', hue: 120, data: [...sized.values()].map((l) => l.gzipBytes) },
      ],
    });
  }
  return charts;
}

/** A path's dash in the scaling chart: a mechanism keeps its colour on every path. */
const pathDash: Readonly<Record<string, number[]>> = { async: [], worker: [8, 4], threads: [2, 3], sync: [12, 3, 2, 3] };

/** The parallel group per column: each path's speedup against N, beside the ideal (N up to the
 *  core count), the core count in the title and on the axis, so no speedup is read without it. */
function scalingCharts(results: Results): ChartSpec[] {
  return scalingTables(results).flatMap((t): ChartSpec[] => {
    const series = t.rows.flatMap((r): SeriesSpec[] => {
      const points = r.cells.flatMap((c, i) => (c.kind === 'measured' && c.speedup !== undefined ? [{ x: t.ns[i]!, y: c.speedup, d: scalingDetail(t, c) }] : []));
      if (!points.length) return [];
      return [{
        ...mechanismSeries({ runtime: t.runtime, ...r.mechanism }), label: r.label, dash: pathDash[r.path] ?? [],
        data: points.map(({ x, y }) => ({ x, y })), details: points.map((p) => p.d),
      }];
    });
    if (!series.length) return [];
    const ideal: SeriesSpec = {
      label: `ideal: N up to ${t.cores} cores`, hue: 0, dash: [3, 5], keep: true,
      data: t.ns.map((n) => ({ x: n, y: Math.min(n, t.cores) })), details: t.ns.map((n) => [`${n} jobs on ${t.cores} cores: at most ${Math.min(n, t.cores)}x`]),
    };
    return [{
      id: `scaling-${slug(t.runtime)}`, kind: 'scaling', runtime: t.runtime, group: 'parallel', type: 'line', linear: true, refLine: true,
      title: `${t.runtime} on ${t.cores} cores: speedup over one job against N jobs at once (solid async, dashed worker, dotted threads)`,
      yTitle: 'jobs per second over N = 1', yUnit: 'ratio', xTitle: `N jobs at once (log; ${t.cores} cores)`,
      xTicks: t.ns.map((n) => ({ value: n, label: formatN(n, t.cores).replace('N = ', '') })), series: [ideal, ...series],
    }];
  });
}

/** Hue per mechanism: spread by the golden angle over the catalogue's order, so any number of
 *  mechanisms, and one added tomorrow, gets its own without an edit here. */
const hueOf = (m: string) => Math.round((Math.max(0, mechanismIds.indexOf(m as MechanismId)) * 137.508) % 360);

/** What the page's script reads from its JSON data block. */
export interface PageData {
  charts: ChartSpec[];
  /** The runtime columns, in the results' order. */
  runtimes: string[];
  /** Hue per mechanism id. */
  hue: Record<string, number>;
  /** Per mechanism, the versions present, newest first (each a shade of the mechanism's hue). */
  versions: Record<string, string[]>;
}

/** The page's data block: the charts and what colouring their series needs. */
export function pageData(results: Results, charts: ChartSpec[]): PageData {
  const versions: Record<string, string[]> = {};
  for (const m of mechanismsIn(results.cells)) if (m.mechanismVersion) (versions[m.mechanism] ??= []).push(m.mechanismVersion);
  return { charts, runtimes: results.runtimes.map((r) => r.id), hue: Object.fromEntries(mechanismIds.map((m) => [m, hueOf(m)])), versions };
}
