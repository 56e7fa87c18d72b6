/**
 * Every timed cell is checked again after timing, through the bench function mitata drove hot:
 * a mechanism whose answer changes once warm (test/faults/jit-drift-runner.ts) fails with both
 * values and no time, while the honest cells of the same column record both checks passed.
 */
import { describe, expect, it } from 'vitest';
import { runColumn } from '../orchestrator/spawn.ts';
import { artifacts, faultEntry, node26 } from './helpers.ts';

describe('verify after timing', () => {
  it('catches an answer that changes after warm-up, and records both checks on every cell', async () => {
    const runtime = await node26();
    const o = await runColumn({
      runtime, artifacts, mode: 'quick', timeoutMs: 120_000, entry: faultEntry('jit-drift-runner.ts'),
      mechanisms: ['js', 'napi'], workloads: ['add_i32', 'add_f64'],
    }, () => {});
    if (!('document' in o)) throw new Error(`the column failed: ${o.failure.reason}\n${o.failure.stderrTail ?? ''}`);
    const doc = o.document;
    const drift = doc.cells.find((c) => c.mechanism === 'napi' && c.workload === 'add_i32')!;
    expect(drift).toMatchObject({ verified: false, verifiedAfterTiming: false });
    expect(drift.stats).toBeUndefined();
    const failure = doc.failures.find((f) => f.mechanism === 'napi' && f.workload === 'add_i32');
    expect(failure?.reason).toMatch(/wrong answer after timing/);
    // add_i32's fixed input: the reference's answer, and the drifted one beside it.
    const expected = Number(failure?.expected);
    expect(Number.isInteger(expected)).toBe(true);
    expect(failure?.actual).toBe(String(expected + 1));

    const honest = doc.cells.filter((c) => c !== drift);
    expect(honest.map((c) => `${c.mechanism} ${c.workload}`).sort()).toEqual(['js add_f64', 'js add_i32', 'napi add_f64']);
    for (const c of honest) {
      expect(c, `${c.mechanism} ${c.workload}`).toMatchObject({ verified: true, verifiedAfterTiming: true });
      expect(c.stats?.stop).toMatch(/^(target|cap)$/);
      expect(c.stats?.timedMs).toBeGreaterThan(0);
    }
    expect(doc.failures).toHaveLength(1);
  });
});
