/**
 * Every runner, in verify-only mode, on every runtime found here: every cell of every
 * mechanism the runtime has is verified, and what it lacks is skipped with a reason.
 */
import { describe, expect, it } from 'vitest';
import { mechanismIds, workloads } from '../runners/shared/catalogue.ts';
import { compareVersions, NODE_FFI_SINCE } from '../runners/shared/runtime.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import { artifacts, runtimes } from './helpers.ts';

const found = await runtimes();
const cellsPerMechanism = workloads.reduce((n, w) => n + w.params.length, 0);

/** Mechanisms each runtime must measure here. */
function expected(name: string, version: string): string[] {
  switch (name) {
    case 'node': return compareVersions(version, NODE_FFI_SINCE) >= 0 ? ['js', 'napi', 'koffi', 'node-ffi', 'wasm'] : ['js', 'napi', 'koffi', 'wasm'];
    case 'bun': return ['js', 'napi', 'bun-ffi', 'wasm'];
    default: return ['js', 'napi', 'deno-ffi', 'wasm'];
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
      const outcome = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 120_000 }, () => {});
      if ('failure' in outcome) throw new Error(`${outcome.failure.reason}\n${outcome.failure.stderrTail ?? ''}`);
      const doc = outcome.document;
      expect(doc.runtime.id).toBe(runtime.id);
      expect(doc.failures).toEqual([]);
      for (const m of expected(runtime.name, runtime.version)) {
        const cells = doc.cells.filter((c) => c.mechanism === m);
        expect(cells, m).toHaveLength(cellsPerMechanism);
        expect(cells.every((c) => c.verified && c.stats === undefined), m).toBe(true);
      }
      for (const s of doc.skipped) expect(s.reason.length).toBeGreaterThan(10);
      // Never silently absent: every mechanism is measured or skipped with its reason.
      for (const m of mechanismIds) {
        const measured = doc.cells.some((c) => c.mechanism === m);
        const skipped = doc.skipped.some((s) => s.mechanism === m && s.workload === undefined);
        expect(measured !== skipped, `${m}: measured ${measured}, skipped ${skipped}`).toBe(true);
      }
      if (runtime.name === 'node' && compareVersions(runtime.version, NODE_FFI_SINCE) < 0) {
        expect(doc.skipped.find((s) => s.mechanism === 'node-ffi')?.reason).toMatch(/26\.1/);
      }
      const wasmNotes = doc.cells.filter((c) => c.mechanism === 'wasm' && c.workload === 'bytes_sum').map((c) => c.note);
      expect(wasmNotes.every((n) => /copying the input into wasm linear memory/.test(n ?? ''))).toBe(true);
    });
  }
});
