/**
 * The real Node runner, crashing or hanging in a call in the middle of a run (fault injectors
 * under test/faults/, reachable only from tests): that cell fails with the cause, the runner's
 * whole process tree is gone, and the column runs again without the cell, every other cell in it.
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

async function failureOf(entry: string, timeoutMs: number, unrestricted = false, workloads?: string[]) {
  const lines: string[] = [];
  const o = await runColumn({ runtime: { ...runtime, unrestricted }, artifacts, mode: 'verify', timeoutMs, entry: faultEntry(entry), ...(workloads ? { workloads } : {}) }, (l) => lines.push(l));
  if ('failure' in o) throw new Error(`expected the column to survive the cell, but it failed: ${o.failure.reason}`);
  return { document: o.document, lines };
}

describe('a real runner that dies in a call costs that cell: the column runs again without it', () => {
  it('a segmentation fault in native code', async () => {
    const { document, lines } = await failureOf('segfault-runner.ts', 60_000);
    // The first runner died in the js cell of bytes_sum(64), after the call workloads.
    expect(lines).toContain(`[${runtime.id}] the runner died in js bytes_sum(64); running the column again without that cell`);
    const died = document.failures.find((f) => f.mechanism === 'js' && f.workload === 'bytes_sum' && f.param === 64);
    expect(died?.reason).toMatch(/^the runner process died in this call: runner died from SIGSEGV \(Segmentation fault\); its last progress line: /);
    // Its other sizes are not tried again; every other cell of the column is verified.
    const later = document.failures.filter((f) => f !== died);
    expect(later.map((f) => `${f.mechanism} ${f.workload}(${f.param})`).sort()).toEqual(['js bytes_sum(1048576)', 'js bytes_sum(65536)']);
    for (const f of later) expect(f.reason).toMatch(/^not run: this mechanism's bytes_sum call killed the runner at 64 \(the runner process died in this call: runner died from SIGSEGV/);
    const cells = document.cells.filter((c) => !(c.mechanism === 'js' && c.workload === 'bytes_sum'));
    expect(cells.length).toBeGreaterThan(50);
    expect(cells.every((c) => c.verified)).toBe(true);
    expect(document.cells.filter((c) => c.mechanism === 'js' && c.workload === 'bytes_sum').map((c) => c.verified)).toEqual([false, false, false]);

    // The merged results and the report carry the cell's failure, the column whole.
    const input = mergeInput([{ runtime, document }]);
    const results = merge(input);
    expect(results.failures).toContainEqual(expect.objectContaining({ runtime: runtime.id, mechanism: 'js', workload: 'bytes_sum', param: 64 }));
    expect(renderMarkdown(results)).toContain('runner died from SIGSEGV (Segmentation fault)');
  });

  it('a hang that ignores SIGTERM, with a grandchild holding its pipes: the whole tree is killed, and the column runs again without the cell', async () => {
    const t0 = Date.now();
    // The limit leaves a loaded machine time to start the runner and reach the hang (at 1 s, two
    // cargo builds beside the suite made the runner time out before it got there).
    // The hang starts a grandchild, which the permission model refuses a runner: run without it.
    const { document, lines } = await failureOf('hang-runner.ts', HANG_LIMIT_MS, true, ['add_i32', 'bytes_sum']);
    const died = document.failures.find((f) => f.mechanism === 'js' && f.workload === 'bytes_sum' && f.param === 64);
    expect(died?.reason).toMatch(new RegExp(`^the runner process died in this call: runner timed out after ${HANG_LIMIT_MS / 1000} s and was killed; its last progress line: fault-pids \\d+ \\d+$`));
    // SIGTERM at the limit is ignored, SIGKILL 2 s later ends it; a surviving grandchild would
    // have kept the pipes open and the orchestrator waiting for its 600 s.
    expect(Date.now() - t0).toBeLessThan(HANG_LIMIT_MS + 45_000);
    const pids = /fault-pids (\d+) (\d+)/.exec(lines.find((l) => l.startsWith('fault-pids')) ?? '')!.slice(1).map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    // The second runner measured the rest.
    expect(document.cells.filter((c) => c.workload === 'add_i32').every((c) => c.verified)).toBe(true);
    expect(document.cells.filter((c) => c.workload === 'bytes_sum' && c.mechanism !== 'js').every((c) => c.verified)).toBe(true);
  });
});
