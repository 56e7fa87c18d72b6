/**
 * `results/index.html`: one self-contained page (Chart.js and the data inline, no network, opens
 * from disk). It opens on the answer (summary.ts): the sentences, then per runtime the matrix of
 * workload × mechanism coloured by speedup over `js` (or ratio to the row's fastest). Then the
 * evidence as small multiples, one runtime (or one mechanism across runtimes) per chart and never
 * more than `MAX_SERIES` series: time per call per group, the speedup over `js`, the N-API family,
 * cold start and size, time against size with each crossover marked; the tables, the environment,
 * every skip and failure. Filters by runtime, mechanism and group re-draw the charts and the
 * matrices; hovering a value shows its interval, samples, call path and flags.
 *
 * The charts are specified here, in TypeScript, as plain data; the page's own script only hands
 * them to Chart.js and records what it drew in `window.bridgetax` (and on each canvas as
 * `data-series`), which the browser test reads. Every string from the results reaches the page
 * either HTML-escaped or inside the JSON data block with `<` escaped, so a CPU name like
 * `</script><script>…` stays text.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { coldStart } from '../../contract/workloads.ts';
import { mechanismIds, type MechanismId } from '../../contract/registry.ts';
import { figureNs, mechanismKey, mechanismLabel, mechanismsIn, sameMechanism, type Cell, type MechanismAt } from '../../contract/document.ts';
import { crossoversOf, speedupGroups, speedupsOf } from '../analysis.ts';
import type { Results } from '../../contract/results.ts';
import { columnKey, failureWhere, floorLines, formatNs, formatParam, formatRatio, legend, loadHeader, loadLegend, loadRowText, loadTableOf, markers, notesOf, perMachine, provenanceLines, rowLabel, skipGroups, tableOf, type Entry } from './model.ts';
import { familyGrid, familyHeading, familyTables } from './napi-family.ts';
import { cellDetail, formatCellRatio, formatCellSpeedup, summaryOf, type Summary, type SummaryCell } from './summary.ts';

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
}

/** One chart, as data. */
export interface ChartSpec {
  id: string;
  kind: 'group' | 'across' | 'speedup' | 'size' | 'family' | 'load';
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
  const ref = chart.series.filter((s) => s.mechanism === 'js' && chart.kind !== 'across');
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
  return [...perCallCharts(results), ...familyCharts(results), ...loadCharts(results)].flatMap(capSeries).map(decades);
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

function perCallCharts(results: Results): ChartSpec[] {
  const { columns, rows } = tableOf(results);
  const charts: ChartSpec[] = [];
  const runtimes = [...new Set(columns.map((c) => c.runtime))];
  const groupsPresent = [...new Set(rows.map((r) => r.group))];
  const detailOf = (e: Entry) => (e.kind === 'timed' ? cellDetail(e.cell) : null);
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

  // One mechanism across runtimes, for the bare call: the same bridge in every column side by side.
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

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that is safe inside a `<script>` element: no `<` (so no `</script>` or `<!--`) and no
 *  U+2028/2029 line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Hue per mechanism: spread by the golden angle over the catalogue's order, so any number of
 *  mechanisms, and one added tomorrow, gets its own without an edit here. */
const hueOf = (m: string) => Math.round((Math.max(0, mechanismIds.indexOf(m as MechanismId)) * 137.508) % 360);

let chartJsSource: string | undefined;
/** Chart.js's UMD build from node_modules, read once. */
function chartJs(): string {
  if (chartJsSource === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    const src = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
    // Inlined as a script element's text: it must not close the element early.
    if (/<\/script/i.test(src)) throw new Error('chart.js contains "</script": it cannot be inlined as is');
    chartJsSource = src;
  }
  return chartJsSource;
}

const pageScript = `
(function () {
  var data = JSON.parse(document.getElementById('bridgetax-data').textContent);
  var refLine = {
    id: 'bridgetaxRefLine',
    afterDatasetsDraw: function (chart, _args, opts) {
      if (!opts || !opts.enabled) return;
      var y = chart.scales.y.getPixelForValue(1);
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#444';
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(chart.chartArea.left, y);
      ctx.lineTo(chart.chartArea.right, y);
      ctx.stroke();
      ctx.restore();
    }
  };
  var runtimes = data.runtimes;
  function colour(s, alpha) {
    if (s.hue !== undefined) return 'hsla(' + s.hue + ', ' + (s.hue === 0 ? 0 : 60) + '%, 50%, ' + alpha + ')';
    // Each version of a mechanism its own shade of the mechanism's hue (newest first).
    var shift = Math.max(0, (data.versions[s.mechanism] || []).indexOf(s.mechanismVersion));
    var h = data.hue[s.mechanism] === undefined ? 0 : data.hue[s.mechanism];
    return 'hsla(' + h + ', ' + (s.mechanism === 'js' ? 0 : 70) + '%, ' + (45 - shift * 15) + '%, ' + alpha + ')';
  }
  // Log axes: label 1-2-5 steps only, or Chart.js crowds the axis with every minor tick.
  function labelled(v) { var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)); return [1, 2, 5].some(function (k) { return Math.abs(m - k) < 1e-6; }); }
  function fmtNs(v) {
    if (Math.abs(v) >= 1e6) return Number((v / 1e6).toPrecision(3)) + ' ms';
    if (Math.abs(v) >= 1e3) return Number((v / 1e3).toPrecision(3)) + ' µs';
    return Number(v.toPrecision(3)) + ' ns';
  }
  function fmtBytes(v) {
    if (v >= 1048576) return (v / 1048576).toFixed(1) + ' MiB';
    if (v >= 1024) return (v / 1024).toFixed(0) + ' KiB';
    return v + ' B';
  }
  function fmt(unit, v) { return unit === 'ns' ? fmtNs(v) : unit === 'bytes' ? fmtBytes(v) : Number(v.toPrecision(3)) + 'x'; }
  function yTick(unit, linear) {
    return function (v) { return linear || labelled(v) ? fmt(unit, v) : ''; };
  }
  // What the filters let through: a chart of a runtime, group or mechanism that is unticked is
  // not drawn; in the others, the unticked runtimes' and mechanisms' series and bars are left out.
  function ticked(kind) {
    var out = {};
    document.querySelectorAll('#filters input[data-filter="' + kind + '"]').forEach(function (i) { out[i.value] = i.checked; });
    return out;
  }
  function allowed(set, v) { return v === undefined || set[v] !== false; }
  function datasetsOf(spec, f) {
    var keep = spec.labelKeys ? spec.labelKeys.map(function (k) { return allowed(f.mechanism, k); }) : null;
    var pick = function (xs) { return keep && xs ? xs.filter(function (_, i) { return keep[i]; }) : xs; };
    var labels = spec.labels ? pick(spec.labels) : undefined;
    var sets = spec.series.filter(function (s) { return allowed(f.runtime, s.runtime) && allowed(f.mechanism, s.key); }).map(function (s) {
      var ds = { label: s.label, data: pick(s.data), details: pick(s.details), backgroundColor: colour(s, 0.75), borderColor: colour(s, 1), borderWidth: 1 };
      if (spec.type === 'line') {
        ds.borderWidth = 2;
        ds.pointStyle = s.data.map(function (p) { return p.x === s.crossover ? 'star' : 'circle'; });
        ds.pointRadius = s.data.map(function (p) { return p.x === s.crossover ? 10 : 3; });
        ds.pointBorderWidth = s.data.map(function (p) { return p.x === s.crossover ? 3 : 1; });
      }
      return ds;
    });
    return { labels: labels, datasets: sets };
  }
  var entries = [];
  function options(spec) {
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: spec.type === 'line' ? { xAxisKey: 'x', yAxisKey: 'y' } : undefined,
      scales: {
        x: spec.type === 'line'
          ? {
              type: 'logarithmic', title: { display: true, text: spec.xTitle },
              afterBuildTicks: function (axis) { axis.ticks = spec.xTicks.map(function (t) { return { value: t.value }; }); },
              ticks: { callback: function (v) { var t = spec.xTicks.find(function (x) { return x.value === v; }); return t ? t.label : ''; } }
            }
          : { title: { display: false }, stacked: !!spec.stacked },
        y: {
          type: spec.linear ? 'linear' : 'logarithmic', stacked: !!spec.stacked, beginAtZero: !!spec.linear, min: spec.yMin, max: spec.yMax,
          title: { display: true, text: spec.yTitle }, ticks: { callback: yTick(spec.yUnit, !!spec.linear) }
        }
      },
      plugins: {
        title: { display: true, text: spec.title, font: { size: 12 } },
        legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 10 } } },
        bridgetaxRefLine: { enabled: !!spec.refLine },
        tooltip: {
          callbacks: {
            label: function (ctx) { var v = spec.type === 'line' ? ctx.parsed.y : ctx.parsed.y; return ctx.dataset.label + ': ' + fmt(spec.yUnit, v); },
            afterLabel: function (ctx) { var d = ctx.dataset.details && ctx.dataset.details[ctx.dataIndex]; return d || []; }
          }
        }
      }
    };
  }
  function draw() {
    var f = { runtime: ticked('runtime'), mechanism: ticked('mechanism'), group: ticked('group') };
    var drawn = [];
    entries.forEach(function (e) {
      var spec = e.spec;
      var d = datasetsOf(spec, f);
      var show = allowed(f.runtime, spec.runtime) && allowed(f.group, spec.group) && allowed(f.mechanism, spec.mechanism) && d.datasets.length > 0;
      e.box.hidden = !show;
      if (!show) {
        if (e.chart) { e.chart.destroy(); e.chart = null; }
        e.canvas.setAttribute('data-series', '0');
        return;
      }
      var config = { labels: d.labels, datasets: d.datasets };
      if (spec.type === 'line') delete config.labels;
      if (e.chart) { e.chart.data = config; e.chart.update(); }
      else e.chart = new Chart(e.canvas, { type: spec.type, data: config, options: options(spec), plugins: [refLine] });
      e.canvas.setAttribute('data-series', String(e.chart.data.datasets.length));
      drawn.push({ id: spec.id, kind: spec.kind, title: spec.title, series: e.chart.data.datasets.length });
    });
    // The summary matrices and tables follow the same filters.
    document.querySelectorAll('[data-runtime]').forEach(function (el) { if (el.tagName !== 'INPUT') el.hidden = !allowed(f.runtime, el.getAttribute('data-runtime')); });
    document.querySelectorAll('[data-group]').forEach(function (el) { if (el.tagName !== 'INPUT') el.hidden = !allowed(f.group, el.getAttribute('data-group')); });
    document.querySelectorAll('[data-mechanism]').forEach(function (el) { if (el.tagName !== 'INPUT') el.hidden = !allowed(f.mechanism, el.getAttribute('data-mechanism')); });
    document.querySelectorAll('.multiples').forEach(function (g) { g.hidden = !g.querySelector('.chart:not([hidden])'); });
    window.bridgetax = { charts: drawn, ready: true, draws: (window.bridgetax ? window.bridgetax.draws : 0) + 1 };
  }
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    entries.push({ spec: spec, canvas: canvas, box: canvas.parentElement, chart: null });
  });
  document.querySelectorAll('#filters input').forEach(function (i) { i.addEventListener('change', draw); });
  document.querySelectorAll('#colour-by input').forEach(function (i) {
    i.addEventListener('change', function () { document.body.setAttribute('data-colour', i.value); });
  });
  draw();
})();
`;

function entryHtml(e: Entry): string {
  switch (e.kind) {
    case 'timed': {
      const m = markers(e.flags);
      return `${esc(formatNs(e.ns))}${e.per ? `/${esc(e.per)}` : ''} <span class="ratio">${esc(formatRatio(e.ratio))}</span>`
        + `${m ? ` <span class="marks" title="${esc(e.flags.join(', '))}">${esc(m)}</span>` : ''}`;
    }
    case 'eliminated': return `<em title="${esc(`${e.ns.toPrecision(2)} ns per call: below the physical floor`)}">eliminated</em>`;
    case 'verified': return 'verified';
    case 'failed': return '<strong class="failed">FAILED</strong>';
    case 'skipped': return `<span class="skipped" title="${esc(e.reason)}">skipped</span>`;
    case 'absent': return '-';
  }
}

function tableHtml(results: Results): string {
  const { columns, rows } = tableOf(results);
  if (!rows.length) return '<p>No cells.</p>';
  return `<table class="results"><thead><tr><th>workload</th>${columns.map((c) => `<th>${esc(c.runtime)}<br>${esc(c.label)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr><th>${esc(rowLabel(r))}</th>${r.entries.map((e) => `<td>${entryHtml(e)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

function loadTableHtml(results: Results): string {
  const rows = loadTableOf(results);
  if (!rows.length) return '';
  return `<table class="results load"><thead><tr>${loadHeader.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${loadRowText(r).map((t, i) => (i < 2 ? `<th>${esc(t)}</th>` : `<td>${esc(t)}</td>`)).join('')}</tr>`).join('\n')}</tbody></table>`;
}

function environmentHtml(env: Results['environment']): string {
  const text = (v: unknown): string => (v === null ? 'unknown' : Array.isArray(v) ? v.join(', ')
    : typeof v === 'object' ? Object.entries(v as object).map(([k, x]) => `${k}: ${text(x)}`).join('; ') : String(v));
  const rows = Object.entries(env).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(text(v))}</td></tr>`);
  return `<table class="env">${rows.join('')}</table>`;
}

function runtimesHtml(results: Results): string {
  return `<table class="env"><thead><tr><th>column</th><th>executable</th><th>libraries</th></tr></thead><tbody>${results.runtimes.map((r) =>
    `<tr><th>${esc(r.id)}</th><td>${esc(r.execPath)}</td><td>${esc(Object.entries(r.libraries ?? {}).map(([k, v]) => `${k} ${v}`).join(', '))}</td></tr>`).join('')}</tbody></table>`;
}

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto 1.5em; max-width: 1500px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; margin: 0.6em 0 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; } h3 { margin: 1em 0 0.3em; }
.chart { position: relative; margin: 0; min-width: 0; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 1em 1.5em; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: right; vertical-align: top; }
table.env th, table.env td, thead th { text-align: left; }
.ratio { color: #777; } .failed { color: #b00; } .skipped { color: #999; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 12px; }
.note { color: #555; }
table.load td:last-child { text-align: left; }
#filters { position: sticky; top: 0; z-index: 5; background: #fafafa; border-bottom: 1px solid #ccc; padding: 0.4em 0; font-size: 12px; }
#filters fieldset { display: inline-block; border: 1px solid #ddd; margin: 0 0.6em 0.2em 0; padding: 0.1em 0.5em; }
#filters legend { font-weight: 600; padding: 0 0.3em; } #filters label { margin-right: 0.6em; white-space: nowrap; }
.answer { display: flex; flex-wrap: wrap; gap: 0 2em; align-items: flex-start; }
table.matrix { font-size: 12px; margin: 0.2em 0 1em; }
table.matrix td { min-width: 5.5em; padding: 2px 5px; line-height: 1.25; cursor: default; }
table.matrix td .fig { font-weight: 600; } table.matrix td .sub { font-size: 10.5px; color: #333; }
table.matrix tbody th { text-align: left; white-space: nowrap; }
table.matrix th.group { text-align: left; background: #f2f2f2; font-weight: 600; }
table.matrix td.failed { background: #f4c7c3 !important; color: #900; font-weight: 700; }
table.matrix td.skipped, table.matrix td.absent { background: #f7f7f7; color: #999; }
table.matrix td.best { outline: 2px solid #222; outline-offset: -2px; }
table.matrix .mk { color: #a40; font-weight: 700; }
body[data-colour="speedup"] table.matrix td[data-speedup-bg] { background: var(--speedup); }
body[data-colour="ratio"] table.matrix td[data-ratio-bg] { background: var(--ratio); }
.sentences { font-size: 15px; max-width: 70em; background: #f3f7fb; border-left: 4px solid #4a7bb7; padding: 0.5em 1em 0.5em 2em; }
.key { font-size: 12px; color: #444; } .key .sw { display: inline-block; width: 2.2em; height: 0.9em; vertical-align: middle; border: 1px solid #ccc; }
`;

/** A background on a diverging scale: green where the bridge is faster than plain JS, red where
 *  slower, deeper the further from 1 (log scale, saturating at 100x either way). */
export function speedupColour(speedup: number): string {
  const t = Math.min(1, Math.abs(Math.log10(speedup)) / 2);
  return speedup >= 1 ? `hsl(130, 55%, ${Math.round(94 - t * 44)}%)` : `hsl(5, 75%, ${Math.round(95 - t * 30)}%)`;
}

/** A background for the ratio to the row's fastest: deep green at 1, fading to pale orange at 100x. */
export function ratioColour(ratio: number): string {
  const t = Math.min(1, Math.log10(Math.max(1, ratio)) / 2);
  return `hsl(${Math.round(130 - t * 100)}, ${Math.round(55 - t * 10)}%, ${Math.round(55 + t * 37)}%)`;
}

function summaryCellHtml(c: SummaryCell, mechanism: string): string {
  const attrs = [`data-mechanism="${esc(mechanism)}"`, `title="${esc(c.detail.join('\n'))}"`];
  const cls: string[] = [c.kind];
  const vars: string[] = [];
  if (c.speedup !== undefined) {
    attrs.push('data-speedup-bg');
    vars.push(`--speedup: ${speedupColour(c.speedup)}`);
  }
  if (c.ratio !== undefined) {
    attrs.push('data-ratio-bg');
    vars.push(`--ratio: ${ratioColour(c.ratio)}`);
  }
  if (c.best) cls.push('best');
  if (vars.length) attrs.push(`style="${vars.join('; ')}"`);
  let body: string;
  switch (c.kind) {
    case 'timed': {
      const marks = `${c.best ? '★' : ''}${c.crossover ? '◆' : ''}${c.marks}`;
      body = `<span class="fig">${esc(formatNs(c.ns!))}${c.per ? `/${esc(c.per)}` : ''}</span>${marks ? ` <span class="mk">${esc(marks)}</span>` : ''}`
        + `<br><span class="sub">${c.speedup !== undefined ? `${esc(formatCellSpeedup(c.speedup))} js` : 'reference'} · ${esc(formatCellRatio(c.ratio ?? 1))}</span>`;
      break;
    }
    case 'eliminated': body = 'eliminated'; break;
    case 'verified': body = 'verified'; break;
    case 'failed': body = 'FAILED'; break;
    case 'skipped': body = 'skipped'; break;
    case 'absent': body = '-'; break;
  }
  return `<td class="${cls.join(' ')}" ${attrs.join(' ')}>${body}</td>`;
}

function summaryHtml(summary: Summary, results: Results): string {
  // The sentences first: with many columns the matrices run past the first screen, and the
  // sentences are what a reader with a minute takes away.
  const out: string[] = ['<section id="summary"><h2>The answer</h2>'];
  if (summary.sentences.length) out.push(`<ul class="sentences">${summary.sentences.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`);
  out.push('<p class="key">Per runtime, each cell: <b>time per call</b> (median); under it the <b>speedup over plain JS</b> in the same runtime '
    + '(medians; above 1x the bridge is faster) · the <b>ratio to the row\'s fastest</b>. <b>★</b> the fastest bridge in the row; <b>◆</b> its crossover '
    + '(from this size on the bridge beats js). Hover a cell for its interval, samples, call path and flags.<br>'
    + `Marks: ${esc(legend(results, true).join('; '))}.<br>`
    + '<span id="colour-by">Colour by: <label><input type="radio" name="colour" value="speedup" checked> speedup over js '
    + `<span class="sw" style="background: linear-gradient(to right, ${speedupColour(0.01)}, ${speedupColour(1)}, ${speedupColour(100)})"></span> 0.01x … 100x</label> `
    + `<label><input type="radio" name="colour" value="ratio"> ratio to the row's fastest <span class="sw" style="background: linear-gradient(to right, ${ratioColour(1)}, ${ratioColour(100)})"></span> 1x … 100x</label></span></p>`);
  out.push('<div class="answer">');
  for (const m of summary.matrices) {
    const groups = [...new Set(m.rows.map((r) => r.group))];
    out.push(`<div class="matrix-box" data-runtime="${esc(m.runtime)}"><h3>${esc(m.runtime)}</h3><table class="matrix"><thead><tr><th>workload</th>`
      + `${m.mechanisms.map((x) => `<th data-mechanism="${esc(x.key)}">${esc(x.label)}</th>`).join('')}</tr></thead><tbody>`);
    for (const g of groups) {
      out.push(`<tr data-group="${esc(g)}"><th class="group" colspan="${m.mechanisms.length + 1}">${esc(g)}</th></tr>`);
      for (const r of m.rows.filter((x) => x.group === g)) {
        out.push(`<tr data-group="${esc(g)}"><th>${esc(r.label)}</th>${r.cells.map((c, i) => summaryCellHtml(c, m.mechanisms[i]!.key)).join('')}</tr>`);
      }
    }
    out.push('</tbody></table></div>');
  }
  out.push('</div>', '</section>');
  return out.join('\n');
}

function filtersHtml(results: Results, charts: readonly ChartSpec[]): string {
  const box = (kind: string, title: string, values: { value: string; label: string }[]) => (values.length < 2 ? '' : `<fieldset><legend>${esc(title)}</legend>`
    + `${values.map((v) => `<label><input type="checkbox" data-filter="${kind}" value="${esc(v.value)}" checked> ${esc(v.label)}</label>`).join('')}</fieldset>`);
  const mechs = mechanismsIn(results.cells).map((m) => ({ value: mechanismKey(m), label: mechanismLabel(m) }));
  const groupsHere = [...new Set([...results.cells.map((c) => c.group), ...charts.flatMap((c) => (c.group ? [c.group] : []))])].map((g) => ({ value: g, label: g }));
  return `<form id="filters" onsubmit="return false">${box('runtime', 'runtime', results.runtimes.map((r) => ({ value: r.id, label: r.id })))}`
    + `${box('mechanism', 'mechanism', mechs)}${box('group', 'group', groupsHere)}</form>`;
}

/** Renders the self-contained HTML page of a results document. */
export function renderHtml(results: Results): string {
  const charts = chartsOf(results);
  const crossovers = crossoversOf(results.cells);
  const parts = perMachine(results);
  // Tall enough for the legend below the plot: a row of legend per four series or so.
  const chartDiv = (c: ChartSpec) => `<div class="chart" style="height: ${300 + 18 * Math.ceil(c.series.length / 4)}px"><canvas id="chart-${esc(c.id)}" role="img" aria-label="${esc(c.title)}"></canvas></div>`;
  const section = (kind: ChartSpec['kind']) => charts.filter((c) => c.kind === kind);
  const grid = (cs: readonly ChartSpec[]) => (cs.length ? `<div class="multiples">${cs.map(chartDiv).join('')}</div>` : '');
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>bridgetax results ${esc(results.run.id)}</title><style>${style}</style></head><body data-colour="speedup">
${filtersHtml(results, charts)}
<h1>bridgetax: what it costs to cross from JavaScript into Rust</h1>
<p>Run <code>${esc(results.run.id)}</code>, mode <code>${esc(results.run.mode)}</code>, ${esc(results.run.startedAt)} to ${esc(results.run.finishedAt)}${results.machines ? `, merged from ${results.machines.length} machines: ${results.machines.map((m) => `<code>${esc(m.id)}</code>`).join(', ')}` : ''}.
Every timed figure is of a call whose answer was first checked against the pure-JS reference.</p>`);
  out.push(summaryHtml(summaryOf(results), results));

  out.push('<section id="by-group"><h2>Time per call: one runtime per chart</h2>');
  const groupCharts = section('group');
  for (const g of [...new Set(groupCharts.map((c) => c.group))]) out.push(`<h3>${esc(g ?? '')}</h3>`, grid(groupCharts.filter((c) => c.group === g)));
  if (section('across').length) out.push('<h3>One mechanism across runtimes (call)</h3>', grid(section('across')));
  out.push('</section>');

  if (section('speedup').length) {
    out.push('<section id="speedups"><h2>Speedup over plain JS</h2><p class="note">The <code>js</code> cell of the same runtime column and row divided by this cell: above 1 the crossing pays. Dashed line: 1.</p>');
    out.push(grid(section('speedup')), '</section>');
  }

  if (section('family').length) out.push('<section id="family-charts"><h2>The N-API family, charted</h2>', grid(section('family')), '</section>');

  if (section('load').length || loadTableOf(results).length) {
    out.push(`<section id="cold-start"><h2>Cold start and size</h2><p class="note">${esc(loadLegend(results))}</p>`);
    out.push(grid(section('load')), loadTableHtml(results), '</section>');
  }

  if (section('size').length) {
    out.push('<section id="sizes"><h2>Time against size</h2>', grid(section('size')));
    for (const w of [...new Set(section('size').map((c) => c.workload))]) {
      const mine = crossovers.filter((x) => x.workload === w);
      if (mine.length) {
        out.push(`<ul class="crossovers">${mine.map((x) => `<li data-runtime="${esc(x.runtime)}" data-mechanism="${esc(mechanismKey(x))}">${esc(`${w}: ${mechanismLabel(x)} in ${x.runtime}`)}: ${x.crossover === null
          ? `never beats js between ${esc(formatParam(x.params[0]!, x.paramUnit))} and ${esc(formatParam(x.params.at(-1)!, x.paramUnit))}`
          : x.crossover === x.params[0] ? `beats js at every measured size (from ${esc(formatParam(x.crossover, x.paramUnit))})`
            : `beats js from ${esc(formatParam(x.crossover, x.paramUnit))} on`}</li>`).join('')}</ul>`);
      }
    }
    out.push('</section>');
  }

  const family = familyTables(results);
  if (family.length) {
    out.push('<section id="napi-family"><h2>The N-API family</h2><p class="note">What Node-API itself costs (<code>napi-sys</code>: raw Node-API, no framework) '
      + 'and what each framework adds over it: median time per call, in brackets the ns over the floor; the last columns, the ns a newer framework release adds over an older one.</p>');
    for (const t of family) {
      const { header, rows } = familyGrid(t);
      out.push(`<h3>${esc(familyHeading(t))}</h3><table class="results family"><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`
        + `<tbody>${rows.map(([label, ...cells]) => `<tr><th>${esc(label!)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`,
      `<ul class="note">${t.summary.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`);
    }
    out.push('</section>');
  }

  out.push('<section id="tables"><h2>Tables</h2><p class="note">Mean time per call, then the ratio to the fastest verified cell in the row'
    + `${results.machines ? ' on the same machine' : ''} (1.00x = fastest).</p>`);
  for (const { machine, results: part } of parts) {
    if (machine) out.push(`<h3>${esc(machine.id)}</h3>`);
    out.push(tableHtml(part));
    const floors = floorLines(part);
    if (floors.length) out.push('<p class="note">Harness floor (the same mitata loop around a JS no-op, by argument types):</p>', `<ul>${floors.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`);
  }
  const marks = legend(results);
  if (marks.length) out.push(`<ul class="note">${marks.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  out.push('</section>');

  out.push('<section id="environment"><h2>Environment</h2>');
  for (const { machine, results: part } of parts) {
    if (machine) out.push(`<h3>${esc(machine.id)}</h3><p>Run <code>${esc(machine.run.id)}</code>, ${esc(machine.run.startedAt)} to ${esc(machine.run.finishedAt)}.</p>`);
    out.push(environmentHtml(part.environment), runtimesHtml(part));
  }
  if (!results.machines) out.push(`<ul class="provenance">${provenanceLines(results).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  out.push('</section>');

  const notes = notesOf(results);
  if (notes.length) out.push('<section id="notes"><h2>Notes</h2><ul>', ...notes.map((n) => `<li>${esc(n)}</li>`), '</ul></section>');
  out.push('<section id="skipped"><h2>Skipped</h2>');
  const skips = skipGroups(results);
  out.push(skips.length ? `<ul>${skips.map((g) => `<li><strong>${esc(g.what)}</strong> in ${g.where.map((w) => `<code>${esc(w)}</code>`).join(', ')}: ${esc(g.reason)}</li>`).join('')}</ul>` : '<p>Nothing was skipped.</p>', '</section>');
  out.push('<section id="failures"><h2>Failures</h2>');
  out.push(results.failures.length ? `<ul>${results.failures.map((f) => `<li><strong>${esc(failureWhere(f))}</strong>: ${esc(f.reason)}`
    + `${f.expected !== undefined ? ` (expected <code>${esc(f.expected)}</code>, got <code>${esc(f.actual ?? '')}</code>)` : ''}`
    + `${f.stderrTail ? `<pre>${esc(f.stderrTail)}</pre>` : ''}</li>`).join('')}</ul>` : '<p>No failures.</p>', '</section>');

  const versions: Record<string, string[]> = {};
  for (const m of mechanismsIn(results.cells)) if (m.mechanismVersion) (versions[m.mechanism] ??= []).push(m.mechanismVersion);
  const data = { charts, runtimes: results.runtimes.map((r) => r.id), hue: Object.fromEntries(mechanismIds.map((m) => [m, hueOf(m)])), versions };
  out.push(`<script>${chartJs()}</script>`);
  out.push(`<script id="bridgetax-data" type="application/json">${scriptJson(data)}</script>`);
  out.push(`<script>${pageScript}</script>`);
  out.push('</body></html>\n');
  return out.join('\n');
}
