/**
 * diff says what it can tell: files measured in several rounds are judged on the rounds (which
 * carry run-to-run noise); single runs are judged on their samples, with a caveat, and with this
 * machine's agreement figure as the least ratio that counts.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreementFor, saveAgreement } from '../orchestrator/agreement.ts';
import { caveat, diffResults, renderDiffText } from '../orchestrator/reports/diff.ts';
import type { Results } from '../contract/results.ts';
import { readRecorded, resultsA } from './recorded-results.ts';

/** `r` as if measured in rounds: every timed cell gets these per-round medians, times `factor`
 *  for `slow`; the rounds' means stay level (3x the median), so a test of the means would see
 *  no change. */
function withRounds(r: Results, rounds: number[], slow?: (c: Results['cells'][number]) => boolean, factor = 1): Results {
  return {
    ...r, run: { ...r.run, repeat: rounds.length },
    cells: r.cells.map((c) => {
      if (!c.stats) return c;
      const p50Ns = rounds.map((x) => x * c.stats!.p50Ns * (slow?.(c) ? factor : 1));
      const avgNs = rounds.map(() => 3 * c.stats!.p50Ns);
      // The cell's stats are its median round's (the lower middle), as combineRounds keeps them.
      const chosen = [...p50Ns].sort((x, y) => x - y)[Math.floor((p50Ns.length - 1) / 2)]!;
      return { ...c, stats: { ...c.stats, p50Ns: chosen }, repeats: { p50Ns, avgNs, medianSpread: Math.max(...p50Ns) / Math.min(...p50Ns) } };
    }),
  };
}

describe('diff of runs with rounds', () => {
  it('tests the rounds, not the samples: a steady 2x in one cell is flagged, the rest unchanged', () => {
    const base = withRounds(readRecorded(resultsA), [1, 1.05, 0.97, 1.02, 0.99, 1.01]);
    const t = base.cells.find((c) => c.stats && c.mechanism === 'napi' && c.workload === 'add_i32')!;
    const target = (c: Pick<Results['cells'][number], 'runtime' | 'mechanism' | 'mechanismVersion' | 'workload' | 'param'>) =>
      c.runtime === t.runtime && c.mechanism === t.mechanism && c.mechanismVersion === t.mechanismVersion && c.workload === t.workload && c.param === t.param;
    const head = withRounds(readRecorded(resultsA), [1.03, 0.98, 1, 1.04, 0.96, 1.02], target, 2);
    const d = diffResults(base, head);
    expect(new Set(d.compared.map((c) => c.method))).toEqual(new Set(['rounds']));
    expect(d.compared.filter((c) => c.verdict !== 'unchanged').map((c) => [target(c), c.verdict])).toEqual([[true, 'slower']]);
    expect(caveat(d)).toBeUndefined();
    expect(renderDiffText(d)).toContain("rounds' medians");
    // The ratio is of the cells' medians, the median rounds' (lower middles: 1 and 2 x 1).
    const changed = d.compared.find((c) => c.verdict === 'slower')!;
    expect(changed.ratio).toBeCloseTo(2, 9);
  });
});

describe('diff of single runs', () => {
  it('says the verdict ignores run-to-run noise, and raises the bar to this machine\'s agreement figure', async () => {
    const a = readRecorded(resultsA);
    const head = readRecorded(resultsA);
    // Every timed cell 1.3x slower: beyond the threshold, within a 1.5x agreement figure.
    head.cells = head.cells.map((c) => (c.stats ? { ...c, stats: { ...c.stats, p50Ns: c.stats.p50Ns * 1.3, ...(c.stats.samplesNs ? { samplesNs: c.stats.samplesNs.map((x) => x * 1.3) } : {}) } } : c));
    const plain = diffResults(a, head);
    expect(caveat(plain)).toMatch(/ignores run-to-run noise.*No agreement figure/);
    expect(plain.compared.some((c) => c.verdict === 'slower')).toBe(true);
    const file = join(await mkdtemp(join(tmpdir(), 'bridgetax-agreement-')), 'agreement.json');
    await saveAgreement(a.environment, { cells: 90, median: 1.5, worst: null }, file);
    const recorded = await agreementFor(head.environment, file);
    expect(recorded?.median).toBe(1.5);
    expect(await agreementFor({ ...head.environment, cpu: 'another cpu' }, file)).toBeUndefined();
    const raised = diffResults(a, head, { agreement: { ratio: recorded!.median, source: 'test' } });
    expect(raised.compared.every((c) => c.verdict === 'unchanged')).toBe(true);
    expect(caveat(raised)).toMatch(/agree within 1\.500x \(test\)/);
  });
});
