/**
 * The summary's lines on the two groups: per column the cheapest way to keep the loop free
 * during its longest call (among the paths that pass the column's limit there, the smallest job
 * median), said plainly with its lateness and job time; per column the best speedup at N =
 * cores and by which path, with the core count; on the screen a run ends on, and in every format.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { freeChoices, freeChoiceSentence, scalingBests } from '../orchestrator/reports/server.ts';
import { summaryOf } from '../orchestrator/reports/summary.ts';
import { renderSummaryScreen } from '../orchestrator/reports/terminal.ts';
import { readServer } from './server-results.ts';

describe('the summary on the event_loop and parallel groups', () => {
  it('picks, per column, the free path with the smallest job median at the longest job length', () => {
    const [node, deno] = freeChoices(readServer());
    expect(node!.param).toBe(200_000_000);
    // napi async (199.1 ms) over koffi async (199.5), the napi Worker (200.4) and the rest.
    expect(node!.cheapest!.row.label).toBe('napi 3.16.1 async');
    expect(node!.cheapest!.jobMs).toBe(199.1);
    // deno-ffi async (198.9 ms) over napi async (199.8, free by the idle factor); koffi async,
    // 199.3 ms but 9.8 ms late, is not free and so not a candidate.
    expect(deno!.cheapest!.row.label).toBe('deno-ffi async');
  });

  it('says it plainly: the call, the path and how it leaves the thread, its lateness and job time', () => {
    const { sentences } = summaryOf(readServer());
    expect(sentences).toContain('node@26.10.0: to keep the loop free during a 199 ms call (spin, 200M rounds), the cheapest way is napi 3.16.1 async '
      + '(libuv thread pool (napi-rs AsyncTask)): p99 lateness 1.0 ms, max 1.2 ms, job 199 ms; called on the JS thread, wasm sync let the 1 ms timer fire up to 244 ms late.');
    expect(sentences).toContain('deno@2.9.6: to keep the loop free during a 199 ms call (spin, 200M rounds), the cheapest way is deno-ffi async '
      + '(a thread of Deno\'s own (nonblocking: true)): p99 lateness 1.7 ms, max 2.3 ms, job 199 ms; called on the JS thread, js sync let the 1 ms timer fire up to 205 ms late.');
  });

  it('says so when no path kept the loop free, naming the least late', () => {
    const r = readServer();
    for (const e of r.eventLoop!) if (e.runtime === 'node@26.10.0' && e.lateness) e.lateness = { ...e.lateness, p99Ms: e.lateness.p99Ms + 10, maxMs: e.lateness.maxMs + 10 };
    const node = freeChoices(r)[0]!;
    expect(node.cheapest).toBeUndefined();
    expect(freeChoiceSentence(node)).toBe('node@26.10.0: no path measured kept the loop free during a 199 ms call (spin, 200M rounds) (p99 lateness within 5.0 ms); '
      + 'the least late, napi 3.16.1 async (libuv thread pool (napi-rs AsyncTask)), let it fire 11.2 ms late.');
  });

  it('gives per column the best speedup at N = cores, the path and the core count', () => {
    const [node] = scalingBests(readServer());
    expect(node).toMatchObject({ runtime: 'node@26.10.0', cores: 4, n: 4 });
    expect(node!.byPath.map((b) => [b.path, b.row.label, b.speedup])).toEqual([
      ['threads', 'napi 3.16.1 threads', 3.791], ['async', 'napi 3.16.1 async', 3.671], ['worker', 'napi 3.16.1 worker', 3.521],
    ]);
    expect(summaryOf(readServer()).sentences).toContain('node@26.10.0 on 4 cores: at N = 4 jobs at once (one per core) the best speedup over one job is 3.79x, '
      + 'by napi 3.16.1 threads (one call fanning out on Rust threads); the best of the other paths: async 3.67x (napi 3.16.1, pool UV_THREADPOOL_SIZE=4 (libuv\'s default)), '
      + 'worker 3.52x (napi 3.16.1).');
  });

  it('is on the screen a run ends on and in the Markdown summary, after the per-call sentences', () => {
    const r = readServer();
    const screen = renderSummaryScreen(r, 400);
    expect(screen).toMatch(/^ {2}node@26\.10\.0: to keep the loop free during a 199 ms call .* the cheapest way is napi 3\.16\.1 async/m);
    expect(screen).toMatch(/^ {2}deno@2\.9\.6 on 4 cores: at N = 4 jobs at once \(one per core\) the best speedup over one job is 3\.70x, by napi 3\.16\.1 threads/m);
    const md = renderMarkdown(r);
    const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Every column'));
    expect(summary).toContain('- deno@2.9.6: to keep the loop free during a 199 ms call (spin, 200M rounds), the cheapest way is deno-ffi async');
    expect(summary.indexOf('For a bare call')).toBeLessThan(summary.indexOf('to keep the loop free'));
  });
});
