/**
 * `results/index.html`: one self-contained page (Chart.js and the data inline, no network, opens
 * from disk). Per group, time per call by column on a log scale; per workload that can pay
 * (data, compute), the speedup over `js`; per sized workload, time against size with each
 * mechanism's crossover marked; the tables, the environment, every skip and failure.
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
import { coldStart, mechanismIds, type MechanismId } from '../../runners/shared/catalogue.ts';
import { mechanismLabel, mechanismsIn, sameMechanism, type Cell, type MechanismAt } from '../../runners/shared/document.ts';
import { crossoversOf, speedupGroups, speedupsOf } from '../analysis.ts';
import type { Results } from '../schema.ts';
import {
  columnKey, failureWhere, floorLines, formatNs, formatParam, formatRatio, legend, loadHeader, loadLegend, loadRowText, loadTableOf, markers, notesOf, perMachine, provenanceLines, rowLabel,
  skipGroups, tableOf, type Entry,
} from './model.ts';
import { familyGrid, familyHeading, familyTables } from './napi-family.ts';

/** A series of a chart: one column (runtime · mechanism), or one mechanism's speedups. */
export interface SeriesSpec {
  label: string;
  /** The column and mechanism the series shows (its colour); absent for a series that is a
   *  part of every bar instead (the load chart's runtime start and loading on top). */
  runtime?: string;
  mechanism?: MechanismId;
  mechanismVersion?: string;
  /** Hue of a series without a mechanism. */
  hue?: number;
  /** Bar charts: one value per label (null where the column has no timed cell). Line charts:
   *  points by param. */
  data: (number | null)[] | { x: number; y: number }[];
  /** Line charts: the param from which on this mechanism beats `js` (analysis.ts), if any. */
  crossover?: number | null;
}

/** One chart, as data. */
export interface ChartSpec {
  id: string;
  kind: 'group' | 'speedup' | 'size' | 'load';
  /** The workload of a speedup or size chart. */
  workload?: string;
  title: string;
  type: 'bar' | 'line';
  /** Category labels of a bar chart. */
  labels?: string[];
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
  series: SeriesSpec[];
}

const seriesLabel = (c: MechanismAt & { runtime: string }) => `${c.runtime} · ${mechanismLabel(c)}`;
/** A series of one column: its label, runtime and mechanism (at its version). */
const seriesOf = (c: MechanismAt & { runtime: string }) => ({
  label: seriesLabel(c), runtime: c.runtime, mechanism: c.mechanism, ...(c.mechanismVersion ? { mechanismVersion: c.mechanismVersion } : {}),
});
const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-');
const timedCells = (results: Results) => results.cells.filter((c): c is Cell & { stats: NonNullable<Cell['stats']> } => c.verified && c.stats !== undefined);

/** Every chart of a results document, in page order. */
export function chartsOf(results: Results): ChartSpec[] {
  const { columns, rows } = tableOf(results);
  const charts: ChartSpec[] = [];
  const groupsPresent = [...new Set(rows.map((r) => r.group))];
  for (const group of groupsPresent) {
    const groupRows = rows.filter((r) => r.group === group);
    const series: SeriesSpec[] = [];
    columns.forEach((col, i) => {
      const data = groupRows.map((r) => {
        const e = r.entries[i]!;
        return e.kind === 'timed' ? e.ns : null;
      });
      if (data.some((v) => v !== null)) series.push({ ...seriesOf(col), data });
    });
    // Rows that make many items of work per call (callbacks) are charted per item, as tabled.
    const per = [...new Set(groupRows.flatMap((r) => r.entries.flatMap((e) => (e.kind === 'timed' && e.per ? [e.per] : []))))];
    const unit = per.length ? `per call, or per ${per.join('/')} where the table says so` : 'per call';
    if (series.length) {
      charts.push({
        id: `group-${slug(group)}`, kind: 'group', type: 'bar', title: `${group}: time ${unit}, by column (log scale)`,
        labels: groupRows.map(rowLabel), yTitle: `time ${per.length ? `per call or ${per.join('/')}` : 'per call'} (log)`, yUnit: 'ns', series,
      });
    }
  }

  const speedups = speedupsOf(results.cells);
  const workloads = [...new Set(rows.filter((r) => speedupGroups.includes(r.group)).map((r) => r.workload))];
  for (const workload of workloads) {
    const mine = speedups.filter((s) => s.workload === workload);
    if (!mine.length) continue;
    const paramRows = rows.filter((r) => r.workload === workload);
    const params = paramRows.map((r) => r.param);
    const seriesKeys = [...new Set(mine.map(columnKey))];
    charts.push({
      id: `speedup-${slug(workload)}`, kind: 'speedup', workload, type: 'bar', refLine: true,
      title: `${workload}: speedup over js in the same runtime (above 1 = faster than plain JS)`,
      labels: paramRows.map(rowLabel), yTitle: 'js time / this time (log)', yUnit: 'ratio',
      series: seriesKeys.map((k) => {
        const first = mine.find((s) => columnKey(s) === k)!;
        return {
          ...seriesOf(first),
          data: params.map((p) => mine.find((s) => columnKey(s) === k && s.param === p)?.speedup ?? null),
        };
      }),
    });
  }

  const crossovers = crossoversOf(results.cells);
  const timed = timedCells(results);
  const sized = [...new Set(timed.filter((c) => c.param !== null).map((c) => c.workload))];
  for (const workload of sized) {
    const cells = timed.filter((c) => c.workload === workload && c.param !== null);
    if (new Set(cells.map((c) => c.param)).size < 2) continue;
    const unit = cells[0]!.paramUnit;
    const series = columns.flatMap((col): SeriesSpec[] => {
      const points = cells.filter((c) => c.runtime === col.runtime && sameMechanism(c, col))
        .map((c) => ({ x: c.param!, y: c.stats.avgNs })).sort((a, b) => a.x - b.x);
      if (!points.length) return [];
      const cross = crossovers.find((x) => x.runtime === col.runtime && sameMechanism(x, col) && x.workload === workload);
      return [{
        ...seriesOf(col), data: points,
        ...(cross ? { crossover: cross.crossover } : {}),
      }];
    });
    charts.push({
      id: `size-${slug(workload)}`, kind: 'size', workload, type: 'line',
      title: `${workload}: time per call against ${unit ?? 'size'} (log-log; ★ = crossover, from where on the mechanism beats js)`,
      yTitle: 'time per call (log)', yUnit: 'ns', xTitle: `${unit ?? 'param'} (log)`, series,
      xTicks: [...new Set(cells.map((c) => c.param!))].sort((a, b) => a - b).map((p) => ({ value: p, label: formatParam(p, unit) })),
    });
  }
  charts.push(...loadCharts(results));
  return charts;
}

/** The load group's charts: per column and mechanism, the cold start as the runtime's start
 *  plus what loading costs on top (medians, stacked); per mechanism, what it loads in bytes. */
function loadCharts(results: Results): ChartSpec[] {
  const timed = loadTableOf(results).filter((r) => r.mechanism && r.cell?.stats && r.cell.load?.startupNs !== undefined);
  const charts: ChartSpec[] = [];
  if (timed.length) {
    charts.push({
      id: 'load-cold-start', kind: 'load', type: 'bar', stacked: true, linear: true,
      title: `${coldStart.id}: a fresh process to its first verified ${coldStart.via} call (median), as the runtime's own start plus loading on top`,
      labels: timed.map((r) => seriesLabel({ runtime: r.runtime, mechanism: r.mechanism!, ...(r.cell?.mechanismVersion ? { mechanismVersion: r.cell.mechanismVersion } : {}) })), yTitle: 'time per process', yUnit: 'ns',
      series: [
        { label: 'runtime start (nothing loaded)', hue: 0, data: timed.map((r) => r.cell!.load!.startupNs!) },
        // A mechanism within noise of the floor can come out a little below it: drawn as 0.
        { label: 'loading on top (median − runtime start)', hue: 210, data: timed.map((r) => Math.max(0, r.cell!.load!.netNs ?? 0)) },
      ],
    });
  }
  // Sizes do not depend on the runtime: one bar per mechanism that loads a built file.
  const sized = new Map<string, NonNullable<Cell['load']>>();
  for (const c of results.cells) if (c.group === coldStart.group && c.load?.files.length && !sized.has(c.mechanism)) sized.set(c.mechanism, c.load);
  if (sized.size) {
    charts.push({
      id: 'load-size', kind: 'load', type: 'bar', linear: true,
      title: 'what each mechanism loads: its built file (and koffi its own addon), on disk and gzip -9',
      labels: [...sized.keys()], yTitle: 'bytes', yUnit: 'bytes',
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

/** Hue per mechanism (a `Record` over the catalogue's ids, so a new mechanism must get one). */
const hue: Record<MechanismId, number> = { js: 0, platform: 55, napi: 210, 'napi-sys': 245, neon: 88, koffi: 35, 'node-ffi': 120, 'bun-ffi': 280, 'deno-ffi': 170, wasm: 320,
  'wasm-bindgen': 345, rust: 20,
  http: 90, 'http-fresh': 250 };

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
    var i = runtimes.indexOf(s.runtime);
    var light = 30 + (i % 4) * 12;
    // Each version of a mechanism its own shade of the mechanism's hue (newest first).
    var shift = Math.max(0, (data.versions[s.mechanism] || []).indexOf(s.mechanismVersion)) * 28;
    return 'hsla(' + (data.hue[s.mechanism] + shift) + ', ' + (s.mechanism === 'js' ? 0 : 70) + '%, ' + light + '%, ' + alpha + ')';
  }
  // Log axes: label 1-2-5 steps only, or Chart.js crowds the axis with every minor tick.
  function labelled(v) { var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)); return [1, 2, 5].some(function (k) { return Math.abs(m - k) < 1e-6; }); }
  function fmtNs(v) {
    if (v >= 1e6) return Number((v / 1e6).toPrecision(3)) + ' ms';
    if (v >= 1e3) return (v / 1e3) + ' µs';
    return v + ' ns';
  }
  function fmtBytes(v) {
    if (v >= 1048576) return (v / 1048576).toFixed(1) + ' MiB';
    if (v >= 1024) return (v / 1024).toFixed(0) + ' KiB';
    return v + ' B';
  }
  function yTick(unit, linear) {
    return function (v) { return linear || labelled(v) ? (unit === 'ns' ? fmtNs(v) : unit === 'bytes' ? fmtBytes(v) : v + 'x') : ''; };
  }
  var drawn = [];
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    var datasets = spec.series.map(function (s) {
      var ds = { label: s.label, data: s.data, backgroundColor: colour(s, 0.75), borderColor: colour(s, 1), borderWidth: 1 };
      if (spec.type === 'line') {
        var i = runtimes.indexOf(s.runtime);
        ds.borderWidth = 2;
        ds.borderDash = [[], [6, 3], [2, 3], [10, 4, 2, 4]][i % 4];
        ds.pointStyle = s.data.map(function (p) { return p.x === s.crossover ? 'star' : 'circle'; });
        ds.pointRadius = s.data.map(function (p) { return p.x === s.crossover ? 10 : 3; });
        ds.pointBorderWidth = s.data.map(function (p) { return p.x === s.crossover ? 3 : 1; });
      }
      return ds;
    });
    var chart = new Chart(canvas, {
      type: spec.type,
      data: spec.type === 'bar' ? { labels: spec.labels, datasets: datasets } : { datasets: datasets },
      options: {
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
            type: spec.linear ? 'linear' : 'logarithmic', stacked: !!spec.stacked, beginAtZero: !!spec.linear,
            title: { display: true, text: spec.yTitle }, ticks: { callback: yTick(spec.yUnit, !!spec.linear) }
          }
        },
        plugins: {
          title: { display: true, text: spec.title },
          legend: { position: 'right', labels: { boxWidth: 12, font: { size: 10 } } },
          bridgetaxRefLine: { enabled: !!spec.refLine }
        }
      },
      plugins: [refLine]
    });
    canvas.setAttribute('data-series', String(chart.data.datasets.length));
    drawn.push({ id: spec.id, kind: spec.kind, title: spec.title, series: chart.data.datasets.length });
  });
  window.bridgetax = { charts: drawn, ready: true };
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
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1400px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.5em; }
.chart { position: relative; height: 420px; margin: 1em 0 2em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: right; vertical-align: top; }
table.env th, table.env td, thead th { text-align: left; }
.ratio { color: #777; } .failed { color: #b00; } .skipped { color: #999; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 12px; }
.note { color: #555; }
table.load td:last-child { text-align: left; }
`;

/** Renders the self-contained HTML page of a results document. */
export function renderHtml(results: Results): string {
  const charts = chartsOf(results);
  const crossovers = crossoversOf(results.cells);
  const parts = perMachine(results);
  // Tall enough for the legend: Chart.js wraps it into a second column past the chart height.
  const chartDiv = (c: ChartSpec) => `<div class="chart" style="height: ${Math.max(420, 22 * c.series.length + 60)}px"><canvas id="chart-${esc(c.id)}" role="img" aria-label="${esc(c.title)}"></canvas></div>`;
  const section = (kind: ChartSpec['kind']) => charts.filter((c) => c.kind === kind);
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>bridgetax results ${esc(results.run.id)}</title><style>${style}</style></head><body>
<h1>bridgetax: what it costs to cross from JavaScript into Rust</h1>
<p>Run <code>${esc(results.run.id)}</code>, mode <code>${esc(results.run.mode)}</code>, ${esc(results.run.startedAt)} to ${esc(results.run.finishedAt)}${results.machines ? `, merged from ${results.machines.length} machines: ${results.machines.map((m) => `<code>${esc(m.id)}</code>`).join(', ')}` : ''}.
Every timed figure is the mean time per call from mitata, of a call whose answer was first checked against the pure-JS reference.</p>`);

  out.push('<section id="by-group"><h2>Time per call, by group</h2>');
  for (const c of section('group')) out.push(chartDiv(c));
  out.push('</section>');

  if (section('speedup').length) {
    out.push('<section id="speedups"><h2>Speedup over plain JS</h2><p class="note">The <code>js</code> cell of the same runtime column and row divided by this cell: above 1 the crossing pays. Dashed line: 1.</p>');
    for (const c of section('speedup')) out.push(chartDiv(c));
    out.push('</section>');
  }

  if (section('load').length || loadTableOf(results).length) {
    out.push(`<section id="cold-start"><h2>Cold start and size</h2><p class="note">${esc(loadLegend(results))}</p>`);
    for (const c of section('load')) out.push(chartDiv(c));
    out.push(loadTableHtml(results), '</section>');
  }

  if (section('size').length) {
    out.push('<section id="sizes"><h2>Time against size</h2>');
    for (const c of section('size')) {
      out.push(chartDiv(c));
      const mine = crossovers.filter((x) => x.workload === c.workload);
      if (mine.length) {
        out.push(`<ul class="crossovers">${mine.map((x) => `<li>${esc(`${mechanismLabel(x)} in ${x.runtime}`)}: ${x.crossover === null
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
  const data = { charts, runtimes: results.runtimes.map((r) => r.id), hue: Object.fromEntries(mechanismIds.map((m) => [m, hue[m]])), versions };
  out.push(`<script>${chartJs()}</script>`);
  out.push(`<script id="bridgetax-data" type="application/json">${scriptJson(data)}</script>`);
  out.push(`<script>${pageScript}</script>`);
  out.push('</body></html>\n');
  return out.join('\n');
}
