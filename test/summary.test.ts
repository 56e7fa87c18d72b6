/**
 * The summary every format opens with, computed from the cells alone: per runtime a matrix whose
 * speedups, ratios, fastest bridge and crossovers are the cells' own medians; failed, skipped and
 * flagged cells marked as the tables mark them; sentences that name what the numbers say; and the
 * terminal, the Markdown and the HTML opening with the same sentences.
 */
import { describe, expect, it } from 'vitest';
import { crossoversOf } from '../orchestrator/analysis.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { esc, renderHtml } from '../orchestrator/reports/html.ts';
import { formatNs } from '../orchestrator/reports/model.ts';
import { summaryOf } from '../orchestrator/reports/summary.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import type { Results } from '../contract/results.ts';
import { manyColumns } from './many-columns.ts';
import { readRecorded, resultsA } from './recorded-results.ts';

type Cell = Results['cells'][number];
const key = (c: Pick<Cell, 'mechanism' | 'mechanismVersion'>) => (c.mechanismVersion ? `${c.mechanism}@${c.mechanismVersion}` : c.mechanism);

describe('summary', () => {
  it('per runtime: each timed cell\'s speedup over js and ratio to the row\'s fastest, from the medians', () => {
    const r = readRecorded(resultsA);
    const { matrices } = summaryOf(r);
    expect(matrices.map((m) => m.runtime)).toEqual(r.runtimes.map((x) => x.id));
    for (const m of matrices) {
      for (const row of m.rows) {
        const here = r.cells.filter((c) => c.runtime === m.runtime && c.workload === row.workload && c.param === row.param && c.verified && c.stats);
        const js = here.find((c) => c.mechanism === 'js')!.stats!.p50Ns;
        const fastest = Math.min(...here.map((c) => c.stats!.p50Ns));
        const bridges = here.filter((c) => c.mechanism !== 'js');
        const best = bridges.reduce((a, b) => (b.stats!.p50Ns < a.stats!.p50Ns ? b : a));
        row.cells.forEach((cell, i) => {
          const c = here.find((x) => key(x) === m.mechanisms[i]!.key)!;
          expect(cell.kind).toBe('timed');
          expect(cell.ratio).toBeCloseTo(c.stats!.p50Ns / fastest, 9);
          if (c.mechanism === 'js') expect(cell.speedup).toBeUndefined();
          else expect(cell.speedup).toBeCloseTo(js / c.stats!.p50Ns, 9);
          expect(cell.best).toBe(c === best);
          const cross = crossoversOf(r.cells).find((x) => x.runtime === m.runtime && key(x) === key(c) && x.workload === row.workload);
          expect(cell.crossover).toBe(cross?.crossover === row.param && row.param !== null);
        });
      }
    }
  });

  it('marks failed, skipped and flagged cells as the tables do', () => {
    const r = readRecorded(resultsA);
    const failed = r.cells.find((c) => c.runtime === 'node@26.10.0' && c.mechanism === 'koffi' && c.workload === 'add_i32')!;
    failed.verified = false;
    delete failed.stats;
    const noisy = r.cells.find((c) => c.runtime === 'node@26.10.0' && c.mechanism === 'wasm' && c.workload === 'add_i32')!;
    noisy.flags = ['noisy', 'off-fast-path'];
    const { matrices, sentences } = summaryOf(r);
    const node = matrices.find((m) => m.runtime === 'node@26.10.0')!;
    const row = node.rows.find((x) => x.workload === 'add_i32')!;
    const at = (k: string) => row.cells[node.mechanisms.findIndex((m) => m.key === k)]!;
    expect(at('koffi').kind).toBe('failed');
    expect(at('koffi').detail).toContain('FAILED verification');
    expect(at('wasm').marks).toBe('?!');
    expect(at('wasm').detail).toContain('flags: noisy, off-fast-path');
    // bun has no node-ffi: the runtime's own matrix has no such column at all.
    expect(matrices.find((m) => m.runtime === 'bun@1.4.4')!.mechanisms.map((m) => m.key)).not.toContain('node-ffi');
    // The wasm cell, and node's js bytes_sum at 64 B: the version 1 file recorded all its samples,
    // and the 95 % interval of their median is wider than ±5 % (noisy).
    expect(r.cells.filter((c) => c.flags?.length).map((c) => `${c.mechanism} ${c.workload} ${c.param}`).sort()).toEqual(['js bytes_sum 64', 'wasm add_i32 null']);
    expect(sentences.at(-1)).toMatch(/2 carry a flag .*1 failure is listed with its reason/);
  });

  it('says which bridge is fastest for a bare call in each runtime, and by how much', () => {
    const r = readRecorded(resultsA);
    const [first] = summaryOf(r).sentences;
    for (const rt of r.runtimes) {
      const call = r.cells.filter((c) => c.runtime === rt.id && c.group === 'call' && c.mechanism !== 'js' && c.verified && c.stats);
      const byMech = new Map<string, number[]>();
      for (const c of call) byMech.set(key(c), [...(byMech.get(key(c)) ?? []), c.stats!.p50Ns]);
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b).reduce((s, x, _i, a) => (a.length % 2 ? a[(a.length - 1) / 2]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2), 0);
      const ranked = [...byMech].map(([k, xs]) => [k, median(xs)] as const).sort((a, b) => a[1] - b[1]);
      // `<bridge> in <runtime> (<figure>` or, sharing the bridge with a runtime before, `, <runtime> (<figure>`.
      expect(first).toMatch(new RegExp(`${ranked[0]![0]} in (?:[^;]*\\), )?${rt.id.replace(/\./g, '\\.')} \\(${formatNs(ranked[0]![1]).replace(/\./g, '\\.')}`));
    }
  });

  it('the terminal, the Markdown and the HTML open with the same sentences, before their tables', () => {
    for (const r of [readRecorded(resultsA), manyColumns()]) {
      const { sentences, matrices } = summaryOf(r);
      expect(sentences.length).toBeGreaterThanOrEqual(3);
      const term = renderTerminal(r, 140);
      const md = renderMarkdown(r);
      const html = renderHtml(r);
      expect(term.startsWith('Summary\n')).toBe(true);
      expect(md).toMatch(/^# .*\n\n## Summary\n/);
      for (const s of sentences) {
        expect(term).toContain(s);
        expect(html).toContain(esc(s));
      }
      expect(md.indexOf('## Summary')).toBeLessThan(md.indexOf('Each cell: median time per call'));
      expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('<canvas'));
      // Every runtime's matrix, with every one of its mechanisms.
      for (const m of matrices) expect(md).toContain(`| workload | ${m.mechanisms.map((x) => x.label).join(' | ')} |`);
    }
  });
});
