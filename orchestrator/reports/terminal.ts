/**
 * The terminal table. Wide runs are split into blocks of whole runtimes that fit the
 * terminal, each repeating the row labels; ratios stay relative to the whole row.
 */
import type { Results } from '../schema.ts';
import { failureWhere, formatNs, formatRatio, notesOf, rowLabel, skipGroups, tableOf, type Entry } from './model.ts';

function text(e: Entry): [string, string] {
  switch (e.kind) {
    case 'timed': return [formatNs(e.ns), formatRatio(e.ratio)];
    case 'verified': return ['verified', ''];
    case 'failed': return ['FAILED', ''];
    case 'skipped': return ['skipped', ''];
    case 'absent': return ['-', ''];
  }
}

/** Renders the comparison for a terminal `width` columns wide. */
export function renderTerminal(results: Results, width = 120): string {
  const { columns, rows } = tableOf(results);
  const out: string[] = [];
  const labels = rows.map(rowLabel);
  const labelW = Math.max('workload'.length, ...labels.map((l) => l.length));
  const cellText = rows.map((r) => r.entries.map((e) => {
    const [t, ratio] = text(e);
    return ratio ? `${t} ${ratio.padStart(6)}` : t;
  }));
  const colW = columns.map((c, i) => Math.max(c.mechanism.length, ...cellText.map((r) => r[i]!.length)));

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
      for (const i of idx) mechLine.push(columns[i]!.mechanism.padStart(colW[i]!));
    }
    out.push(runtimeLine.join(' | ').trimEnd(), mechLine.join(' | '));
    out.push(mechLine.join(' | ').replace(/[^|]/g, '-').replace(/\|/g, '+'));
    rows.forEach((_, r) => {
      out.push([labels[r]!.padEnd(labelW), ...block.map((i) => cellText[r]![i]!.padStart(colW[i]!))].join(' | '));
    });
    out.push('');
  }
  out.push('Cells: mean time per call (mitata), then the ratio to the fastest verified cell in the row (1.00x = fastest).');
  for (const n of notesOf(results)) out.push(`Note: ${n}`);
  for (const g of skipGroups(results)) out.push(`Skipped: ${g.what} in ${g.where.join(', ')}: ${g.reason}`);
  for (const f of results.failures) {
    out.push(`FAILED: ${failureWhere(f)}: ${f.reason}${f.expected !== undefined ? ` (expected ${f.expected}, got ${f.actual})` : ''}`);
    if (f.stderrTail) out.push(...f.stderrTail.split('\n').map((l) => `    | ${l}`));
  }
  return out.join('\n');
}
