/**
 * Every runner, in verify-only mode, on every runtime found here: every cell of every
 * mechanism the runtime has is verified — strings, buffers written in place, callbacks, async
 * calls and out-arrays marshalled each mechanism's own way — and what it lacks is skipped with
 * a reason. The skips expected are listed here, so a cell that starts skipping fails the test.
 */
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { groupPaths, parallelNs, type JobPath } from '../contract/event-loop.ts';
import type { RunnerDocument } from '../contract/document.ts';
import { declarationById, timedPerCall } from '../contract/workloads.ts';
import { artifactsOf, mechanismIds, type MechanismId } from '../contract/registry.ts';
import { workloads } from '../runners/shared/catalogue.ts';
import { frameworkVersions } from '../orchestrator/build/frameworks.ts';
import { compareVersions, NODE_FFI_SINCE } from '../contract/versions.ts';
import { servicePath } from '../orchestrator/build.ts';
import { startService } from '../orchestrator/service.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import type { FoundRuntime } from '../orchestrator/discover.ts';
import { artifacts, runtimes } from './helpers.ts';

const found = await runtimes();
// The per-call workloads: the event_loop and parallel groups are checked by `checkServerGroups`.
const all = workloads.filter(timedPerCall).map((w) => w.id);
const deno = found.find((r) => r.name === 'deno');
const { versions } = await frameworkVersions();
/** The versions a mechanism is measured at: one per artifact (napi: rustlib's napi-rs and the
 *  pinned one), none for a mechanism in one version. */
const versionsOf = (m: string) => {
  const v = artifactsOf(m as MechanismId).map((a) => versions[a]);
  return v.length ? v : [undefined];
};

// One service for every column, as `compare` runs it.
const service = await startService({ command: servicePath });
if ('failure' in service) throw new Error(`${service.failure}\n${service.stderrTail ?? ''}`);
afterAll(() => service.stop());
const serviceUrl = service.url;

/** Mechanisms each runtime must measure here. */
function expected(name: string, version: string): string[] {
  switch (name) {
    case 'node': return compareVersions(version, NODE_FFI_SINCE) >= 0 ? ['js', 'platform', 'napi', 'napi-sys', 'neon', 'koffi', 'node-ffi', 'wasm', 'wasm-bindgen', 'http', 'http-fresh'] : ['js', 'platform', 'napi', 'napi-sys', 'neon', 'koffi', 'wasm', 'wasm-bindgen', 'http', 'http-fresh'];
    case 'bun': return ['js', 'platform', 'napi', 'napi-sys', 'neon', 'koffi', 'bun-ffi', 'wasm', 'wasm-bindgen', 'http', 'http-fresh'];
    default: return ['js', 'platform', 'napi', 'napi-sys', 'neon', 'koffi', 'deno-ffi', 'wasm', 'wasm-bindgen', 'http', 'http-fresh'];
  }
}

/** Workloads a mechanism skips, by design and with a reason. */
function skipsOf(mechanism: string, unscopedDeno = false): string[] {
  switch (mechanism) {
    case 'platform': return all.filter((id) => !declarationById(id)?.platform);
    case 'wasm': case 'wasm-bindgen': return ['async_job', 'callback_thread', 'sha256_strings'];
    // Neither FFI's callbacks can answer a Rust thread (test/threadsafe-callbacks.test.ts).
    case 'node-ffi': case 'bun-ffi': return ['async_job', 'callback_thread'];
    case 'deno-ffi': return unscopedDeno ? [] : ['str_make', 'make_payments', 'json_parse', 'json_stringify', 'callback_sum', 'callback_thread', 'hash_strings', 'sha256_strings'];
    // No request can carry a JS callback; a synchronous JS loop cannot await a request.
    case 'http': return ['callback_sum', 'callback_thread', 'each_add_i32'];
    // A fresh connection is measured on the bare calls only.
    case 'http-fresh': return workloads.filter((w) => w.group !== 'call' && timedPerCall(w)).map((w) => w.id);
    default: return [];
  }
}

async function verifyColumn(runtime: FoundRuntime, denoUnscopedFfi = false) {
  const outcome = await runColumn({ runtime, artifacts, artifactVersions: versions, mode: 'verify', timeoutMs: 180_000, denoUnscopedFfi, serviceUrl }, () => {});
  if ('failure' in outcome) throw new Error(`${outcome.failure.reason}\n${outcome.failure.stderrTail ?? ''}`);
  const doc = outcome.document;
  expect(doc.runtime.id).toBe(runtime.id);
  expect(doc.failures).toEqual([]);
  for (const m of expected(runtime.name, runtime.version)) {
    const skips = skipsOf(m, denoUnscopedFfi);
    const at = versionsOf(m);
    expect(doc.skipped.filter((s) => s.mechanism === m).map((s) => s.workload).sort(), m).toEqual(at.flatMap(() => skips).sort());
    expect([...new Set(doc.cells.filter((c) => c.mechanism === m).map((c) => c.mechanismVersion))], m).toEqual(at);
    for (const v of at) {
      const cells = doc.cells.filter((c) => c.mechanism === m && c.mechanismVersion === v);
      const want = workloads.filter((w) => timedPerCall(w) && !skips.includes(w.id)).reduce((n, w) => n + w.params.length, 0);
      expect(cells, `${m} ${v ?? ''}`).toHaveLength(want);
      expect(cells.every((c) => c.verified && c.stats === undefined), `${m} ${v ?? ''}`).toBe(true);
    }
  }
  for (const s of doc.skipped) expect(s.reason.length).toBeGreaterThan(10);
  checkServerGroups(doc, expected(runtime.name, runtime.version));
  return doc;
}

/** The event_loop and parallel paths a mechanism skips, by design and with a reason. */
function pathSkipsOf(mechanism: string): JobPath[] {
  switch (mechanism) {
    case 'platform': case 'http-fresh': return ['sync', 'async', 'worker', 'threads'];
    case 'js': return ['threads'];
    case 'node-ffi': case 'bun-ffi': return ['async'];
    case 'wasm': case 'wasm-bindgen': return ['async', 'threads'];
    case 'http': return ['sync', 'worker'];
    default: return [];
  }
}

/** Every mechanism runs every path of both groups, each job verified, or skips it with a reason. */
function checkServerGroups(doc: RunnerDocument, mechanisms: readonly string[]) {
  const server = doc.server!;
  expect(server, 'the event_loop and parallel groups ran').toBeDefined();
  expect(server.eventLoop.filter((e) => e.outcome === 'failed').map((e) => `${e.mechanism} ${e.path}: ${e.reason}`)).toEqual([]);
  expect(server.parallel.filter((e) => e.outcome === 'failed').map((e) => `${e.mechanism} ${e.path}: ${e.reason}`)).toEqual([]);
  const spin = workloads.find((w) => w.group === 'event_loop')!;
  const ns = parallelNs(availableParallelism(), 'verify');
  for (const m of mechanisms) {
    for (const v of versionsOf(m)) {
      const skips = pathSkipsOf(m);
      const loop = server.eventLoop.filter((e) => e.mechanism === m && e.mechanismVersion === v);
      expect(loop.map((e) => `${e.path}@${e.param}:${e.outcome}`).sort(), `${m} ${v ?? ''}`).toEqual(
        groupPaths.event_loop.flatMap((p) => spin.params.map((q) => `${p}@${q}:${skips.includes(p) ? 'skipped' : 'verified'}`)).sort());
      const par = server.parallel.filter((e) => e.mechanism === m && e.mechanismVersion === v);
      expect(par.map((e) => `${e.path}x${e.jobs}:${e.outcome}`).sort(), `${m} ${v ?? ''}`).toEqual(
        groupPaths.parallel.flatMap((p) => (skips.includes(p) ? [`${p}x1:skipped`] : ns.map((n) => `${p}x${n}:verified`))).sort());
      for (const e of [...loop, ...par]) if (e.outcome === 'skipped') expect(e.reason!.length, `${m} ${e.path}`).toBeGreaterThan(10);
    }
  }
}

describe('runners verify every cell', () => {
  it('finds Node from PATH, a Node >= 26.1, Bun and Deno', () => {
    const names = found.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['node', 'bun', 'deno']));
    expect(found.some((r) => r.name === 'node' && compareVersions(r.version, NODE_FFI_SINCE) >= 0)).toBe(true);
  });

  for (const runtime of found) {
    it(`${runtime.id}: all cells verified, skips carry reasons`, async () => {
      const doc = await verifyColumn(runtime);
      // Never silently absent: every mechanism is measured or skipped with its reason.
      for (const m of mechanismIds) {
        const measured = doc.cells.some((c) => c.mechanism === m);
        const skipped = doc.skipped.some((s) => s.mechanism === m && s.workload === undefined);
        expect(measured !== skipped, `${m}: measured ${measured}, skipped ${skipped}`).toBe(true);
      }
      if (runtime.name === 'node' && compareVersions(runtime.version, NODE_FFI_SINCE) < 0) {
        expect(doc.skipped.find((s) => s.mechanism === 'node-ffi')?.reason).toMatch(/26\.1/);
      }
      const wasmNotes = doc.cells.filter((c) => c.mechanism === 'wasm' && c.workload === 'bytes_invert').map((c) => c.note);
      expect(wasmNotes.every((n) => /copying arguments into \(and written ones out of\) wasm linear memory/.test(n ?? ''))).toBe(true);
    });
  }

  it.runIf(deno)('deno with --deno-unscoped-ffi: callbacks and returned strings verified too', async () => {
    const doc = await verifyColumn(deno!, true);
    expect(doc.cells.filter((c) => c.mechanism === 'deno-ffi' && c.workload === 'callback_sum').map((c) => c.param)).toEqual([1, 1000]);
  });
});
