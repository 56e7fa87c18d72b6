/**
 * The suite's timing loop (runners/shared/loop.ts) does not quote a cell from calls made before
 * the engine optimized its loop, nor from a callee's slow first calls: an interpreter-tier
 * stand-in (a callee that takes 5 µs a call until a fake tier reader says the loop is optimized,
 * then returns at once) is quoted at its fast figure, and a loop that never reaches the tier is
 * flagged with why.
 */
import { describe, expect, it } from 'vitest';
import { flagsOf } from '../contract/document.ts';
import type { Cell } from '../contract/document.ts';
import { timeLoop } from '../runners/shared/loop.ts';
import type { TierReader } from '../runners/shared/tier.ts';

const SLOW_MS = 0.005;

/** A callee slow while `slow()` holds: a busy wait of 5 µs, then the sum. */
function standIn(slow: () => boolean) {
  let calls = 0;
  const fn = (a: number, b: number) => {
    calls++;
    if (slow()) {
      const t = performance.now();
      while (performance.now() - t < SLOW_MS);
    }
    return (a + b) | 0;
  };
  return { fn, calls: () => calls };
}

/** A tier reader that says "optimized" once `optimized()` holds. */
function fakeReader(optimized: () => boolean): TierReader {
  return { engine: 'v8', tierOf: () => (optimized() ? 'turbofan' : 'ignition'), optimized: () => optimized(), optimizeNext: () => {} };
}

const cellOf = (stats: Cell['stats']): Cell => ({
  runtime: 'node@26.10.0', mechanism: 'js', workload: 'add_i32', group: 'call', param: null, verified: true, verifiedAfterTiming: true, stats,
});

describe('the timing loop warms up before it samples', () => {
  it('does not quote a cell from the calls made before the tier is reached', async () => {
    let tierUp = false;
    const callee = standIn(() => !tierUp);
    // The "engine" optimizes after 3000 calls of the callee: 15 ms of slow calls.
    const reader = fakeReader(() => (tierUp ||= callee.calls() >= 3000));
    const { stats } = await timeLoop(callee.fn, [3, 4], 'quick', reader);
    expect(callee.calls()).toBeGreaterThan(3000);
    expect(stats.tier).toMatchObject({ name: 'turbofan', optimized: true });
    // Every kept sample is of the fast callee: none is within a factor of 10 of a slow call.
    expect(stats.maxNs).toBeLessThan((SLOW_MS * 1e6) / 10);
    expect(stats.p50Ns).toBeLessThan(100);
    expect(flagsOf(cellOf(stats))).not.toContain('not-optimized');
  });

  it('drops a run of slow first samples even when the tier says optimized from the start', async () => {
    // Slow for its first 1200 calls whatever the tier: a callee warming on its own (a cache, a
    // lazily compiled path). The warm-up stops on two steady blocks of slow calls; the samples
    // after it start slow and turn fast, and the slow start is dropped by its order.
    let n = 0;
    const callee = standIn(() => n++ < 1200);
    const { stats } = await timeLoop(callee.fn, [3, 4], 'quick', fakeReader(() => true));
    expect(stats.p50Ns).toBeLessThan(100);
    // Not the slowest kept sample: the batch here was sized on the slow calls (256 calls, under a
    // microsecond once fast), and on a busy machine one such sample that loses the core for a
    // millisecond reads as slow as a slow call.
    expect(stats.p75Ns).toBeLessThan((SLOW_MS * 1e6) / 10);
    expect(stats.tier?.optimized).toBe(true);
  });

  it('flags a loop that never reached the optimizing tier, and says why', async () => {
    const { stats } = await timeLoop((a: number, b: number) => (a + b) | 0, [3, 4], 'quick', fakeReader(() => false));
    expect(stats.tier?.optimized).toBe(false);
    expect(stats.tier?.why).toMatch(/still in ignition, not turbofan, after \d+ ms of warm-up/);
    expect(flagsOf(cellOf(stats))).toContain('not-optimized');
  });

  it('answers through the loop it timed, for the check after timing', async () => {
    const { bench } = await timeLoop((a: number, b: number) => (a + b) | 0, [3, 4], 'quick', fakeReader(() => true));
    expect(await bench(5, 6)).toBe(11);
  });
});
