/**
 * The phase clock records each phase's wall time in order, a column's phases with their column,
 * and a phase that throws is recorded too (a failed column still spent its time).
 */
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { PhaseClock, phaseTotals } from '../orchestrator/phases.ts';

describe('phase clock', () => {
  it('times phases in order, with their column, and sums them per name', async () => {
    const clock = new PhaseClock();
    expect(await clock.time('build', undefined, async () => { await sleep(20); return 7; })).toBe(7);
    await clock.time('runner', 'node@26.10.0', () => sleep(5));
    await clock.time('runner', 'bun@1.4.4', () => sleep(5));
    expect(clock.phases.map((p) => `${p.phase} ${p.runtime ?? '-'}`)).toEqual(['build -', 'runner node@26.10.0', 'runner bun@1.4.4']);
    expect(clock.phases[0]!.ms).toBeGreaterThanOrEqual(19);
    const totals = phaseTotals(clock.phases);
    expect(totals.runner).toBeCloseTo(clock.phases[1]!.ms + clock.phases[2]!.ms, 5);
    expect(totals.load).toBeUndefined();
  });

  it('records a phase that throws, and rethrows', async () => {
    const clock = new PhaseClock();
    await expect(clock.time('load', 'deno@2.9.6', async () => { await sleep(5); throw new Error('boom'); })).rejects.toThrow('boom');
    expect(clock.phases).toHaveLength(1);
    expect(clock.phases[0]).toMatchObject({ phase: 'load', runtime: 'deno@2.9.6' });
  });
});
