/**
 * Version 2 results are read as version 3 (contract/results.ts `fromVersion2`): a version 2
 * file's `ciLowNs`/`ciHighNs`/`rme` were the mean's interval before bridgetax commit df9db0c and
 * the median's after it, so they become the median's fields only where that is known (the
 * column's per-item cells say so, or the recorded samples prove it), and go to `legacyInterval`
 * otherwise; the floor and net figures, the repeats' spread and the flags are recomputed from the
 * medians. Every report renders version 1, 2 and 3 files alike.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapMedian } from '../contract/statistics.ts';
import { fromVersion2, parseResults, type Results } from '../contract/results.ts';
import { thresholds, type Cell } from '../contract/document.ts';
import { diffResults } from '../orchestrator/reports/diff.ts';
import { judgeAb } from '../orchestrator/reports/ab.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { renderHtml } from '../orchestrator/reports/html.ts';
import { renderBmf, toBmf } from '../orchestrator/reports/bmf.ts';
import { renderGab } from '../orchestrator/reports/gab.ts';
import { mergedFixture } from './fixtures.ts';
import { readRecorded, resultsA, resultsAllGroups, resultsLoad, resultsV3 } from './recorded-results.ts';

type Json = Record<string, any>;

/** Fifteen samples around 100 ns with a long tail: the mean's interval sits far above the median. */
const samples = [96, 97, 98, 98, 99, 99, 100, 100, 100, 101, 101, 102, 300, 900, 2000];
const meanInterval = { ciLowNs: 150, ciHighNs: 700, rme: 0.7 };
const medianOf = bootstrapMedian(samples);
const medianInterval = { ciLowNs: medianOf.low, ciHighNs: medianOf.high, rme: medianOf.rme };

/** A version 2 document of one column `rt` with one `call` cell and, optionally, a per-item cell
 *  saying which statistic the column's intervals are of. */
function v2(o: { perItemMedian?: boolean; interval: Json; samplesNs?: number[]; floor?: Json; repeats?: Json }): Json {
  const stats: Json = {
    avgNs: 340, p50Ns: 100, p75Ns: 101, p99Ns: 2000, minNs: 96, maxNs: 2000, samples: 15, ticks: 15 * 4096,
    ...(o.samplesNs ? { samplesNs: o.samplesNs } : {}), ...o.interval,
    ...(o.floor ? { floorNs: o.floor.avgNs, netNs: 340 - o.floor.avgNs } : {}), stop: 'target',
  };
  const base = mergedFixture() as unknown as Json;
  const rt = base.runtimes[0];
  const cells: Json[] = [{
    runtime: rt.id, mechanism: 'napi', workload: 'add_i32', group: 'call', param: null, verified: true, stats,
    crossCheck: { nsPerCall: 120, calls: 1000, runs: 3 }, ...(o.repeats ? { repeats: o.repeats } : {}),
    // Flags as version 2 set them, from the mean: 340 vs 120 is a 2.8x cross-check disagreement.
    flags: ['noisy', 'cross-check-disagrees'],
  }];
  if (o.perItemMedian !== undefined) {
    cells.push({
      runtime: rt.id, mechanism: 'js', workload: 'callback_sum', group: 'callback', param: 1000, paramUnit: 'callbacks', verified: true,
      stats: { avgNs: 6000, p50Ns: 5000, p75Ns: 5000, p99Ns: 5000, minNs: 5000, maxNs: 9000, samples: 20, ticks: 20 },
      perItem: { unit: 'callback', avgNs: 6, ...(o.perItemMedian ? { p50Ns: 5 } : {}) },
    });
  }
  const harness = o.floor ? { seeds: [1], floors: [{ shape: '', arity: 0, stats: o.floor }] } : undefined;
  return {
    ...base, schemaVersion: 2, analysis: undefined,
    runtimes: [{ ...rt, ...(harness ? { harness } : {}) }], cells, skipped: [], failures: [],
  };
}

const cellOf = (r: Results) => r.cells.find((c) => c.workload === 'add_i32')!;

describe('results files of version 2', () => {
  it('keep the interval as the median\'s where the column\'s per-item cells say it is', () => {
    const r = parseResults(v2({ perItemMedian: true, interval: medianInterval }), 'v2.json');
    expect(r.schemaVersion).toBe(3);
    const s = cellOf(r).stats!;
    expect([s.medianCiLowNs, s.medianCiHighNs, s.medianRme]).toEqual([medianOf.low, medianOf.high, medianOf.rme]);
    expect(s.legacyInterval).toBeUndefined();
    expect(s).not.toHaveProperty('ciLowNs');
  });

  it('move a mean\'s interval to legacyInterval, and take the median\'s from samples recorded in full', () => {
    const withSamples = cellOf(parseResults(v2({ perItemMedian: false, interval: meanInterval, samplesNs: samples }))).stats!;
    expect(withSamples.legacyInterval).toEqual({ of: 'mean', lowNs: 150, highNs: 700, rme: 0.7 });
    expect([withSamples.medianCiLowNs, withSamples.medianCiHighNs, withSamples.medianRme]).toEqual([medianOf.low, medianOf.high, medianOf.rme]);
    // Without the samples, no median interval is invented.
    const without = cellOf(parseResults(v2({ perItemMedian: false, interval: meanInterval }))).stats!;
    expect(without.legacyInterval).toEqual({ of: 'mean', lowNs: 150, highNs: 700, rme: 0.7 });
    expect(without.medianCiLowNs).toBeUndefined();
    expect(without.medianRme).toBeUndefined();
  });

  it('tell an unknown column\'s interval by its samples: the median\'s is kept, any other is legacy', () => {
    const median = cellOf(parseResults(v2({ interval: medianInterval, samplesNs: samples }))).stats!;
    expect(median.legacyInterval).toBeUndefined();
    expect(median.medianCiLowNs).toBe(medianOf.low);
    const mean = cellOf(parseResults(v2({ interval: meanInterval, samplesNs: samples }))).stats!;
    expect(mean.legacyInterval).toEqual({ of: 'unknown', lowNs: 150, highNs: 700, rme: 0.7 });
    expect(mean.medianCiHighNs).toBe(medianOf.high);
    // Thinned samples (fewer than were kept) prove nothing.
    const thinned = cellOf(parseResults(v2({ interval: medianInterval, samplesNs: samples.slice(0, 10) }))).stats!;
    expect(thinned.legacyInterval?.of).toBe('unknown');
    expect(thinned.medianCiLowNs).toBeUndefined();
  });

  it('give the per-item median as the runners computed it', () => {
    const r = parseResults(v2({ perItemMedian: false, interval: meanInterval }));
    expect(r.cells.find((c) => c.workload === 'callback_sum')!.perItem).toEqual({ unit: 'callback', avgNs: 6, p50Ns: 5 });
  });

  it('net the median of the floor the cell recorded, and judge the flags on the median', () => {
    const floor = { avgNs: 200, p50Ns: 60, p75Ns: 61, p99Ns: 900, minNs: 50, maxNs: 900, samples: 100, ticks: 409600 };
    const c = cellOf(parseResults(v2({ perItemMedian: true, interval: medianInterval, floor })));
    expect(c.stats).toMatchObject({ floorMedianNs: 60, medianNetNs: 40 });
    expect(c.stats).not.toHaveProperty('floorNs');
    expect(c.stats).not.toHaveProperty('netNs');
    // By the mean (340 over a floor mean of 200) it was at harness resolution; by the median
    // (100 over 60) too: both under 2x. The cross-check (120 against the median 100) agrees now.
    expect(c.flags).toContain('at-harness-resolution');
    expect(c.flags).not.toContain('cross-check-disagrees');
    expect(c.flags!.includes('noisy')).toBe(medianOf.rme > thresholds.noisyRme);
    // A legacy interval judges nothing: no median interval, no `noisy`.
    const legacy = cellOf(parseResults(v2({ perItemMedian: false, interval: meanInterval })));
    expect(legacy.flags ?? []).not.toContain('noisy');
  });

  it('recompute the repeats\' spread from the rounds\' medians, and drop the spread of means', () => {
    const withMedians = cellOf(parseResults(v2({ interval: meanInterval, repeats: { avgNs: [340, 900], p50Ns: [100, 110], spread: 900 / 340 } })));
    expect(withMedians.repeats).toEqual({ avgNs: [340, 900], p50Ns: [100, 110], medianSpread: expect.closeTo(1.1, 12) });
    expect(withMedians.flags ?? []).not.toContain('repeats-disagree');
    const meansOnly = cellOf(parseResults(v2({ interval: meanInterval, repeats: { avgNs: [340, 900], spread: 900 / 340 } })));
    expect(meansOnly.repeats).toEqual({ avgNs: [340, 900] });
    expect(meansOnly.flags ?? []).not.toContain('repeats-disagree');
  });

  it('judge older rounds without medians on their samples in diff, and not at all in ab', () => {
    const doc = parseResults(v2({ interval: meanInterval, samplesNs: samples, repeats: { avgNs: [340, 900], spread: 900 / 340 } }));
    const d = diffResults(doc, structuredClone(doc));
    expect(d.compared.find((c) => c.workload === 'add_i32')!.method).toBe('mann-whitney');
    expect(d.compared.find((c) => c.workload === 'add_i32')!.baseNs).toBe(100);
    const two = structuredClone(doc);
    two.runtimes.push({ ...two.runtimes[0]!, id: `${two.runtimes[0]!.id}#b`, label: 'b' });
    two.cells.push({ ...two.cells[0]!, runtime: `${two.runtimes[0]!.id}#b` });
    const j = judgeAb(two, two.runtimes[0]!.id, `${two.runtimes[0]!.id}#b`);
    expect(j.cells).toEqual([]);
    expect(j.notComparable[0]!.why).toMatch(/without their medians recorded/);
  });

  it('rename the load fields, which were medians already', () => {
    const doc = v2({ interval: meanInterval });
    doc.cells[0].load = { startupNs: 1e7, netNs: 5e6, netLowNs: 4e6, netHighNs: 6e6, files: [], bytes: 0, gzipBytes: 0 };
    doc.cells[0].workload = 'cold_start';
    doc.cells[0].group = 'load';
    const c = parseResults(doc).cells[0]!;
    expect(c.load).toEqual({ startupMedianNs: 1e7, medianNetNs: 5e6, medianNetCiLowNs: 4e6, medianNetCiHighNs: 6e6, files: [], bytes: 0, gzipBytes: 0 });
  });

  it('is what fromVersion2 does, and leaves a malformed file for the schema to name', () => {
    expect(fromVersion2({ schemaVersion: 2 })).toMatchObject({ schemaVersion: 3, cells: [], runtimes: [] });
    expect(() => parseResults({ schemaVersion: 2, cells: 'nope' }, 'bad.json')).toThrow(/bad\.json is not a valid results document/);
  });
});

describe('a version 3 file as compare writes it', () => {
  const raw = JSON.parse(readFileSync(resultsV3, 'utf8')) as Json;
  const r = readRecorded(resultsV3);

  it('is read as written, with every statistic under its own name', () => {
    expect(raw.schemaVersion).toBe(3);
    expect(r.cells).toEqual(raw.cells);
    const timed = r.cells.filter((c) => c.stats);
    expect(timed.length).toBeGreaterThan(20);
    for (const c of timed) {
      const s = c.stats!;
      expect(s.legacyInterval).toBeUndefined();
      expect(s.medianCiLowNs!).toBeLessThanOrEqual(s.p50Ns);
      expect(s.medianCiHighNs!).toBeGreaterThanOrEqual(s.p50Ns);
      expect(s.medianRme).toBeCloseTo((s.medianCiHighNs! - s.medianCiLowNs!) / 2 / s.p50Ns, 12);
      if (s.floorMedianNs !== undefined) expect(s.medianNetNs).toBeCloseTo(s.p50Ns - s.floorMedianNs, 9);
      if (c.perItem) expect(c.perItem.p50Ns).toBeCloseTo(s.p50Ns / c.param!, 9);
      if (c.load) expect(c.load.medianNetNs).toBe(s.p50Ns - c.load.startupMedianNs!);
    }
  });

  it('chose each cell\'s round by its median, and flagged the rounds by the spread of their medians', () => {
    const rounds = r.cells.filter((c) => c.repeats);
    expect(rounds.length).toBeGreaterThan(20);
    for (const c of rounds) {
      const p50s = c.repeats!.p50Ns!;
      expect(p50s).toHaveLength(2);
      // Two rounds: the lower middle is the faster round's median.
      expect(c.stats!.p50Ns).toBe(Math.min(...p50s));
      expect(c.repeats!.medianSpread).toBeCloseTo(Math.max(...p50s) / Math.min(...p50s), 12);
      expect(c.flags?.includes('repeats-disagree') ?? false).toBe(c.repeats!.medianSpread! > thresholds.repeats);
    }
  });
});

describe('every report reads versions 1, 2 and 3', () => {
  const files: [string, () => Results][] = [
    ['version 1', () => readRecorded(resultsA)],
    ['version 1 with the load group', () => readRecorded(resultsLoad)],
    ['version 1 with every group', () => readRecorded(resultsAllGroups)],
    ['version 2', () => parseResults(v2({ perItemMedian: false, interval: meanInterval, samplesNs: samples }))],
    ['version 3 (merged from runner documents)', () => mergedFixture()],
    ['version 3 (recorded)', () => readRecorded(resultsV3)],
  ];
  for (const [name, read] of files) {
    it(`renders a ${name} file in every format, by the median`, () => {
      const r = read();
      expect(r.schemaVersion).toBe(3);
      expect(renderTerminal(r).length).toBeGreaterThan(0);
      expect(renderMarkdown(r)).toContain('|');
      expect(renderHtml(r)).toContain('<html');
      const bmf = toBmf(r);
      const timed = r.cells.filter((c): c is Cell & { stats: NonNullable<Cell['stats']> } => c.verified && c.stats !== undefined);
      expect(Object.values(bmf).map((m) => m.latency!.value)).toEqual(timed.map((c) => c.stats.p50Ns));
      expect(JSON.parse(renderBmf(r))).toEqual(bmf);
      expect((JSON.parse(renderGab(r)) as { value: number }[]).map((g) => g.value)).toEqual(timed.map((c) => c.stats.p50Ns));
    });
  }
});
