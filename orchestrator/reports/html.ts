/**
 * `results/index.html`: one self-contained page (Chart.js and the data inline, no network, opens
 * from disk). It opens on the answer (summary.ts): the sentences, then per runtime the matrix of
 * workload × mechanism coloured by speedup over `js` (or ratio to the row's fastest). Then the
 * evidence as small multiples, one runtime (or one mechanism across runtimes) per chart and never
 * more than `MAX_SERIES` series: time per call per group, the speedup over `js`, the N-API family,
 * cold start and size, time against size with each crossover marked; whether a long call blocks
 * the server and how the work spreads over the cores (a run with the event_loop and parallel
 * groups); the tables, the environment, every skip and failure. Filters by runtime, mechanism and group re-draw the charts and the
 * matrices; hovering a value shows its interval, samples, call path and flags.
 *
 * This module is the exporter: a pure function of the results that lays the page out. Its parts
 * live in html/: the chart model (charts.ts, the charts as plain data), the tables (tables.ts),
 * the escaping (escape.ts), and the page's script and styles as real files (client.js,
 * styles.css, read by assets.ts and inlined). The page's script only hands the charts to Chart.js
 * and records what it drew in `window.bridgetax` (and on each canvas as `data-series`), which the
 * browser test reads. Every string from the results reaches the page either HTML-escaped or
 * inside the JSON data block with `<` escaped, so a CPU name like `</script><script>…` stays text.
 */
import { mechanismKey, mechanismLabel, mechanismsIn } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { crossoversOf } from '../analysis.ts';
import { failureWhere, floorLines, formatParam, legend, loadLegend, loadTableOf, notesOf, perMachine, provenanceLines, skipGroups } from './model.ts';
import { familyTables } from './napi-family.ts';
import { summaryOf } from './summary.ts';
import { chartJs, clientScript, styles } from './html/assets.ts';
import { chartsOf, pageData, type ChartSpec } from './html/charts.ts';
import { esc, scriptJson } from './html/escape.ts';
import { blockingTableHtml, environmentHtml, familyTableHtml, loadTableHtml, runtimesHtml, scalingTableHtml, summaryHtml, tableHtml } from './html/tables.ts';
import { blockingLegend, blockingTables, scalingLegend, scalingTables } from './server.ts';
import { permissionCostByMechanism, permissionCostHeading, permissionCostTables } from './permission.ts';

export { capSeries, chartsOf, MAX_SERIES, type ChartSpec, type SeriesSpec } from './html/charts.ts';
export { esc, scriptJson } from './html/escape.ts';
export { ratioColour, speedupColour } from './html/tables.ts';

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
<title>bridgetax results ${esc(results.run.id)}</title><style>
${styles()}</style></head><body data-colour="speedup">
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
    for (const t of family) out.push(...familyTableHtml(t));
    out.push('</section>');
  }

  const blocking = blockingTables(results);
  if (blocking.length) {
    out.push(`<section id="event-loop"><h2>Does a long call block the server?</h2><p class="note">${esc(blockingLegend)}</p>`);
    out.push(...blocking.map(blockingTableHtml), '</section>');
  }
  const scaling = scalingTables(results);
  if (scaling.length) {
    out.push(`<section id="parallel"><h2>Does the work spread over the cores?</h2><p class="note">${esc(scalingLegend)}</p>`);
    out.push(grid(section('scaling')), ...scaling.map(scalingTableHtml), '</section>');
  }

  const permission = permissionCostTables(results);
  if (permission.length) {
    out.push('<section id="permission-cost"><h2>What the permission model costs</h2>');
    for (const t of permission) {
      const { header, rows } = permissionCostByMechanism(t);
      out.push(`<h3>${esc(permissionCostHeading(t))}</h3><table class="results"><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`
        + `<tbody>${rows.map(([m, ...cells]) => `<tr><th>${esc(m!)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`);
    }
    out.push('</section>');
  }

  out.push('<section id="tables"><h2>Tables</h2><p class="note">Mean time per call, then the ratio to the fastest verified cell in the row'
    + `${results.machines ? ' on the same machine' : ''} (1.00x = fastest).</p>`);
  for (const { machine, results: part } of parts) {
    if (machine) out.push(`<h3>${esc(machine.id)}</h3>`);
    out.push(tableHtml(part));
    const floors = floorLines(part);
    if (floors.length) out.push('<p class="note">Harness floor (the same timing loop around a JS no-op no engine inlines, by argument types):</p>', `<ul>${floors.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`);
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

  out.push(`<script>${chartJs()}</script>`);
  out.push(`<script id="bridgetax-data" type="application/json">${scriptJson(pageData(results, charts))}</script>`);
  out.push(`<script>\n${clientScript()}</script>`);
  out.push('</body></html>\n');
  return out.join('\n');
}
