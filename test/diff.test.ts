/**
 * diff: the rank test against a reference value, verdicts on recorded results (an identical
 * run is unchanged, an injected 2x slowdown in one cell is flagged and nothing else is), the
 * summary-statistics fallback, the threshold, one-sided cells, and the CLI's exit code.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { diffResults, hasRegression, mannWhitney, renderDiffMarkdown, renderDiffText } from '../orchestrator/reports/diff.ts';
import type { Results } from '../contract/results.ts';
import { readRecorded, resultsA } from './recorded-results.ts';

const cli = new URL('../orchestrator/cli.ts', import.meta.url).pathname;

/** Scales one cell's times (stats and samples) by `factor`. */
function scaleCell(r: Results, index: number, factor: number): Results['cells'][number] {
  const c = r.cells[index]!;
  const s = c.stats!;
  c.stats = {
    ...s, avgNs: s.avgNs * factor, p50Ns: s.p50Ns * factor, p75Ns: s.p75Ns * factor, p99Ns: s.p99Ns * factor,
    minNs: s.minNs * factor, maxNs: s.maxNs * factor, ...(s.samplesNs ? { samplesNs: s.samplesNs.map((x) => x * factor) } : {}),
  };
  return c;
}

const withoutSamples = (r: Results): Results => ({
  ...r, cells: r.cells.map((c) => (c.stats ? { ...c, stats: (({ samplesNs: _, ...s }) => s)(c.stats) } : c)),
});

describe('Mann-Whitney U', () => {
  it('matches the textbook value for two separated samples of five', () => {
    // R: wilcox.test(1:5, 6:10, exact = FALSE, correct = TRUE) gives W = 0, p-value = 0.01219.
    const t = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(t.p).toBeCloseTo(0.01219, 4);
    expect(t.z).toBeGreaterThan(0);
    expect(mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).z).toBeLessThan(0);
  });

  it('gives p = 1 for identical samples, ties included', () => {
    expect(mannWhitney([3, 3, 3], [3, 3, 3]).p).toBe(1);
    expect(mannWhitney([1, 2, 2, 3], [1, 2, 2, 3]).p).toBe(1);
  });
});

describe('diff of recorded results', () => {
  it('calls an identical run unchanged, every cell, with the rank test', () => {
    const a = readRecorded(resultsA);
    const d = diffResults(a, readRecorded(resultsA));
    expect(d.compared).toHaveLength(a.cells.filter((c) => c.stats).length);
    for (const c of d.compared) {
      expect(c.verdict).toBe('unchanged');
      expect(c.ratio).toBe(1);
      expect(c.method).toBe('mann-whitney');
    }
    expect(hasRegression(d)).toBe(false);
    expect(d.onlyInBase).toEqual([]);
    expect(d.onlyInHead).toEqual([]);
  });

  it('flags an injected 2x slowdown in one cell and nothing else', () => {
    const head = readRecorded(resultsA);
    const i = head.cells.findIndex((c) => c.mechanism === 'napi' && c.workload === 'bytes_sum' && c.param === 65536 && c.runtime === 'bun@1.4.4');
    const slowed = scaleCell(head, i, 2);
    const d = diffResults(readRecorded(resultsA), head);
    const changed = d.compared.filter((c) => c.verdict !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ runtime: slowed.runtime, mechanism: 'napi', workload: 'bytes_sum', param: 65536, verdict: 'slower' });
    expect(changed[0]!.ratio).toBeCloseTo(2, 10);
    expect(changed[0]!.p).toBeLessThan(1e-3);
    expect(hasRegression(d)).toBe(true);
    expect(renderDiffText(d)).toMatch(/bytes_sum 64 KiB · napi 3\.16\.1 · bun@1\.4\.4 .* 2\.000x .* SLOWER/);
    expect(renderDiffMarkdown(d)).toMatch(/\| bytes_sum 64 KiB · napi 3\.16\.1 · bun@1\.4\.4 \| .* \| 2\.000x \| .* \| \*\*slower\*\* \|/);
  });

  it('calls a halved cell faster', () => {
    const head = readRecorded(resultsA);
    scaleCell(head, 3, 0.5);
    const d = diffResults(readRecorded(resultsA), head);
    expect(d.compared.filter((c) => c.verdict === 'faster').map((c) => [c.runtime, c.mechanism, c.workload]))
      .toEqual([[head.cells[3]!.runtime, head.cells[3]!.mechanism, head.cells[3]!.workload]]);
    expect(hasRegression(d)).toBe(false);
  });

  it('needs the change to reach the threshold, however significant', () => {
    const head = readRecorded(resultsA);
    scaleCell(head, 0, 1.05);
    const base = readRecorded(resultsA);
    const loose = diffResults(base, head, { threshold: 1.1 }).compared[0]!;
    expect(loose.p).toBeLessThan(0.01);
    expect(loose.verdict).toBe('unchanged');
    expect(diffResults(base, head, { threshold: 1.02 }).compared[0]!.verdict).toBe('slower');
    expect(() => diffResults(base, head, { threshold: 0.9 })).toThrow(/threshold 0.9: give a ratio of 1 or more/);
  });

  it('falls back to a z-test on the medians for files without samples, and says so', () => {
    const base = withoutSamples(readRecorded(resultsA));
    const head = withoutSamples(readRecorded(resultsA));
    const i = head.cells.findIndex((c) => c.mechanism === 'koffi' && c.workload === 'add_i32' && c.runtime === 'node@26.10.0');
    scaleCell(head, i, 2);
    const d = diffResults(base, head);
    expect(d.compared.every((c) => c.method === 'median-z')).toBe(true);
    expect(d.compared.filter((c) => c.verdict !== 'unchanged').map((c) => `${c.runtime} ${c.mechanism} ${c.workload} ${c.verdict}`))
      .toEqual(['node@26.10.0 koffi add_i32 slower']);
    expect(renderDiffText(d)).toContain('z-test on the medians from summary statistics');
  });

  it('lists cells present on one side only instead of dropping them', () => {
    const base = readRecorded(resultsA);
    const head = readRecorded(resultsA);
    const gone = head.cells.splice(0, 1)[0]!;
    base.cells.splice(1, 1);
    const d = diffResults(base, head, { baseName: 'old.json', headName: 'new.json' });
    expect(d.onlyInBase).toEqual([expect.objectContaining({ runtime: gone.runtime, mechanism: gone.mechanism, workload: gone.workload })]);
    expect(d.onlyInHead).toEqual([expect.objectContaining({ runtime: head.cells[0]!.runtime, mechanism: head.cells[0]!.mechanism })]);
    const text = renderDiffText(d);
    expect(text).toMatch(/only in old\.json: add_i32 · js · node@26\.10\.0/);
    expect(text).toMatch(/only in new\.json: add_i32 · napi 3\.16\.1 · node@26\.10\.0/);
  });

  it('pairs columns across runtime versions only when asked', () => {
    const base = readRecorded(resultsA);
    const head = readRecorded(resultsA);
    for (const c of head.cells) c.runtime = c.runtime.replace('node@26.10.0', 'node@26.11.0');
    expect(diffResults(base, head).compared.some((c) => c.runtime.startsWith('node'))).toBe(false);
    const d = diffResults(base, head, { ignoreVersions: true });
    expect(d.compared.filter((c) => c.headRuntime === 'node@26.11.0')).toHaveLength(base.cells.filter((c) => c.runtime === 'node@26.10.0' && c.stats).length);
    expect(d.onlyInBase).toEqual([]);
  });
});

describe('bridgetax diff (CLI)', () => {
  it('exits 1 with --fail-on-regression on a slowdown, 0 on an identical file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-diff-'));
    const slow = readRecorded(resultsA);
    scaleCell(slow, 0, 2);
    const slowFile = join(dir, 'slow.json');
    await writeFile(slowFile, JSON.stringify(slow));
    const same = await execa(process.execPath, [cli, 'diff', resultsA, resultsA, '--fail-on-regression'], { reject: false });
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/0 slower, 0 faster, 50 unchanged of 50 compared cells/);
    const regressed = await execa(process.execPath, [cli, 'diff', resultsA, slowFile, '--fail-on-regression', '--format', 'markdown'], { reject: false });
    expect(regressed.exitCode).toBe(1);
    expect(regressed.stdout).toMatch(/^## bridgetax diff/);
    expect(regressed.stdout).toMatch(/1 slower/);
    const notAsked = await execa(process.execPath, [cli, 'diff', resultsA, slowFile], { reject: false });
    expect(notAsked.exitCode).toBe(0);
  });

  it('refuses a file that is not results, naming it', async () => {
    const r = await execa(process.execPath, [cli, 'diff', resultsA, cli], { reject: false });
    // Bad input, nothing compared: exit code 2 (orchestrator/errors.ts).
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cli\.ts: cannot read it as JSON/);
  });
});
