/**
 * The `http` figure is what a loopback request costs (issue 19): in every runtime found here,
 * each `http` cell carries a plain sequential loop of the same request beside it (its
 * cross-check, crosscheck-async.ts), so every run records how far the cell is from such a loop.
 * How far they agree is a figure of the run (the closing note of issue 19, `pnpm goals`), never
 * a bound a test asserts: on a shared 2-core machine a request's time can change several-fold
 * between one second and the next (seen: Bun's 20 µs request at 70–100 µs for a few seconds).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { servicePath } from '../orchestrator/build.ts';
import { startService } from '../orchestrator/service.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import { workloadById } from '../runners/shared/catalogue.ts';
import { crossCheckAsync, ASYNC_CROSS_CHECK } from '../runners/shared/crosscheck-async.ts';
import { http } from '../runners/shared/mechanisms/http.ts';
import { isSkip } from '../runners/shared/mechanism.ts';
import { detectRuntime } from '../runners/shared/runtime.ts';
import { artifacts, runtimes } from './helpers.ts';

const service = await startService({ command: servicePath });
if ('failure' in service) throw new Error(service.failure);
afterAll(() => service.stop());
const found = await runtimes();

describe('the http figure', () => {
  it('the async cross-check is the median request of a plain loop', async () => {
    // A request of a known 300 µs (a spin, so no timer granularity enters).
    const call = async () => {
      const until = performance.now() + 0.3;
      while (performance.now() < until);
    };
    const c = await crossCheckAsync(call, 'quick');
    expect(c.calls).toBe(1);
    expect(c.runs).toBeGreaterThanOrEqual(ASYNC_CROSS_CHECK.minRequests);
    expect(c.nsPerCall).toBeGreaterThanOrEqual(300_000);
    // Per request, not a sum of requests: far below ten of them even on a loaded machine.
    expect(c.nsPerCall).toBeLessThan(300_000 * 10);
  });

  it('the plain request is the cell\'s request: same route, same bytes, same answer', async () => {
    const loaded = await http.load({ artifacts: {}, file: '', runtime: detectRuntime(), serviceUrl: service.url });
    if (isSkip(loaded)) throw new Error(loaded.skip);
    for (const [id, param] of [['add_i32', null], ['bytes_invert', 64], ['str_make', 16]] as const) {
      const w = workloadById(id)!;
      const args = w.input(param);
      const plain = loaded.plainCall!(w, args)!;
      const call = loaded.bind(w);
      if (isSkip(call)) throw new Error(call.skip);
      const raw = new Uint8Array((await plain()) as ArrayBuffer);
      const answer = await call(...args);
      // bytes_invert: the adapter copied the answer into the caller's array.
      const expected = id === 'add_i32' ? new TextEncoder().encode(JSON.stringify(answer))
        : id === 'str_make' ? new TextEncoder().encode(answer as string) : args[0] as Uint8Array;
      expect(raw, id).toEqual(expected);
    }
  });

  for (const r of found) {
    it(`${r.id}: every http cell has its plain loop beside it`, async () => {
      const o = await runColumn({
        runtime: r, artifacts, mode: 'quick', timeoutMs: 180_000, serviceUrl: service.url,
        // js beside http, as in a run: the cells interleave and each starts after a collection.
        mechanisms: ['js', 'http'], workloads: ['noop', 'add_i32', 'add_f64', 'add_i64', 'sum6_f64'],
      }, () => {});
      if (!('document' in o)) throw new Error(`the column failed: ${o.failure.reason}\n${o.failure.stderrTail ?? ''}`);
      const cells = o.document.cells.filter((c) => c.mechanism === 'http');
      expect(cells).toHaveLength(5);
      for (const c of cells) {
        expect(c.crossCheck, c.workload).toMatchObject({ calls: 1 });
        expect(c.crossCheck!.runs).toBeGreaterThanOrEqual(ASYNC_CROSS_CHECK.minRequests);
        expect(c.crossCheck!.nsPerCall).toBeGreaterThan(0);
      }
      // The note says what the figure includes and what the cross-check is.
      expect(cells[0]!.note).toMatch(/encoding included; cross-check: the same request encoded once/);
    }, 240_000);
  }
});
