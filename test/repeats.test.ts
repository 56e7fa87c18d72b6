/**
 * `--repeat`: rounds of a column combine into the round whose median is the median of the
 * rounds' medians, with every round's median and mean and the spread of the medians; the
 * agreement of rounds (or of two whole runs) is the median and worst slowest/fastest ratio.
 */
import { describe, expect, it } from 'vitest';
import type { RunnerDocument } from '../contract/document.ts';
import { repeatAgreement, runAgreement, summarise } from '../orchestrator/agreement.ts';
import { merge } from '../orchestrator/merge.ts';
import { combineRounds } from '../orchestrator/repeats.ts';
import { foundOf, mergeInput, recorded, recordedResults } from './fixtures.ts';

/** A round: the recorded Node document with every median scaled by `k` and every mean by `1 / k`
 *  (the mean ordering the rounds the other way, so a choice by the mean would show). */
function round(k: number, seed: number): RunnerDocument {
  const d = structuredClone(recorded('runner-node26.json'));
  for (const c of d.cells) {
    if (!c.stats) continue;
    c.stats.p50Ns *= k;
    c.stats.avgNs /= k;
  }
  d.harness = { seeds: [seed], floors: [] };
  return d;
}

describe('combining rounds', () => {
  it('keeps the median round of each cell by its median, and every round\'s median and mean, in round order', () => {
    const combined = combineRounds([round(1.2, 1), round(1.1, 2), round(0.9, 3), round(0.8, 4)]);
    const base = recorded('runner-node26.json');
    for (const [i, c] of combined.cells.entries()) {
      if (!c.stats) continue;
      const b = base.cells[i]!.stats!;
      // Four rounds: the lower middle of the medians is round 3's (0.9); by the mean it would be round 2's.
      expect(c.stats.p50Ns).toBeCloseTo(b.p50Ns * 0.9, 9);
      expect(c.stats.avgNs).toBeCloseTo(b.avgNs / 0.9, 9);
      expect(c.repeats!.p50Ns!.map((x) => x / b.p50Ns)).toEqual([1.2, 1.1, 0.9, 0.8].map((k) => expect.closeTo(k, 9)));
      expect(c.repeats!.avgNs.map((x) => x * b.avgNs ** -1)).toEqual([1.2, 1.1, 0.9, 0.8].map((k) => expect.closeTo(1 / k, 9)));
      expect(c.repeats!.medianSpread).toBeCloseTo(1.2 / 0.8, 9);
    }
    expect(combined.harness!.seeds).toEqual([1, 2, 3, 4]);
  });

  it('flags cells whose rounds disagree beyond the threshold at merge', () => {
    const input = mergeInput();
    const doc = combineRounds([round(2, 1), round(1, 2)]);
    input.columns[0] = { runtime: foundOf(doc), document: doc };
    const merged = merge(input);
    const timed = merged.cells.filter((c) => c.runtime === doc.runtime.id && c.stats);
    for (const c of timed) expect(c.flags).toContain('repeats-disagree');
    const a = repeatAgreement(merged)!;
    expect(a.median).toBeCloseTo(2, 9);
    expect(a.cells).toBe(timed.filter((c) => c.group === 'call').length);
  });

  it('returns a single round unchanged', () => {
    const one = round(1, 9);
    expect(combineRounds([one])).toBe(one);
  });
});

describe('agreement', () => {
  it('summarises ratios by their median and the worst cell', () => {
    expect(summarise([{ cell: 'a', ratio: 1.1 }, { cell: 'b', ratio: 1.5 }, { cell: 'c', ratio: 1.02 }, { cell: 'd', ratio: 1.3 }]))
      .toEqual({ cells: 4, median: expect.closeTo(1.2, 12), worst: { cell: 'b', ratio: 1.5 } });
    expect(summarise([]).worst).toBeNull();
  });

  it('compares two runs on the call cells both timed, leaving eliminated calls out', () => {
    const a = recordedResults('results-quick.json');
    const b = structuredClone(a);
    for (const c of b.cells) if (c.stats && c.workload === 'add_f64') c.stats.p50Ns *= 1.25;
    const eliminated = b.cells.find((c) => c.mechanism === 'js' && c.workload === 'noop')!;
    eliminated.flags = ['below-physical-floor'];
    const agreement = runAgreement(a, b);
    expect(agreement.cells).toBe(a.cells.filter((c) => c.group === 'call').length - 1);
    expect(agreement.worst!.ratio).toBeCloseTo(1.25, 9);
    expect(agreement.worst!.cell).toMatch(/add_f64/);
    // 6 of the 11 cells 1.25x slower: the median cell moved, so the machine-wide shift is 1.25,
    // and with it divided out the median cell agrees exactly (the other 5 read 1.25x faster).
    expect(agreement.shift).toBeCloseTo(1.25, 9);
    expect(agreement.medianAfterShift).toBeCloseTo(1, 9);
    // The cells beyond 1.1x are listed, each with both medians: the add_f64 ones alone.
    const moved25 = a.cells.filter((c) => c.group === 'call' && c.workload === 'add_f64' && c.stats).length;
    expect(agreement.beyond).toHaveLength(moved25);
    for (const c of agreement.beyond) {
      expect(c.cell).toMatch(/add_f64/);
      expect(c.b / c.a).toBeCloseTo(1.25, 9);
      expect(c.ratio).toBeCloseTo(1.25, 9);
    }
    // Every cell 1.5x slower is all shift.
    const slower = structuredClone(a);
    for (const c of slower.cells) if (c.stats) c.stats.p50Ns *= 1.5;
    const moved = runAgreement(a, slower);
    expect(moved.median).toBeCloseTo(1.5, 9);
    expect(moved.shift).toBeCloseTo(1.5, 9);
    expect(moved.medianAfterShift).toBeCloseTo(1, 9);
  });
});
