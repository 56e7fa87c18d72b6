/**
 * Exports for services: Bencher's BMF JSON and github-action-benchmark's
 * `customSmallerIsBetter` JSON carry every timed cell, once, with its mean time in ns.
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
    const c = timed.find((x) => x.workload === 'bytes_sum' && x.param === 65536 && x.mechanism === 'bun-ffi')!;
    expect(bmf['bytes_sum/65536/bun-ffi/bun@1.4.4']).toEqual({
      latency: { value: c.stats!.avgNs, lower_value: c.stats!.minNs, upper_value: c.stats!.p99Ns },
    });
    // Bencher's schema: every metric has a numeric value, and bounds (when given) around it.
    for (const measures of Object.values(bmf)) {
      for (const m of Object.values(measures)) {
        expect(typeof m.value).toBe('number');
        expect(m.lower_value!).toBeLessThanOrEqual(m.value);
        expect(m.upper_value!).toBeGreaterThanOrEqual(m.lower_value!);
      }
    }
  });

  it('customSmallerIsBetter: name, unit, value for every timed cell, names unique', () => {
    const gab = toGab(results);
    expect(gab).toHaveLength(timed.length);
    expect(new Set(gab.map((g) => g.name)).size).toBe(gab.length);
    expect(gab[0]).toMatchObject({ name: benchmarkName(timed[0]!), unit: 'ns', value: timed[0]!.stats!.avgNs });
    expect(gab[0]!.range).toMatch(/ \.\. .* \(min \.\. p99\)$/);
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
