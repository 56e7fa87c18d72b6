/**
 * `callback_thread`: Rust calls a JS function back from a thread of its own, through each
 * mechanism's threadsafe-callback API (napi-rs `ThreadsafeFunction`, neon `Channel`, raw
 * `napi_create_threadsafe_function`, and the C ABI's thread through koffi's and Deno's
 * callbacks). Which mechanisms verify it in each runtime, and the reason each of the others
 * skips it with; then, in this process, what the addons do that a verified answer does not show:
 * the call returns before any callback has run (so the callbacks really wait for the JS
 * thread), and a callback that throws stops the thread and rejects the Promise with its own
 * exception.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, NODE_FFI_SINCE } from '../contract/versions.ts';
import { frameworkVersions } from '../orchestrator/build/frameworks.ts';
import { servicePath } from '../orchestrator/build.ts';
import { startService } from '../orchestrator/service.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import type { FoundRuntime } from '../orchestrator/discover.ts';
import { callbackTarget } from '../runners/shared/reference.ts';

/** Callbacks per call: the headline size, callback_sum's too. */
const CALLBACK_THREAD_N = 1000;
import { addonArtifacts, artifacts, loadAddon, runtimes } from './helpers.ts';

const found = await runtimes();
const node = found.find((r) => r.name === 'node' && compareVersions(r.version, NODE_FFI_SINCE) >= 0);
const bun = found.find((r) => r.name === 'bun');
const deno = found.find((r) => r.name === 'deno');
const { versions } = await frameworkVersions();

// The http mechanisms' skips are part of what is checked: one service, as `compare` runs it.
const service = await startService({ command: servicePath });
if ('failure' in service) throw new Error(`${service.failure}\n${service.stderrTail ?? ''}`);
afterAll(() => service.stop());
const serviceUrl = service.url;

/** The cells that verify in every runtime here: the JS baseline, and each mechanism whose
 *  threadsafe callbacks answer the Rust thread (napi-rs twice: rustlib's release and the pinned
 *  one), labelled as cells are, with their framework's version. */
const answering = ['js', `napi ${versions.napi}`, `napi ${versions['napi-pinned']}`, `napi-sys ${versions.napiSys}`, `neon ${versions.neon}`, 'koffi'];

/** Why the others skip `callback_thread`, by mechanism. */
const skipReasons: Record<string, RegExp> = {
  platform: /no built-in/,
  wasm: /wasm32-unknown-unknown has no threads/,
  'wasm-bindgen': /wasm32-unknown-unknown has no threads/,
  http: /cannot call its caller's JS function/,
  'http-fresh': /call workloads only/,
  'node-ffi': /must be invoked on the thread that created them.*aborts the process/,
  'bun-ffi': /cannot answer the thread that calls it.*oven-sh\/bun#32782/,
  'deno-ffi': /denoland\/deno#15511/,
};

/** The runtime's own FFI, which skips the workload unless it is `deno-ffi` given unscoped FFI. */
const ownFfi: Record<string, string> = { node: 'node-ffi', bun: 'bun-ffi', deno: 'deno-ffi' };

/** Verifies `callback_thread` in one column; the document. */
async function verifyColumn(runtime: FoundRuntime, denoUnscopedFfi = false) {
  const o = await runColumn({
    runtime, artifacts, artifactVersions: versions, mode: 'verify', timeoutMs: 120_000,
    workloads: ['callback_thread'], serviceUrl, denoUnscopedFfi,
  }, () => {});
  if ('failure' in o) throw new Error(`${o.failure.reason}\n${o.failure.stderrTail ?? ''}`);
  const doc = o.document;
  expect(doc.failures).toEqual([]);
  return doc;
}

describe('callback_thread: Rust calling JS back from another thread', () => {
  for (const runtime of [node, bun, deno]) {
    it.runIf(runtime)(`${runtime?.id}: verified through every threadsafe-callback API that answers, the rest skipped with why`, async () => {
      const doc = await verifyColumn(runtime!);
      // Every size (1, 100 and 1000 callbacks) of every mechanism that answers.
      const verified = doc.cells.filter((c) => c.verified).map((c) => `${c.mechanism}${c.mechanismVersion ? ` ${c.mechanismVersion}` : ''} x${c.param}`);
      expect(verified.sort()).toEqual(answering.flatMap((m) => [`${m} x1`, `${m} x100`, `${m} x1000`]).sort());
      expect(doc.cells.every((c) => c.workload === 'callback_thread' && [1, 100, 1000].includes(c.param!) && c.note)).toBe(true);
      const skipped = new Map(doc.skipped.filter((s) => s.workload === 'callback_thread').map((s) => [s.mechanism, s.reason]));
      const own = ownFfi[runtime!.name]!;
      expect([...skipped.keys()].sort()).toEqual(['platform', 'wasm', 'wasm-bindgen', 'http', 'http-fresh', own].sort());
      for (const [m, reason] of skipped) expect(reason, m).toMatch(skipReasons[m]!);
    });
  }

  it.runIf(deno)('deno with --deno-unscoped-ffi: Deno.UnsafeCallback.threadSafe answers the Rust thread', async () => {
    const doc = await verifyColumn(deno!, true);
    const cell = doc.cells.find((c) => c.mechanism === 'deno-ffi');
    expect(cell?.verified).toBe(true);
    expect(cell?.note).toMatch(/UnsafeCallback\.threadSafe/);
    expect(doc.skipped.some((s) => s.mechanism === 'deno-ffi')).toBe(false);
  });

  for (const name of addonArtifacts) {
    it(`${name}: returns a Promise before any callback runs, and rejects with a callback's own exception`, async () => {
      const f = loadAddon(name).callback_thread as (n: number, fn: (i: number) => number) => Promise<number>;
      const calls: number[] = [];
      const answer = f(CALLBACK_THREAD_N, (i) => {
        calls.push(i);
        return callbackTarget(i);
      });
      // The callbacks are queued to this thread, which is still here: none has run yet.
      expect(calls).toEqual([]);
      await expect(answer).resolves.toBe(1_000_000);
      expect(calls).toEqual(Array.from({ length: CALLBACK_THREAD_N }, (_, i) => i));
      const boom = new Error('boom at 3');
      let after = 0;
      const thrown = f(CALLBACK_THREAD_N, (i) => {
        after++;
        if (i === 3) throw boom;
        return i;
      });
      await expect(thrown).rejects.toBe(boom);
      expect(after).toBe(4);
      expect(() => f(1, 5 as never)).toThrow(TypeError);
    });
  }
});
