/**
 * The cold-start-and-size table in every report, from a recorded results file: one row per
 * column's floor and per load cell or cold_start skip, the same text in terminal, Markdown and
 * HTML, sizes n/a where nothing is built, failed and verified-only cells said so; the load
 * cells stay out of the per-call table and its charts.
 */
import { describe, expect, it } from 'vitest';
import { chartsOf, renderHtml } from '../orchestrator/reports/html.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { formatNs, loadRowText, loadTableOf, tableOf } from '../orchestrator/reports/model.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import type { Results } from '../contract/results.ts';
import { mechanismLabel } from '../contract/document.ts';
import { readRecorded, resultsLoad } from './recorded-results.ts';

const results = () => readRecorded(resultsLoad);
const loadCells = (r: Results) => r.cells.filter((c) => c.group === 'load');

describe('cold start and size table', () => {
  it('has each column\'s floor, then a row per load cell or cold_start skip, in catalogue order', () => {
    const r = results();
    const rows = loadTableOf(r);
    const want = r.runtimes.flatMap((rt) => [
      `${rt.id} floor`,
      ...['js', 'platform', 'napi', 'koffi', 'node-ffi', 'bun-ffi', 'deno-ffi', 'wasm']
        .filter((m) => loadCells(r).some((c) => c.runtime === rt.id && c.mechanism === m)
          || r.skipped.some((s) => s.runtime === rt.id && s.mechanism === m && s.workload === 'cold_start'))
        .map((m) => `${rt.id} ${m}`),
    ]);
    expect(rows.map((x) => `${x.runtime} ${x.mechanism ?? 'floor'}`)).toEqual(want);
    expect(rows).toHaveLength(loadCells(r).length + r.runtimes.length + 2);
    for (const row of rows.filter((x) => x.cell?.stats)) {
      const text = loadRowText(row);
      const l = row.cell!.load!;
      expect(text[2]).toBe(formatNs(row.cell!.stats!.p50Ns));
      expect(text[4]).toBe(formatNs(l.startupMedianNs!));
      expect(text[5]).toBe(`${l.medianNetNs! < 0 ? '−' : '+'}${formatNs(Math.abs(l.medianNetNs!))}`);
      // What is loaded is the sum of its files.
      expect(l.bytes).toBe(l.files.reduce((s, f) => s + f.bytes, 0));
    }
  });

  it('says n/a for what loads nothing built, names koffi\'s addon and package, and gives the skip\'s reason', () => {
    const rows = loadTableOf(results());
    const of = (m: string) => loadRowText(rows.find((x) => x.mechanism === m)!);
    expect(of('js').slice(7)).toEqual(['n/a', 'n/a', 'nothing built']);
    expect(of('koffi')[9]).toMatch(/^librustlib\.so \+ koffi\.node; package koffi \d+\.\d+\.\d+: [\d.]+ MiB installed \(\d+ files\)$/);
    expect(of('wasm')[9]).toBe('rustlib.wasm');
    expect(of('platform')[2]).toBe('skipped');
    expect(of('platform')[9]).toMatch(/no built-in/);
  });

  it('shows a failed cell as failed and a verify-only cell as verified, with its sizes', () => {
    const r = results();
    const napi = r.cells.find((c) => c.group === 'load' && c.mechanism === 'napi')!;
    delete napi.stats;
    napi.verified = false;
    const wasm = r.cells.find((c) => c.group === 'load' && c.mechanism === 'wasm')!;
    delete wasm.stats;
    const rows = loadTableOf(r);
    expect(loadRowText(rows.find((x) => x.cell === napi)!)[2]).toBe('failed');
    const w = loadRowText(rows.find((x) => x.cell === wasm)!);
    expect(w[2]).toBe('verified');
    expect(w[7]).toMatch(/KiB$/);
  });

  it('is in the terminal, Markdown and HTML reports, with the same rows', () => {
    const r = results();
    const rows = loadTableOf(r).map(loadRowText);
    const term = renderTerminal(r, 200);
    const md = renderMarkdown(r);
    const html = renderHtml(r);
    expect(term).toContain('Cold start and size');
    expect(md).toContain('## Cold start and size');
    expect(html).toContain('<section id="cold-start">');
    for (const row of rows) {
      const line = term.split('\n').find((l) => l.startsWith(`${row[0]} `) && l.includes(`| ${row[1]} `));
      expect(line, row.join(' ')).toBeDefined();
      for (const t of row.filter(Boolean)) expect(line).toContain(t);
      expect(md).toContain(`| ${row[0]} | ${row[1]} | ${row[2]} |`);
      expect(html).toContain(`<th>${row[0]}</th><th>${row[1]}</th><td>${row[2]}</td>`);
    }
  });

  it('keeps load cells out of the per-call table and its group charts, and charts them on their own', () => {
    const r = results();
    expect(tableOf(r).rows.map((x) => x.workload)).toEqual(['add_i32']);
    const charts = chartsOf(r);
    const runtimes = r.runtimes.map((x) => x.id);
    expect(charts.filter((c) => c.kind === 'load').map((c) => c.id)).toEqual([...runtimes.map((id) => `load-cold-start-${id.replace(/[^A-Za-z0-9]+/g, '-')}`), 'load-size']);
    expect(charts.filter((c) => c.kind === 'group').every((c) => c.group === 'call')).toBe(true);
    for (const runtime of runtimes) {
      const cold = charts.find((c) => c.kind === 'load' && c.runtime === runtime)!;
      const timed = loadCells(r).filter((c) => c.stats && c.runtime === runtime);
      // One chart per column; labels name the mechanism at its version, as every column does (napi 3.16.1).
      expect(cold.labels).toEqual(timed.map((c) => mechanismLabel(c)));
      expect(cold.series.map((s) => s.data)).toEqual([
        timed.map((c) => c.load!.startupMedianNs), timed.map((c) => Math.max(0, c.load!.medianNetNs!)),
      ]);
    }
    const size = charts.find((c) => c.id === 'load-size')!;
    expect(size.labels).toEqual(['napi', 'koffi', 'bun-ffi', 'wasm', 'deno-ffi']);
    expect(size.series[0]!.data).toEqual(size.labels!.map((m) => loadCells(r).find((c) => c.mechanism === m)!.load!.bytes));
  });
});
