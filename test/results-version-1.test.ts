/**
 * Version 1 results (before mechanism versions) are still read: each `napi` cell, skip, failure
 * and analysis entry takes the napi-rs version its machine's environment recorded (`napiRs`,
 * the one napi-rs a version 1 run had), nothing else changes, and the reports then show it as
 * `napi 3.16.1`, the column a version 2 run of the same build has, so `diff` pairs the two up.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { combine } from '../orchestrator/combine.ts';
import { diffResults } from '../orchestrator/reports/diff.ts';
import { tableOf } from '../orchestrator/reports/model.ts';
import { fromVersion1, parseResults, type Results } from '../contract/results.ts';
import { readRecorded, resultsA, resultsB } from './recorded-results.ts';

const raw = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { cells: Record<string, unknown>[] };

describe('results files of version 1', () => {
  it('are recorded fixtures of version 1 (this test reads what an older bridgetax wrote)', () => {
    expect(raw(resultsA).schemaVersion).toBe(1);
    expect(raw(resultsA).cells.some((c) => 'mechanismVersion' in c)).toBe(false);
  });

  it('give every napi entry the recorded napi-rs version, and nothing else', () => {
    const v1 = raw(resultsA);
    const r = parseResults(v1, 'v1.json');
    // Read through version 2 into version 3 (results-version-2.test.ts: the statistics' names).
    expect(r.schemaVersion).toBe(3);
    const napi = r.cells.filter((c) => c.mechanism === 'napi');
    expect(napi.length).toBeGreaterThan(0);
    expect(new Set(napi.map((c) => c.mechanismVersion))).toEqual(new Set(['3.16.1']));
    expect(r.cells.filter((c) => c.mechanism !== 'napi').every((c) => c.mechanismVersion === undefined)).toBe(true);
    expect(r.analysis!.speedups.filter((s) => s.mechanism === 'napi').every((s) => s.mechanismVersion === '3.16.1')).toBe(true);
    // Apart from the version, fromVersion1 leaves every cell the file's own.
    const v2 = fromVersion1(v1) as { schemaVersion: number; cells: Record<string, unknown>[] };
    expect(v2.schemaVersion).toBe(2);
    expect(v2.cells.map(({ mechanismVersion: _, ...c }) => c)).toEqual(v1.cells);
    // These cells recorded no interval, floor or repeats: version 3 keeps their stats as they
    // were, and adds the median's interval where every kept sample was recorded.
    for (const [i, c] of r.cells.entries()) {
      const old = v1.cells[i]!.stats as { samples: number; samplesNs?: number[] } | undefined;
      if (!old) continue;
      const { medianCiLowNs, medianCiHighNs, medianRme, ...rest } = c.stats!;
      expect(rest).toEqual(old);
      const complete = old.samplesNs?.length === old.samples;
      expect(medianCiLowNs !== undefined && medianCiHighNs !== undefined && medianRme !== undefined).toBe(complete);
    }
  });

  it('leave napi unversioned where the run recorded no napi-rs version', () => {
    const v1 = raw(resultsA);
    (v1.environment as Record<string, unknown>).napiRs = null;
    expect(parseResults(v1).cells.some((c) => c.mechanismVersion !== undefined)).toBe(false);
  });

  it('take each machine\'s own napi-rs version in a merged document', () => {
    const a = readRecorded(resultsA);
    const b = readRecorded(resultsB);
    b.environment = { ...b.environment, napiRs: '3.9.0' };
    const merged = combine([{ results: a, source: 'a.json', label: 'a' }, { results: b, source: 'b.json', label: 'b' }]);
    // Written as an older bridgetax would have: version 1, no mechanism versions.
    const v1 = JSON.parse(JSON.stringify({ ...merged, schemaVersion: 1 }), (k, v: unknown) => (k === 'mechanismVersion' ? undefined : v)) as Results;
    const r = parseResults(v1);
    const versionOf = (machine: string) => new Set(r.cells.filter((c) => c.mechanism === 'napi' && c.runtime.endsWith(` ${machine}`)).map((c) => c.mechanismVersion));
    expect(versionOf('a')).toEqual(new Set(['3.16.1']));
    expect(versionOf('b')).toEqual(new Set(['3.9.0']));
  });

  it('show napi with its version and pair up with a version 2 run in diff', () => {
    const v1 = readRecorded(resultsA);
    expect(tableOf(v1).columns.filter((c) => c.mechanism === 'napi').map((c) => c.label)).toEqual(['napi 3.16.1', 'napi 3.16.1']);
    const v2 = structuredClone(v1);
    const d = diffResults(v1, v2);
    expect(d.onlyInBase).toEqual([]);
    expect(d.compared.filter((c) => c.mechanism === 'napi' && c.mechanismVersion === '3.16.1').length).toBe(v1.cells.filter((c) => c.mechanism === 'napi' && c.stats).length);
  });

  it('is what fromVersion1 does alone, and it leaves a malformed file for the schema to name', () => {
    expect(() => parseResults({ schemaVersion: 1, cells: 'nope' }, 'bad.json')).toThrow(/bad\.json is not a valid results document/);
    expect(fromVersion1({ schemaVersion: 1 })).toMatchObject({ schemaVersion: 2 });
  });
});
