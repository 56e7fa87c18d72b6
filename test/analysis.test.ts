import { describe, expect, it } from 'vitest';
import { crossoversOf, speedupsOf } from '../orchestrator/analysis.ts';
import type { Cell } from '../contract/document.ts';

const stats = (avgNs: number) => ({ avgNs, p50Ns: avgNs, p75Ns: avgNs, p99Ns: avgNs, minNs: avgNs, maxNs: avgNs, samples: 10, ticks: 10 });
const cell = (mechanism: Cell['mechanism'], param: number | null, ns: number, over: Partial<Cell> = {}): Cell => ({
  runtime: 'node@26.10.0', mechanism, workload: 'f64_sum', group: 'data', param, paramUnit: 'elements', verified: true, stats: stats(ns), ...over,
});

describe('speedups over js', () => {
  it('divides the js mean by the cell mean in the same runtime and row', () => {
    const s = speedupsOf([cell('js', 10, 30), cell('napi', 10, 10), cell('napi', 10, 5, { runtime: 'bun@1.4.4' })]);
    expect(s).toEqual([{ runtime: 'node@26.10.0', mechanism: 'napi', workload: 'f64_sum', param: 10, speedup: 3 }]);
  });
  it('leaves out the call group, unverified cells and rows without a js cell', () => {
    expect(speedupsOf([cell('js', null, 1, { group: 'call', workload: 'noop' }), cell('napi', null, 10, { group: 'call', workload: 'noop' })])).toEqual([]);
    expect(speedupsOf([cell('js', 10, 30), { ...cell('napi', 10, 1), verified: false, stats: undefined }])).toEqual([]);
  });
});

describe('crossover', () => {
  it('is the smallest param from which the mechanism wins for good', () => {
    const c = crossoversOf([
      cell('js', 10, 10), cell('wasm', 10, 40),
      cell('js', 1000, 1000), cell('wasm', 1000, 900),
      cell('js', 100, 100), cell('wasm', 100, 120),
    ]);
    expect(c).toEqual([{ runtime: 'node@26.10.0', mechanism: 'wasm', workload: 'f64_sum', paramUnit: 'elements', params: [10, 100, 1000], crossover: 1000 }]);
  });
  it('is null when the mechanism never wins, or clearly loses again at the top of the range', () => {
    const c = crossoversOf([cell('js', 10, 10), cell('napi', 10, 5), cell('js', 100, 100), cell('napi', 100, 200)]);
    expect(c[0]!.crossover).toBeNull();
    expect(crossoversOf([cell('js', 10, 10), cell('napi', 10, 20), cell('js', 100, 100), cell('napi', 100, 101)])[0]!.crossover).toBeNull();
  });

  it('is neither made nor undone by a tie within 5 %', () => {
    const tie = crossoversOf([cell('js', 10, 10), cell('napi', 10, 20), cell('js', 100, 100), cell('napi', 100, 98)]);
    expect(tie[0]!.crossover).toBeNull();
    const c = crossoversOf([cell('js', 10, 10), cell('napi', 10, 20), cell('js', 100, 100), cell('napi', 100, 50), cell('js', 1000, 1000), cell('napi', 1000, 1010)]);
    expect(c[0]!.crossover).toBe(100);
    const lost = crossoversOf([cell('js', 100, 100), cell('napi', 100, 50), cell('js', 1000, 1000), cell('napi', 1000, 1100)]);
    expect(lost[0]!.crossover).toBeNull();
  });
});
