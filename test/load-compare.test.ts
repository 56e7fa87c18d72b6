/**
 * `compare` runs the load group after each column's runner: `--workloads cold_start` alone gives
 * each loaded mechanism a load cell (the runners check add_i32, the call it makes), verify-only
 * with sizes and no time, quick with its stats and the column's floor in `harness.startup`; the
 * written reports carry the table. A workload list without `cold_start` leaves the group out.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, timeLine, type CompareOptions } from '../orchestrator/compare.ts';
import { loadBudgets } from '../orchestrator/load.ts';
import { node26 } from './helpers.ts';
import { artifactsOf } from '../contract/registry.ts';

function options(mode: CompareOptions['mode'], runtime: string, mechanisms: string[], workloads: string[]): CompareOptions {
  return {
    mode, runtimes: [runtime], mechanisms, workloads, timeoutSeconds: 300, argv: [], width: 160, seed: 1,
    outDir: mkdtempSync(join(tmpdir(), 'bridgetax-load-compare-')), print: () => {},
  };
}

describe('compare with the load group', () => {
  it('verify-only: a verified load cell with its sizes per loaded mechanism, the skip with its reason', async () => {
    const rt = await node26();
    const { results, written, exitCode } = await compare(options('verify', rt.id, ['js', 'platform', 'napi'], ['cold_start']));
    expect(exitCode).toBe(0);
    // napi runs at every napi-rs version built; the load entry opens napi's own artifact.
    const napi = results.cells.filter((c) => c.mechanism === 'napi' && c.workload === 'add_i32').map((c) => c.mechanismVersion);
    expect(napi.length).toBe(artifactsOf('napi').length);
    expect(results.cells.map((c) => `${c.mechanism} ${c.workload} ${c.verified}`)).toEqual([
      'js add_i32 true', ...napi.map(() => 'napi add_i32 true'), 'js cold_start true', 'napi cold_start true',
    ]);
    expect(results.cells.find((c) => c.workload === 'cold_start' && c.mechanism === 'napi')!.mechanismVersion).toBe(napi[0]);
    const napiLoad = results.cells.find((c) => c.workload === 'cold_start' && c.mechanism === 'napi')!;
    expect(napiLoad.stats).toBeUndefined();
    expect(napiLoad.load!.bytes).toBeGreaterThan(0);
    expect(results.skipped).toContainEqual(expect.objectContaining({ mechanism: 'platform', workload: 'cold_start' }));
    expect(results.runtimes[0]!.harness?.startup).toBeUndefined();
    expect(readFileSync(written.markdown, 'utf8')).toMatch(/## Cold start and size\n\n.*\n\n<details><summary>The table: \d+ rows<\/summary>\n\n\| column \| mechanism \| cold start/);
    // Where the time went: the column's runner and its load group, each timed once.
    const phases = results.run.phases!.filter((p) => p.runtime === rt.id).map((p) => p.phase);
    expect(phases).toEqual(['runner', 'load']);
    expect(results.run.phases!.map((p) => p.phase)).toContain('build');
    expect(timeLine(results)).toMatch(/^Time: [\d.]+ s to merge: discovery [\d.]+ s, build [\d.]+ s, runners [\d.]+ s \(timing cells and floors 0\.0 s\), load groups [\d.]+ s\.$/);
  });

  it('quick: the load cell carries its stats and the split against the floor', async () => {
    const rt = await node26();
    const { results } = await compare(options('quick', rt.id, ['js'], ['cold_start']));
    const cell = results.cells.find((c) => c.workload === 'cold_start')!;
    const startup = results.runtimes[0]!.harness!.startup!;
    expect(startup.samples).toBe(loadBudgets.quick.runs);
    expect(cell.stats!.samples).toBe(loadBudgets.quick.runs);
    expect(cell.load!.startupMedianNs).toBe(startup.p50Ns);
    // A difference of medians, the very ones the cell and the startup state.
    expect(cell.load!.medianNetNs).toBe(cell.stats!.p50Ns - startup.p50Ns);
    expect(cell.load!.medianNetCiLowNs!).toBeLessThanOrEqual(cell.load!.medianNetCiHighNs!);
  });
});
