/**
 * The sanity check on a doctored results file (test/fixtures/results-doctored.json: a real quick
 * run of Bun and Deno, read as version 3, with two medians edited by hand): Bun's `js noop` median
 * set to 0.07 ns with its flags removed — the figure Bun really reports when JavaScriptCore
 * deletes the empty call — and Deno's `napi noop` scaled to a 2.4 ms median, a µs-for-ns unit
 * slip. The check must refuse the file, name both cells, and merge's annotation must turn them
 * into an "eliminated" cell and a failure. The check judges the median, the cell's figure.
 */
import { describe, expect, it } from 'vitest';
import { annotate, assertSane, sanityFindings } from '../orchestrator/credibility.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { tableOf } from '../orchestrator/reports/model.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import { recordedResults } from './fixtures.ts';

describe('sanity check', () => {
  it('passes the recorded run as merge wrote it', () => {
    expect(() => assertSane(recordedResults('results-quick.json'))).not.toThrow();
  });

  it('fails loudly on the doctored file, naming both impossible figures', () => {
    const doctored = recordedResults('results-doctored.json');
    expect(() => assertSane(doctored)).toThrow(/2 impossible figure\(s\)/);
    expect(() => assertSane(doctored)).toThrow(/bun@1\.4\.4 js noop: median 0\.070 ns per call is below the physical floor of 0\.1 ns/);
    expect(() => assertSane(doctored)).toThrow(/deno@2\.9\.6 napi 3\.16\.1 noop: median 2\.40 ms per bare call is over the 1 ms ceiling/);
  });

  it('finds exactly the two doctored cells', () => {
    const found = sanityFindings(recordedResults('results-doctored.json').cells);
    expect(found.map((f) => [f.kind, f.runtime, f.mechanism, f.workload])).toEqual([
      ['below-physical-floor', 'bun@1.4.4', 'js', 'noop'],
      ['call-over-ceiling', 'deno@2.9.6', 'napi', 'noop'],
    ]);
    expect(found[0]!.ns).toBe(0.07);
    expect(found[1]!.ns).toBeCloseTo(2.4e6, 3);
  });

  it('annotates an eliminated call and a failed run, after which the file is sane', () => {
    const fixed = annotate(recordedResults('results-doctored.json'));
    const js = fixed.cells.find((c) => c.runtime === 'bun@1.4.4' && c.mechanism === 'js' && c.workload === 'noop')!;
    expect(js.flags).toContain('below-physical-floor');
    expect(js.stats!.p50Ns).toBe(0.07); // the raw figure is kept, never doctored away
    expect(fixed.failures.filter((f) => f.reason.startsWith('sanity:'))).toHaveLength(1);
    expect(fixed.failures.find((f) => f.reason.startsWith('sanity:'))).toMatchObject({ runtime: 'deno@2.9.6', mechanism: 'napi', workload: 'noop' });
    expect(() => assertSane(fixed)).not.toThrow();
    // Annotating twice adds nothing.
    expect(annotate(structuredClone(fixed)).failures).toHaveLength(fixed.failures.length);
  });

  it('reports the eliminated call as eliminated, not as a time, and never as the row\'s 1.00x', () => {
    const fixed = annotate(recordedResults('results-doctored.json'));
    const table = tableOf(fixed);
    const row = table.rows.find((r) => r.workload === 'noop')!;
    const i = table.columns.findIndex((c) => c.runtime === 'bun@1.4.4' && c.mechanism === 'js');
    expect(row.entries[i]!.kind).toBe('eliminated');
    expect(row.entries.filter((e) => e.kind === 'timed' && e.ratio === 1)).toHaveLength(1);
    const terminal = renderTerminal(fixed, 200);
    expect(terminal).toMatch(/eliminated/);
    // The eliminated call's figure is never shown as a time (the floor line may show the floor's).
    expect(terminal.split('\n').filter((l) => l.startsWith('noop')).join('\n')).not.toMatch(/0\.07 ns/);
    expect(terminal).toMatch(/FAILED: deno@2\.9\.6 napi 3\.16\.1 noop: sanity:/);
    expect(renderMarkdown(fixed)).toMatch(/_eliminated_/);
  });
});
