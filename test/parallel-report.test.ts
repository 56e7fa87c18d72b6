/**
 * "Does the work spread over the cores?": per runtime column each path's speedup over its own
 * N = 1 at every N, never without the core count (the heading, the N columns, the chart's title
 * and axis), skipped and failed paths with their reasons, and a chart per column of speedup
 * against N beside the ideal.
 */
import { describe, expect, it } from 'vitest';
import { parallelNs } from '../contract/event-loop.ts';
import { chartsOf, renderHtml } from '../orchestrator/reports/html.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { scalingCellText, scalingHeader, scalingHeading, scalingRowText, scalingTables } from '../orchestrator/reports/server.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import { readServer } from './server-results.ts';

describe('the scaling table', () => {
  it('has a column per N of parallelNs(cores) and each path\'s speedup as recorded', () => {
    const [node, deno] = scalingTables(readServer());
    expect(node!.runtime).toBe('node@26.10.0');
    expect(deno!.runtime).toBe('deno@2.9.6');
    expect(node!.cores).toBe(4);
    expect(node!.ns).toEqual(parallelNs(4));
    expect(node!.rows.map((r) => r.label)).toEqual(['js worker', 'napi 3.16.1 async', 'napi 3.16.1 worker', 'napi 3.16.1 threads', 'koffi async', 'koffi worker', 'wasm threads']);
    const threads = node!.rows.find((r) => r.label === 'napi 3.16.1 threads')!;
    expect(threads.cells.map((c) => (c.kind === 'measured' ? c.speedup : c.kind))).toEqual([1, 1.97, 3.791, 3.883]);
    expect(threads.cells.map(scalingCellText)).toEqual(['1.00x (19.9 ms)', '1.97x (20.2 ms)', '3.79x (21.0 ms)', '3.88x (41.0 ms)']);
  });

  it('writes the core count beside the speedups: in the heading and in the N columns', () => {
    const [node] = scalingTables(readServer());
    expect(scalingHeading(node!)).toBe('node@26.10.0 on 4 cores: N jobs at once, each path\'s speedup over the same path at N = 1 '
      + '(jobs per second; ideal: N up to 4, the core count).');
    expect(scalingHeader(node!)).toEqual(['mechanism · path', 'N = 1', 'N = 2', 'N = 4 (= cores)', 'N = 8 (= 2 × cores)', 'how, or why not']);
  });

  it('names the pool an async path ran on, and gives a skipped or failed path its reason', () => {
    const [node] = scalingTables(readServer());
    const row = (label: string) => scalingRowText(node!, node!.rows.find((r) => r.label === label)!);
    expect(row('napi 3.16.1 async').at(-1)).toBe('pool: UV_THREADPOOL_SIZE=4 (libuv\'s default)');
    expect(row('wasm threads')).toEqual(['wasm threads', 'skipped', 'skipped', 'skipped', 'skipped', 'wasm32-unknown-unknown has no threads: std::thread::spawn fails there']);
    expect(row('koffi worker').slice(1, 5)).toEqual(['FAILED', 'FAILED', 'FAILED', 'FAILED']);
    expect(row('koffi worker').at(-1)).toMatch(/Module did not self-register/);
    // A note that changes with N ("4 Workers, one job each") is left out of the row.
    expect(row('js worker').at(-1)).toBe('');
  });

  it('prints every speedup under a heading with the core count, in the terminal and the Markdown', () => {
    const r = readServer();
    const text = renderTerminal(r, 400);
    const at = text.indexOf('node@26.10.0 on 4 cores: N jobs at once');
    expect(at).toBeGreaterThan(0);
    const block = text.slice(at, text.indexOf('\n\n', at));
    expect(block).toMatch(/N = 4 \(= cores\)/);
    expect(block).toMatch(/^napi 3\.16\.1 threads +\| 1\.00x \(19\.9 ms\) \| 1\.97x \(20\.2 ms\) \| 3\.79x \(21\.0 ms\) \|     3\.88x \(41\.0 ms\) \|$/m);
    const md = renderMarkdown(r);
    expect(md).toContain('## Does the work spread over the cores?');
    expect(md).toContain('deno@2.9.6 on 4 cores: N jobs at once');
    expect(md).toContain('| mechanism · path | N = 1 | N = 2 | N = 4 (= cores) | N = 8 (= 2 × cores) | how, or why not |');
    expect(md).toContain('| napi 3.16.1 threads | 1.00x (20.0 ms) | 1.96x (20.4 ms) | 3.70x (21.6 ms) | 3.79x (42.2 ms) |  |');
  });

  it('charts speedup against N per column, with the ideal and the core count in the title and on the axis', () => {
    const charts = chartsOf(readServer()).filter((c) => c.kind === 'scaling');
    expect(charts.map((c) => c.id)).toEqual(['scaling-node-26-10-0', 'scaling-deno-2-9-6']);
    const node = charts[0]!;
    expect(node).toMatchObject({ type: 'line', linear: true, refLine: true, group: 'parallel', runtime: 'node@26.10.0', yUnit: 'ratio' });
    expect(node.title).toMatch(/^node@26\.10\.0 on 4 cores: speedup over one job against N jobs at once/);
    expect(node.xTitle).toBe('N jobs at once (log; 4 cores)');
    expect(node.xTicks).toEqual([{ value: 1, label: '1' }, { value: 2, label: '2' }, { value: 4, label: '4 (= cores)' }, { value: 8, label: '8 (= 2 × cores)' }]);
    // The ideal, then every path with a speedup (the failed and skipped ones have none).
    expect(node.series.map((s) => s.label)).toEqual(['ideal: N up to 4 cores', 'js worker', 'napi 3.16.1 async', 'napi 3.16.1 worker', 'napi 3.16.1 threads', 'koffi async']);
    expect(node.series[0]!.data).toEqual([{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 4, y: 4 }, { x: 8, y: 4 }]);
    const threads = node.series.find((s) => s.label === 'napi 3.16.1 threads')!;
    expect(threads.data).toEqual([{ x: 1, y: 1 }, { x: 2, y: 1.97 }, { x: 4, y: 3.791 }, { x: 8, y: 3.883 }]);
    expect(threads.key).toBe('napi@3.16.1');
    expect(threads.details![2]).toEqual(['4 jobs at once on 4 cores', 'round median 21.0 ms, 95 % interval 20.7 ms – 21.4 ms, 3 rounds', '190.5 jobs per second']);
    // Paths told apart by their dash, a mechanism keeping its colour.
    expect(new Set(node.series.slice(1).map((s) => JSON.stringify(s.dash)))).toEqual(new Set(['[]', '[8,4]', '[2,3]']));
  });

  it('is in the HTML: the charts, then each column\'s table under a heading with its core count', () => {
    const html = renderHtml(readServer());
    const start = html.indexOf('<section id="parallel">');
    const section = html.slice(start, html.indexOf('</section>', start));
    expect(section).toContain('<canvas id="chart-scaling-node-26-10-0"');
    expect(section).toContain('<h3>node@26.10.0, 4 cores</h3>');
    expect(section).toMatch(/<td class="measured" title="4 jobs at once on 4 cores\nround median 21\.0 ms[^"]*">3\.79x \(21\.0 ms\)<\/td>/);
  });
});
