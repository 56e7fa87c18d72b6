/**
 * The real Node runner, crashing or hanging in the middle of a run (fault injectors under
 * test/faults/, reachable only from tests): the column fails with the cause and where it was,
 * the runner's whole process tree is gone, and the other columns are whole in the merge.
 */
import { describe, expect, it } from 'vitest';
import { merge } from '../orchestrator/merge.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import { mergeInput } from './fixtures.ts';
import { alive, artifacts, faultEntry, node26 } from './helpers.ts';

const runtime = await node26();
/** The hang runner's time limit. */
const HANG_LIMIT_MS = 15_000;

async function failureOf(entry: string, timeoutMs: number, unrestricted = false) {
  const lines: string[] = [];
  const o = await runColumn({ runtime: { ...runtime, unrestricted }, artifacts, mode: 'verify', timeoutMs, entry: faultEntry(entry) }, (l) => lines.push(l));
  if (!('failure' in o)) throw new Error('expected the column to fail');
  return { failure: o.failure, lines };
}

describe('a real runner that fails mid-run costs its own column', () => {
  it('a segmentation fault in native code', async () => {
    const { failure, lines } = await failureOf('segfault-runner.ts', 60_000);
    // The cells before the crash ran: the call workloads, on every mechanism.
    expect(lines.filter((l) => /: verified$/.test(l)).length).toBeGreaterThanOrEqual(5 * 5);
    expect(failure.runtime).toBe(runtime.id);
    expect(failure.reason).toBe(`runner died from SIGSEGV (Segmentation fault); its last progress line: ${lines.at(-1)}`);
    // It died in the js cell of bytes_sum(64): the last line is the call workloads' end, or
    // another mechanism's bytes_sum(64) (mechanisms run in a shuffled order).
    expect(lines.at(-1)).toMatch(/(sum6_f64|bytes_sum\(64\)): verified$/);
    expect(lines.some((l) => / js +bytes_sum/.test(l))).toBe(false);

    // The other columns are whole in the merged results, and the report names column and cause.
    const input = mergeInput([{ runtime, failure }]);
    const results = merge(input);
    const others = input.columns.flatMap((c) => ('document' in c ? c.document.cells : []));
    expect(results.cells).toEqual(others);
    expect(results.failures).toContainEqual(failure);
    expect(renderMarkdown(results)).toContain(`- \`${runtime.id}\`: runner died from SIGSEGV (Segmentation fault)`);
  });

  it('a hang that ignores SIGTERM, with a grandchild holding its pipes: the whole tree is killed', async () => {
    const t0 = Date.now();
    // The limit leaves a loaded machine time to start the runner and reach the hang (at 1 s, two
    // cargo builds beside the suite made the runner time out before it got there).
    // The hang starts a grandchild, which the permission model refuses a runner: run without it.
    const { failure, lines } = await failureOf('hang-runner.ts', HANG_LIMIT_MS, true);
    expect(failure.reason).toMatch(new RegExp(`^runner timed out after ${HANG_LIMIT_MS / 1000} s and was killed; its last progress line: fault-pids \\d+ \\d+$`));
    // SIGTERM at the limit is ignored, SIGKILL 2 s later ends it; a surviving grandchild would
    // have kept the pipes open and the orchestrator waiting for its 600 s.
    expect(Date.now() - t0).toBeLessThan(HANG_LIMIT_MS + 30_000);
    const pids = /fault-pids (\d+) (\d+)/.exec(lines.at(-1) ?? '')!.slice(1).map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
  });
});
