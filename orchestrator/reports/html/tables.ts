/**
 * The HTML report's tables: the answer's matrices (summary.ts) coloured by speedup or ratio, the
 * results table per machine, the load table, the N-API family's tables and the environment.
 * Each takes a part of the results and returns markup; every string from the results is escaped.
 */
import type { Results } from '../../../contract/results.ts';
import { formatNs, formatRatio, legend, loadHeader, loadRowText, loadTableOf, markers, rowLabel, tableOf, type Entry } from '../model.ts';
import { familyGrid, familyHeading, type FamilyTable } from '../napi-family.ts';
import { formatCellRatio, formatCellSpeedup, type Summary, type SummaryCell } from '../summary.ts';
import { blockingDetail, blockingHeader, blockingHeading, blockingRowText, scalingDetail, scalingHeader, scalingHeading, scalingRowText, type BlockingTable, type ScalingTable } from '../server.ts';
import { esc } from './escape.ts';

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

/** The answer: the sentences, the key to the colours, and per runtime the matrix of workload ×
 *  mechanism. */
export function summaryHtml(summary: Summary, results: Results): string {
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

/** The results table of one machine's part: mean time per call and the ratio to the row's fastest. */
export function tableHtml(results: Results): string {
  const { columns, rows } = tableOf(results);
  if (!rows.length) return '<p>No cells.</p>';
  return `<table class="results"><thead><tr><th>workload</th>${columns.map((c) => `<th>${esc(c.runtime)}<br>${esc(c.label)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr><th>${esc(rowLabel(r))}</th>${r.entries.map((e) => `<td>${entryHtml(e)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** The load group's table (empty when the run has none). */
export function loadTableHtml(results: Results): string {
  const rows = loadTableOf(results);
  if (!rows.length) return '';
  return `<table class="results load"><thead><tr>${loadHeader.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${loadRowText(r).map((t, i) => (i < 2 ? `<th>${esc(t)}</th>` : `<td>${esc(t)}</td>`)).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** The environment, one row per field. */
export function environmentHtml(env: Results['environment']): string {
  const text = (v: unknown): string => (v === null ? 'unknown' : Array.isArray(v) ? v.join(', ')
    : typeof v === 'object' ? Object.entries(v as object).map(([k, x]) => `${k}: ${text(x)}`).join('; ') : String(v));
  const rows = Object.entries(env).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(text(v))}</td></tr>`);
  return `<table class="env">${rows.join('')}</table>`;
}

/** The columns: each runtime's executable and the libraries it reported. */
export function runtimesHtml(results: Results): string {
  return `<table class="env"><thead><tr><th>column</th><th>executable</th><th>libraries</th></tr></thead><tbody>${results.runtimes.map((r) =>
    `<tr><th>${esc(r.id)}</th><td>${esc(r.execPath)}</td><td>${esc(Object.entries(r.libraries ?? {}).map(([k, v]) => `${k} ${v}`).join(', '))}</td></tr>`).join('')}</tbody></table>`;
}

/** One runtime's N-API family table, its heading and the sentences under it. */
export function familyTableHtml(t: FamilyTable): string[] {
  const { header, rows } = familyGrid(t);
  return [`<h3>${esc(familyHeading(t))}</h3><table class="results family"><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map(([label, ...cells]) => `<tr><th>${esc(label!)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`,
  `<ul class="note">${t.summary.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`];
}

/** One column's blocking table: each row coloured by its verdict, each figure's hover its
 *  lateness over the ticks, the job's interval and the loop-delay histogram's cross-check. */
export function blockingTableHtml(t: BlockingTable): string {
  const header = blockingHeader(t);
  const perLength = 3;
  const rows = t.rows.map((r) => {
    const text = blockingRowText(t, r);
    const cls = r.verdict ?? (r.cells.some((c) => c.kind === 'failed') ? 'failed' : 'skipped');
    const figures = r.cells.flatMap((c, i) => text.slice(1 + i * perLength, 1 + (i + 1) * perLength)
      .map((x) => `<td title="${esc(blockingDetail(c).join('\n'))}">${esc(x)}</td>`));
    const verdict = text.at(-2)!;
    return `<tr class="${esc(cls)}" data-mechanism="${esc(r.key)}"><th>${esc(r.label)}</th>${figures.join('')}`
      + `<td class="verdict">${r.verdict === 'blocks' ? `<strong>${esc(verdict)}</strong>` : esc(verdict)}</td><td class="why">${esc(text.at(-1)!)}</td></tr>`;
  });
  return `<div class="server-box" data-runtime="${esc(t.runtime)}"><h3>${esc(t.runtime)}</h3><p class="note">${esc(blockingHeading(t))}</p>`
    + `<table class="results blocking"><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** One column's scaling table, its heading naming the core count; each figure's hover the
 *  round's interval, the jobs per second and the pool. */
export function scalingTableHtml(t: ScalingTable): string {
  const header = scalingHeader(t);
  const rows = t.rows.map((r) => {
    const text = scalingRowText(t, r);
    return `<tr data-mechanism="${esc(r.key)}"><th>${esc(r.label)}</th>${r.cells.map((c, i) => `<td class="${c.kind}" title="${esc(scalingDetail(t, c).join('\n'))}">${esc(text[i + 1]!)}</td>`).join('')}`
      + `<td class="why">${esc(text.at(-1)!)}</td></tr>`;
  });
  return `<div class="server-box" data-runtime="${esc(t.runtime)}"><h3>${esc(t.runtime)}, ${t.cores} cores</h3><p class="note">${esc(scalingHeading(t))}</p>`
    + `<table class="results scaling"><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}
