/**
 * The table model and its renderings, from recorded results: ratios are to the fastest
 * verified cell in each row, failures and skips are shown, units are right.
 */
import { describe, expect, it } from 'vitest';
import { formatNs, formatRatio, rowLabel, skipGroups, tableOf } from '../orchestrator/reports/model.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import { merge } from '../orchestrator/merge.ts';
import { mergedFixture, mergeInput } from './fixtures.ts';
import { figureNs } from '../contract/document.ts';

describe('table model', () => {
  const results = mergedFixture();
  const table = tableOf(results);

  it('has a row per workload x param and a column per runtime x mechanism', () => {
    expect(table.rows.map(rowLabel)).toEqual(['add_i32', 'bytes_sum 64 B', 'bytes_sum 64 KiB', 'bytes_sum 1 MiB']);
    expect(table.columns.map((c) => `${c.runtime} ${c.mechanism}`)).toContain('node@26.10.0 node-ffi');
    expect(table.columns.map((c) => `${c.runtime} ${c.mechanism}`)).toContain('bun@1.4.4 bun-ffi');
  });

  it('gives the fastest verified cell of each row 1x and the others their ratio to it', () => {
    for (const [r, row] of table.rows.entries()) {
      const cells = results.cells.filter((c) => c.workload === row.workload && c.param === row.param && c.stats);
      const fastest = Math.min(...cells.map(figureNs));
      for (const [i, e] of row.entries.entries()) {
        if (e.kind !== 'timed') continue;
        const col = table.columns[i]!;
        const cell = cells.find((c) => c.runtime === col.runtime && c.mechanism === col.mechanism)!;
        expect(e.ratio, `row ${r} col ${i}`).toBeCloseTo(figureNs(cell) / fastest, 10);
      }
      expect(row.entries.filter((e) => e.kind === 'timed' && e.ratio === 1)).toHaveLength(1);
    }
  });

  it('shows a cell that failed verification as failed, not as a time', () => {
    const input = mergeInput();
    const doc = (input.columns[0] as { document: { cells: { verified: boolean; stats?: unknown }[] } }).document;
    doc.cells[0]!.verified = false;
    delete doc.cells[0]!.stats;
    const t = tableOf(merge(input));
    expect(t.rows[0]!.entries[0]).toEqual({ kind: 'failed' });
  });
});

describe('skip groups', () => {
  it('folds one mechanism skipped for one reason in several columns into one line', () => {
    const groups = skipGroups(mergedFixture());
    const bunFfi = groups.find((g) => g.what === 'bun-ffi');
    expect(bunFfi).toEqual({ what: 'bun-ffi', where: ['node@26.10.0'], reason: "bun:ffi is Bun's own FFI module" });
    const nodeFfi = groups.find((g) => g.what === 'node-ffi');
    expect(nodeFfi?.where).toEqual(['bun@1.4.4']);
  });
});

describe('formatting', () => {
  it('formats durations and ratios', () => {
    expect(formatNs(0.5)).toBe('0.50 ns');
    expect(formatNs(42.25)).toBe('42.3 ns');
    expect(formatNs(4210)).toBe('4.21 µs');
    expect(formatNs(1_070_000)).toBe('1.07 ms');
    expect(formatRatio(1)).toBe('1.00x');
    expect(formatRatio(159.4)).toBe('159x');
  });

  it('renders every column and row in the terminal, split to fit the width', () => {
    const text = renderTerminal(mergedFixture(), 100);
    expect(text).toMatch(/node@26\.10\.0/);
    expect(text).toMatch(/bun@1\.4\.4/);
    expect(text).toMatch(/bytes_sum 1 MiB/);
    for (const line of text.split('\n').filter((l) => l.includes('|'))) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/wasm bytes_sum: includes copying the input into wasm linear memory/);
  });

  it('renders Markdown with the environment and an escaped CPU name', () => {
    const results = mergedFixture();
    results.environment.cpu = 'Evil <script>alert(1)</script> | CPU';
    const text = renderMarkdown(results);
    expect(text).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; \\| CPU');
    expect(text).not.toContain('<script>');
    expect(text).toMatch(/\| bytes_sum 64 KiB \|/);
  });
});
