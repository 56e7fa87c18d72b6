/**
 * Exports for services: Bencher's BMF JSON and github-action-benchmark's
 * `customSmallerIsBetter` JSON carry every timed cell, once, with its median time in ns (the
 * figure every report quotes) and the 95 % interval of that median where the file knows it.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { benchmarkName, toBmf } from '../orchestrator/reports/bmf.ts';
import { toGab } from '../orchestrator/reports/gab.ts';
import { readRecorded, resultsA } from './recorded-results.ts';

const cli = new URL('../orchestrator/cli.ts', import.meta.url).pathname;

describe('exports', () => {
  const results = readRecorded(resultsA);
  const timed = results.cells.filter((c) => c.verified && c.stats);

  it('BMF: one benchmark per timed cell with the latency measure in ns', () => {
    const bmf = toBmf(results);
    expect(Object.keys(bmf)).toHaveLength(timed.length);
    // This version 1 file recorded every sample of some cells (their median's interval is known)
    // and a thinned few of others (not known: no bounds rather than bounds of something else).
    const known = timed.filter((x) => x.stats!.medianCiLowNs !== undefined);
    expect(known.length).toBeGreaterThan(0);
    expect(known.length).toBeLessThan(timed.length);
    for (const c of timed) {
      const s = c.stats!;
      expect(bmf[benchmarkName(c)]).toEqual({
        latency: { value: s.p50Ns, ...(s.medianCiLowNs !== undefined ? { lower_value: s.medianCiLowNs, upper_value: s.medianCiHighNs } : {}) },
      });
    }
    // Bencher's schema: every metric has a numeric value, and bounds (when given) around it.
    for (const measures of Object.values(bmf)) {
      for (const m of Object.values(measures)) {
        expect(typeof m.value).toBe('number');
        if (m.lower_value === undefined) continue;
        expect(m.lower_value).toBeLessThanOrEqual(m.value);
        expect(m.upper_value!).toBeGreaterThanOrEqual(m.value);
      }
    }
  });

  it('customSmallerIsBetter: name, unit, value for every timed cell, names unique', () => {
    const gab = toGab(results);
    expect(gab).toHaveLength(timed.length);
    expect(new Set(gab.map((g) => g.name)).size).toBe(gab.length);
    expect(gab[0]).toMatchObject({ name: benchmarkName(timed[0]!), unit: 'ns', value: timed[0]!.stats!.p50Ns });
    for (const [i, g] of gab.entries()) {
      expect(g.range !== undefined).toBe(timed[i]!.stats!.medianCiLowNs !== undefined);
      if (g.range) expect(g.range).toMatch(/ \.\. .* \(95 % interval of the median\)$/);
      expect(g.extra).toMatch(/^median of \d+ samples/);
    }
    expect(gab.every((g) => Number.isFinite(g.value) && g.value > 0)).toBe(true);
  });

  it('leaves out cells that failed verification', () => {
    const r = readRecorded(resultsA);
    r.cells[0]!.verified = false;
    delete r.cells[0]!.stats;
    expect(Object.keys(toBmf(r))).not.toContain(benchmarkName(r.cells[0]!));
    expect(toGab(r)).toHaveLength(timed.length - 1);
  });

  it('bridgetax export writes either format as JSON', async () => {
    const bmf = await execa(process.execPath, [cli, 'export', '--format', 'bmf', resultsA]);
    expect(Object.keys(JSON.parse(bmf.stdout))).toHaveLength(timed.length);
    const gab = await execa(process.execPath, [cli, 'export', '--format', 'gab', resultsA]);
    expect(JSON.parse(gab.stdout)).toHaveLength(timed.length);
    const bad = await execa(process.execPath, [cli, 'export', '--format', 'csv', resultsA], { reject: false });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown export format "csv"; valid: bmf, gab/);
  });
});
