/**
 * `results/latest.md` reads answer first: the summary (sentences, the best bridge per kind of
 * work, the failures, each runtime's matrix) before anything else, and every long table (every
 * column side by side, credibility, the speedups by size, cold start, skips, provenance) folded
 * in a `<details>` block; the failures are never folded.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { provenanceLines } from '../orchestrator/reports/model.ts';
import { summaryOf } from '../orchestrator/reports/summary.ts';
import type { Results } from '../contract/results.ts';
import { manyColumns } from './many-columns.ts';
import { readRecorded, resultsLoad } from './recorded-results.ts';

/** The wide document with the load group's cells and skips, and one failure. */
function document(): Results {
  const r = manyColumns();
  const load = readRecorded(resultsLoad);
  const deno = load.runtimes.find((x) => x.id === 'deno@2.9.6')!;
  r.runtimes = r.runtimes.map((x) => (x.id === deno.id ? { ...x, harness: deno.harness! } : x));
  r.cells.push(...load.cells.filter((c) => c.runtime === deno.id && c.group === 'load'));
  r.failures.push({ runtime: 'deno@2.9.6', mechanism: 'koffi', workload: 'add_i32', param: null, reason: 'wrong answer', expected: '3', actual: '4' });
  return r;
}

/** The [start, end) character ranges of the document's `<details>` blocks. */
function foldedRanges(text: string): [number, number][] {
  return [...text.matchAll(/<details><summary>[^]*?<\/details>/g)].map((m) => [m.index, m.index + m[0].length]);
}

describe('the Markdown report', () => {
  const r = document();
  const text = renderMarkdown(r);
  const folds = foldedRanges(text);
  const folded = (needle: string) => {
    const at = text.indexOf(needle);
    expect(at, needle).toBeGreaterThan(0);
    return folds.some(([a, b]) => at > a && at < b);
  };

  it('opens with the summary, the best bridges, the failures and every runtime\'s matrix, none folded', () => {
    const { matrices, sentences } = summaryOf(r);
    const order = ['## Summary', sentences[0]!.slice(0, 40), '**Best bridge per kind of work**', '**Failures**',
      ...matrices.map((m) => `**${m.runtime}**`), '## Every column side by side'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i > 0), order.filter((_, i) => at[i]! < 0).join(', ')).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Nothing is folded before the first long table.
    expect(folds[0]![0]).toBeGreaterThan(text.indexOf('## Every column side by side'));
    expect(folded('- `deno@2.9.6 koffi add_i32`: wrong answer (expected 3, got 4)')).toBe(false);
    for (const m of matrices) expect(folded(`**${m.runtime}**\n\n| workload |`)).toBe(false);
  });

  it('folds every long table: all columns, credibility, by size, cold start, skips, provenance', () => {
    expect(folded('| workload | node@26.10.0<br>js |')).toBe(true);
    expect(folded('| runtime | mechanism | workload | median | 95 % interval |')).toBe(true);
    expect(folded('| workload | platform |')).toBe(true); // a speedup-by-size table
    expect(folded('| column | mechanism | cold start |')).toBe(true);
    expect(folded('- bun-ffi in ')).toBe(true);
    expect(folded(provenanceLines(r)[0]!.slice(0, 30))).toBe(true);
    // Each folded block is a summary line, a blank line (so the Markdown inside renders), the body.
    for (const [a] of folds) expect(text.slice(a)).toMatch(/^<details><summary>[^<\n]+<\/summary>\n\n/);
  });
});
