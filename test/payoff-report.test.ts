/**
 * "Does crossing pay?" in the reports: speedups over js per runtime, crossovers per sized
 * workload, and skips folded per mechanism and reason, from hand-made results.
 */
import { describe, expect, it } from 'vitest';
import { skipGroups } from '../orchestrator/reports/model.ts';
import { formatCrossover, formatSpeedup, payoffTables } from '../orchestrator/reports/payoff.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import type { Results } from '../contract/results.ts';
import type { Cell } from '../contract/document.ts';
import { mergedFixture } from './fixtures.ts';

const stats = (avgNs: number) => ({ avgNs, p50Ns: avgNs, p75Ns: avgNs, p99Ns: avgNs, minNs: avgNs, maxNs: avgNs, samples: 12, ticks: 12 });
const cell = (mechanism: Cell['mechanism'], param: number, ns: number): Cell => ({
  runtime: 'node@26.10.0', mechanism, workload: 'f64_sum', group: 'data', param, paramUnit: 'elements', verified: true, stats: stats(ns),
});

function results(): Results {
  const base = mergedFixture();
  return {
    ...base,
    runtimes: base.runtimes.filter((r) => r.id === 'node@26.10.0'),
    cells: [
      cell('js', 10, 10), cell('napi', 10, 100), cell('wasm', 10, 20),
      cell('js', 1024, 1000), cell('napi', 1024, 500), cell('wasm', 1024, 2000),
      { ...cell('js', 0, 0), workload: 'callback_sum', group: 'callback', param: 1000, paramUnit: 'callbacks', stats: stats(5000), perItem: { unit: 'callback', p50Ns: 5, avgNs: 5 } },
    ],
    skipped: [
      { runtime: 'node@26.10.0', mechanism: 'platform', workload: 'noop', reason: 'no built-in' },
      { runtime: 'node@26.10.0', mechanism: 'platform', workload: 'fib', reason: 'no built-in' },
    ],
    failures: [],
  };
}

describe('payoff tables', () => {
  it('gives each mechanism its speedup over js and its crossover', () => {
    const [t] = payoffTables(results());
    expect(t!.runtime).toBe('node@26.10.0');
    expect(t!.mechanisms).toEqual(['napi', 'wasm']);
    expect(t!.rows).toEqual([
      { label: 'f64_sum 10 elements', speedups: [0.1, 0.5] },
      { label: 'f64_sum 1024 elements', speedups: [2, 0.5] },
    ]);
    expect(t!.crossovers[0]!.at.map(formatCrossover)).toEqual(['1024 elements', 'never']);
  });

  it('formats speedups and renders them in the terminal and the Markdown', () => {
    expect([0.012, 0.5, 2, 12.34, 345.6].map(formatSpeedup)).toEqual(['0.012x', '0.50x', '2.00x', '12.3x', '346x']);
    const text = renderTerminal(results(), 200);
    expect(text).toMatch(/node@26\.10\.0: does crossing pay\?/);
    expect(text).toMatch(/f64_sum crossover\s+\|\s+1024 elements \|\s+never/);
    expect(text).toMatch(/5\.00 ns\/callback/);
    const md = renderMarkdown(results());
    expect(md).toContain('## Does crossing pay?');
    expect(md).toContain('| f64_sum 1024 elements | 2.00x | 0.50x |');
  });

  it('folds a mechanism\'s workloads skipped for one reason into one line', () => {
    expect(skipGroups(results())).toEqual([{ what: 'platform noop, fib', where: ['node@26.10.0'], reason: 'no built-in' }]);
  });
});
