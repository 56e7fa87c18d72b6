/**
 * Adaptive measuring (runners/shared/measure.ts), in this process: a cell records why it stopped
 * and how long it took, its statistics come from the pooled samples, batching is decided per
 * round rather than per call (64 async calls in flight are one round of one sample, not 4096
 * rounds of a sample), and merge flags a capped cell.
 */
import { describe, expect, it } from 'vitest';
import { flagsOf } from '../orchestrator/credibility.ts';
import type { Cell } from '../contract/document.ts';
import { measuring, time } from '../runners/shared/measure.ts';

describe('adaptive measuring', () => {
  it('times a tiny call in big batches and records its stop, time and interval', async () => {
    const add = (a: number, b: number) => (a + b) | 0;
    const { stats, bench } = await time(add, [3, 4], 'quick');
    // mitata's 4096 (its median single call, timer included, reads under 250 ns even loaded).
    expect(stats.batch).toBeGreaterThanOrEqual(measuring.maxBatch / 4);
    expect(stats.stop).toMatch(/^(target|cap)$/);
    if (stats.stop === 'target') expect(stats.medianRme).toBeLessThanOrEqual(measuring.modes.quick.targetRme);
    expect(stats.samples).toBeGreaterThanOrEqual(measuring.minSamples - 2 * measuring.trim);
    expect(stats.timedMs).toBeGreaterThan(0);
    expect(stats.minNs).toBeLessThanOrEqual(stats.p50Ns);
    expect(stats.p50Ns).toBeLessThanOrEqual(stats.maxNs);
    // The interval is of the median, the figure a cell is quoted by.
    expect(stats.medianCiLowNs).toBeLessThanOrEqual(stats.p50Ns);
    expect(stats.medianCiHighNs).toBeGreaterThanOrEqual(stats.p50Ns);
    // Every timed call counted: whole batches of samples.
    expect(stats.ticks % stats.batch!).toBe(0);
    // The bench function mitata timed answers, for the check after timing.
    expect(bench(3, 4)).toBe(7);
  });

  it('batches async calls by the round: 64 in flight of a 1 µs call are one sample each', async () => {
    const work = (n: number) => {
      let s = 0;
      for (let i = 0; i < 300; i++) s = (s + i * n) | 0;
      return Promise.resolve(s);
    };
    const { stats } = await time(work, [3], 'quick', { async: true, concurrency: 64 });
    expect(stats.batch).toBe(1);
    expect(stats.ticks % 64).toBe(0);
  });

  it('flags a cell stopped by its cap, and only such a cell', () => {
    const cell = (stop: 'target' | 'cap'): Cell => ({
      runtime: 'node@26.10.0', mechanism: 'js', workload: 'add_i32', group: 'call', param: null, verified: true, verifiedAfterTiming: true,
      stats: { avgNs: 10, p50Ns: 10, p75Ns: 10, p99Ns: 10, minNs: 9, maxNs: 11, samples: 12, ticks: 49152, medianRme: 0.02, stop },
    });
    expect(flagsOf(cell('cap'))).toContain('capped');
    expect(flagsOf(cell('target'))).not.toContain('capped');
  });
});
