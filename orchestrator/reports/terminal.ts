/**
 * The terminal table. Wide runs are split into blocks of whole runtimes that fit the
 * terminal, each repeating the row labels; ratios stay relative to the whole row.
 */
import { stripVTControlCharacters } from 'node:util';
import type { Results } from '../../contract/results.ts';
import type { CellFlag } from '../../contract/document.ts';
import { environmentLine, failureWhere, floorLines, formatNet, loadHeader, loadLegend, loadRowText, loadTableOf, formatNs, formatRatio, formatRme, legend, markers, notesOf, pathCode, pathLegend, perMachine, provenanceLines, rowLabel, skipGroups, tableOf, type Entry, type Table } from './model.ts';
import { familyGrid, familyHeading, familyTables } from './napi-family.ts';
import { formatCrossover, formatSpeedup, payoffTables } from './payoff.ts';
import { formatCost, permissionCostHeading, permissionCostTables } from './permission.ts';
import { sanityFindings } from '../credibility.ts';
import { bestBridgeGrid, bestBridgeLegend, bestBridges, summaryGrid, summaryLegend, summaryOf } from './summary.ts';
import { blockingHeader, blockingHeading, blockingLegend, blockingRowText, blockingTables, scalingHeader, scalingHeading, scalingLegend, scalingRowText, scalingTables } from './server.ts';

function text(e: Entry): [string, string] {
  switch (e.kind) {
    case 'timed': return [`${formatNs(e.ns)}${e.per ? `/${e.per}` : ''}`, formatRatio(e.ratio)];
    case 'eliminated': return ['eliminated', ''];
    case 'verified': return ['verified', ''];
    case 'failed': return ['FAILED', ''];
    case 'skipped': return ['skipped', ''];
    case 'absent': return ['-', ''];
  }
}

/** Renders the comparison for a terminal `width` columns wide; a document merged from several
 *  machines gets one table per machine, headed by its environment. */
export function renderTerminal(results: Results, width = 120): string {
  const out: string[] = [...renderSummary(results, width)];
  const parts = perMachine(results);
  for (const { machine, results: part } of parts) {
    if (machine) out.push(`Machine ${machine.id}: ${environmentLine(machine.environment)}`, '');
    out.push(...tableText(part, width));
  }
  out.push('Cells: median time per call (mitata; "/callback": per callback inside the call), then the ratio to the fastest verified cell in the row'
    + `${results.machines ? ' on the same machine' : ''} (1.00x = fastest).`);
  for (const l of legend(results)) out.push(`  ${l}`);
  out.push('', ...renderFamily(results));
  out.push('Credibility: each cell net of its harness floor, the 95 % bootstrap interval of the median as ± of it, and the call path:', '');
  for (const { results: part } of parts) {
    const table = tableOf(part);
    out.push(...grid(table, table.rows.map((r) => r.entries.map(detail)), width));
  }
  out.push(`  ${pathLegend}`);
  const floors = floorLines(results);
  if (floors.length) out.push('Harness floor (the same timing loop around a JS no-op no engine inlines, by argument types):', ...floors.map((f) => `  ${f}`));
  out.push('', ...renderPayoff(results), ...renderLoad(results), ...renderServer(results, width), ...renderPermissionCost(results));
  for (const n of notesOf(results)) out.push(`Note: ${n}`);
  for (const g of skipGroups(results)) out.push(`Skipped: ${g.what} in ${g.where.join(', ')}: ${g.reason}`);
  for (const f of results.failures) {
    out.push(failureLine(f));
    if (f.stderrTail) out.push(...f.stderrTail.split('\n').map((l) => `    | ${l}`));
  }
  for (const f of sanityFindings(results.cells)) out.push(`SANITY: ${f.message}`);
  if (!results.machines) out.push('', 'Provenance:', ...provenanceLines(results).map((l) => `  ${l}`));
  return plain(out);
}

/** Strings from a runtime or the environment reach the terminal: no escape sequence in them may
 *  move the cursor, recolour or retitle it, and no control character may garble the table. */
function plain(lines: string[]): string {
  return lines.join('\n').split(/\r?\n/)
    .map((line) => stripVTControlCharacters(line).replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')).join('\n');
}

/** A failure in one line: where, why, and the two values when an answer was wrong. */
function failureLine(f: Results['failures'][number]): string {
  return `FAILED: ${failureWhere(f)}: ${f.reason}${f.expected !== undefined ? ` (expected ${f.expected}, got ${f.actual})` : ''}`;
}

/**
 * The screen a run ends on, short enough to stay in sight (the full tables are in the files and
 * `renderTerminal`): each failure in one line, the summary's sentences wrapped to `width`, the
 * best bridge per kind of work in each runtime column, and one line counting what needs care.
 */
export function renderSummaryScreen(results: Results, width = 120): string {
  const { matrices, sentences } = summaryOf(results);
  const out: string[] = results.failures.map(failureLine);
  if (out.length) out.push('');
  out.push('Summary', ...sentences.flatMap((s) => wrap(s, width, '  ', '    ')));
  const best = bestBridges(matrices);
  if (best.rows.length) {
    const { header, rows } = bestBridgeGrid(best);
    out.push('', 'Best bridge per kind of work:', ...blocksOf([header, ...rows], width), ...wrap(bestBridgeLegend, width, '', ''));
  }
  out.push(...wrap(flagsLine(results), width, '', '  '));
  return plain(out);
}

/** The flags that matter, counted in one line: failures, sanity findings, cross-check
 *  disagreements, cells not sampled in the optimizing tier, cells with two modes. */
function flagsLine(results: Results): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const sanity = sanityFindings(results.cells);
  const eliminatedCalls = sanity.filter((f) => f.kind === 'below-physical-floor').length;
  const disagree = results.cells.filter((c) => c.flags?.includes('cross-check-disagrees')).length;
  const flagged = results.cells.filter((c) => c.verified && c.stats && c.flags?.length).length;
  const count = (flag: CellFlag) => results.cells.filter((c) => c.flags?.includes(flag)).length;
  const [cold, twoModes] = [count('not-optimized'), count('two-modes')];
  return `Flags: ${plural(results.failures.length, 'failure')}; ${plural(sanity.length, 'sanity finding')}`
    + `${eliminatedCalls ? ` (${plural(eliminatedCalls, 'call')} the JIT eliminated)` : ''}; `
    + `${plural(disagree, 'cross-check disagreement')} (x); `
    + `${cold ? `${plural(cold, 'cell')} not sampled in the optimizing tier (i); ` : ''}`
    + `${twoModes ? `${plural(twoModes, 'cell')} with two modes (m); ` : ''}`
    + `${plural(flagged, 'flagged cell')} in all.`;
}

/** `text` in lines of at most `width` characters, broken at spaces, the first line after
 *  `first` and the rest after `rest`; a word longer than a line stays whole. */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/ +/)) {
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = rest;
      empty = true;
    }
    line += `${empty ? '' : ' '}${word}`;
    empty = false;
  }
  out.push(line);
  return out;
}

/** The credibility of a timed cell in a few characters: net of the floor, ±margin, path. */
function detail(e: Entry): string {
  if (e.kind !== 'timed' && e.kind !== 'eliminated') return e.kind === 'absent' ? '-' : '';
  const s = e.cell.stats!;
  const parts = [
    s.floorMedianNs !== undefined ? formatNet(s.medianNetNs) : '',
    s.medianRme !== undefined ? formatRme(s.medianRme) : '',
    e.cell.callPath ? pathCode(e.cell.callPath) : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The table of one machine's columns, each figure with its flag markers. */
function tableText(results: Results, width: number): string[] {
  const table = tableOf(results);
  const { columns, rows } = table;
  // Markers sit after the ratio, padded per column so the ratios stay aligned.
  const markerW = columns.map((_, i) => Math.max(0, ...rows.map((r) => {
    const e = r.entries[i]!;
    return e.kind === 'timed' ? markers(e.flags).length : 0;
  })));
  const cellText = rows.map((r) => r.entries.map((e, i) => {
    const [t, ratio] = text(e);
    const mark = markerW[i] ? ` ${(e.kind === 'timed' ? markers(e.flags) : '').padEnd(markerW[i]!)}` : '';
    return ratio ? `${t} ${ratio.padStart(6)}${mark}` : `${t}${mark ? ' '.repeat(mark.length) : ''}`;
  }));
  return grid(table, cellText, width);
}

/** Lays a table out in blocks of whole runtimes that fit `width`, one text per entry. */
function grid(table: Table, cellText: string[][], width: number): string[] {
  const { columns, rows } = table;
  const out: string[] = [];
  const labels = rows.map(rowLabel);
  const labelW = Math.max('workload'.length, ...labels.map((l) => l.length));
  const colW = columns.map((c, i) => Math.max(c.label.length, ...cellText.map((r) => r[i]!.length)));

  // Blocks of whole runtimes that fit the width.
  const runtimes = [...new Set(columns.map((c) => c.runtime))];
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = labelW;
  const flush = () => {
    if (current.length) blocks.push(current);
    current = [];
    used = labelW;
  };
  for (const rt of runtimes) {
    const idx = columns.map((c, i) => (c.runtime === rt ? i : -1)).filter((i) => i >= 0);
    // A runtime starts a new block rather than straddle two; one too wide for any block is
    // split between its columns.
    if (used + idx.reduce((s, i) => s + colW[i]! + 3, 0) > width) flush();
    for (const i of idx) {
      if (used + colW[i]! + 3 > width) flush();
      current.push(i);
      used += colW[i]! + 3;
    }
  }
  flush();

  for (const block of blocks) {
    const runtimeLine = [''.padEnd(labelW)];
    const mechLine = ['workload'.padEnd(labelW)];
    for (const rt of runtimes) {
      const idx = block.filter((i) => columns[i]!.runtime === rt);
      if (!idx.length) continue;
      const w = idx.reduce((s, i) => s + colW[i]! + 3, 0) - 3;
      runtimeLine.push(rt.length > w ? rt.slice(0, w) : rt.padEnd(w));
      for (const i of idx) mechLine.push(columns[i]!.label.padStart(colW[i]!));
    }
    out.push(runtimeLine.join(' | ').trimEnd(), mechLine.join(' | '));
    out.push(mechLine.join(' | ').replace(/[^|]/g, '-').replace(/\|/g, '+'));
    rows.forEach((_, r) => {
      out.push([labels[r]!.padEnd(labelW), ...block.map((i) => cellText[r]![i]!.padStart(colW[i]!))].join(' | '));
    });
    out.push('');
  }
  return out;
}

/** The N-API family per runtime: the napi-sys floor, each framework's figure and ns over it, and
 *  the ns one framework version adds over another. */
function renderFamily(results: Results): string[] {
  const out: string[] = [];
  for (const t of familyTables(results)) {
    const { header, rows } = familyGrid(t);
    const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join(' | ');
    out.push(familyHeading(t), line(header), line(header).replace(/[^|]/g, '-').replace(/\|/g, '+'), ...rows.map(line));
    out.push(...t.summary.map((s) => `  ${s}`), '');
  }
  return out;
}

/** What Node's permission model costs, per Node version measured both ways: workloads by mechanism. */
function renderPermissionCost(results: Results): string[] {
  const out: string[] = [];
  for (const t of permissionCostTables(results)) {
    const labelW = Math.max('workload'.length, ...t.rows.map((r) => r.workload.length));
    const cols = t.mechanisms.map((m, i) => Math.max(m.length, ...t.rows.map((r) => formatCost(r.cells[i]).length)));
    const line = (label: string, cells: string[]) => [label.padEnd(labelW), ...cells.map((c, i) => c.padStart(cols[i]!))].join(' | ');
    out.push(permissionCostHeading(t), line('workload', t.mechanisms), line('workload', t.mechanisms).replace(/[^|]/g, '-').replace(/\|/g, '+'));
    for (const r of t.rows) out.push(line(r.workload, r.cells.map(formatCost)));
    out.push('');
  }
  return out;
}

/** "Does crossing pay?": per runtime, each mechanism's speedup over js, then its crossovers. */
function renderPayoff(results: Results): string[] {
  const out: string[] = [];
  for (const t of payoffTables(results)) {
    const labels = [...t.rows.map((r) => r.label), ...t.crossovers.map((c) => `${c.workload} crossover`)];
    const labelW = Math.max(...labels.map((l) => l.length), 'speedup over js'.length);
    const cols = t.mechanisms.map((m, i) => Math.max(m.length, ...t.rows.map((r) => formatSpeedup(r.speedups[i]).length),
      ...t.crossovers.map((c) => formatCrossover(c.at[i]).length)));
    const line = (label: string, cells: string[]) => [label.padEnd(labelW), ...cells.map((c, i) => c.padStart(cols[i]!))].join(' | ');
    out.push(`${t.runtime}: does crossing pay? (median js time / median mechanism time; above 1x the mechanism is faster)`);
    out.push(line('speedup over js', t.mechanisms));
    out.push(line('speedup over js', t.mechanisms).replace(/[^|]/g, '-').replace(/\|/g, '+'));
    for (const r of t.rows) out.push(line(r.label, r.speedups.map(formatSpeedup)));
    for (const c of t.crossovers) out.push(line(`${c.workload} crossover`, c.at.map(formatCrossover)));
    out.push('');
  }
  if (out.length) out.push('Crossover: the smallest size at which the mechanism beats js by more than 5 % and after which it is not slower by more than 5 % at any larger size measured; "never": not in the range measured.', '');
  return out;
}

/** The cold-start-and-size table: padded columns, the last (what it loads) left as is. */
function renderLoad(results: Results): string[] {
  const rows = loadTableOf(results).map(loadRowText);
  if (!rows.length) return [];
  const all = [[...loadHeader], ...rows];
  const w = loadHeader.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : i < 2 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(' | ').trimEnd();
  return ['Cold start and size (the load group):', line(loadHeader), line(loadHeader).replace(/[^|]/g, '-').replace(/\|/g, '+'),
    ...rows.map(line), loadLegend(results), ''];
}

/** A table of text cells: the first column left-aligned, the figures right-aligned, the last
 *  (free text: how a path runs, or why it did not) left as is. */
function padded(header: readonly string[], rows: readonly string[][]): string[] {
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(' | ').trimEnd();
  return [line(header), line(header).replace(/[^|]/g, '-').replace(/\|/g, '+'), ...rows.map(line)];
}

/** "Does a long call block the server?" per column (the event_loop group), then how the work
 *  spreads over the cores (the parallel group): nothing for a run without them. */
function renderServer(results: Results, width: number): string[] {
  const out: string[] = [];
  const blocking = blockingTables(results);
  for (const t of blocking) out.push(...wrap(blockingHeading(t), width, '', '  '), ...padded(blockingHeader(t), t.rows.map((r) => blockingRowText(t, r))), '');
  if (blocking.length) out.push(...wrap(blockingLegend, width, '', ''), '');
  const scaling = scalingTables(results);
  for (const t of scaling) out.push(...wrap(scalingHeading(t), width, '', '  '), ...padded(scalingHeader(t), t.rows.map((r) => scalingRowText(t, r))), '');
  if (scaling.length) out.push(...wrap(scalingLegend, width, '', ''), '');
  return out;
}

/** The summary the HTML opens with: the sentences, then per runtime its matrix, split into blocks
 *  of mechanisms that fit `width` (each repeating the row labels). */
function renderSummary(results: Results, width: number): string[] {
  const { matrices, sentences } = summaryOf(results);
  if (!matrices.length && !sentences.length) return [];
  const out = ['Summary', ...sentences.map((s) => `  ${s}`), ''];
  for (const m of matrices) {
    const { header, rows } = summaryGrid(m);
    out.push(`${m.runtime}:`, ...blocksOf([header, ...rows], width), '');
  }
  if (matrices.length) out.push(summaryLegend, '', '');
  return out;
}

/** A grid of strings (first row the header, first column the labels) in blocks of columns that
 *  fit `width`, each block repeating the labels. */
function blocksOf(grid: string[][], width: number): string[] {
  const w = grid[0]!.map((_, i) => Math.max(...grid.map((r) => r[i]!.length)));
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = w[0]!;
  for (let i = 1; i < w.length; i++) {
    if (current.length && used + w[i]! + 3 > width) {
      blocks.push(current);
      current = [];
      used = w[0]!;
    }
    current.push(i);
    used += w[i]! + 3;
  }
  if (current.length) blocks.push(current);
  const out: string[] = [];
  for (const block of blocks) {
    const line = (r: string[]) => [r[0]!.padEnd(w[0]!), ...block.map((i) => r[i]!.padStart(w[i]!))].join(' | ');
    out.push(line(grid[0]!), line(grid[0]!).replace(/[^|]/g, '-').replace(/\|/g, '+'), ...grid.slice(1).map(line));
  }
  return out;
}
