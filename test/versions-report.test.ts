/**
 * `report --format versions`: each runtime with two or more versions in a run gets its own
 * table, versions oldest first, every cell's time with its ratio to the oldest version, and a
 * mechanism an older version lacks shown as skipped.
 */
import { expect, it } from 'vitest';
import { merge } from '../orchestrator/merge.ts';
import { formatNs, formatRatio } from '../orchestrator/reports/model.ts';
import { renderVersions, versionTables } from '../orchestrator/reports/versions.ts';
import type { RunnerDocument } from '../contract/document.ts';
import { foundOf, mergeInput, recorded } from './fixtures.ts';

/** The recorded Node 26 document as if run on Node 24: twice as slow, without node:ffi. */
function asNode24(doc: RunnerDocument): RunnerDocument {
  const id = 'node@24.0.0';
  const reason = 'node:ffi needs Node >= 26.1.0; found Node 24.0.0';
  return {
    ...doc,
    runtime: { ...doc.runtime, id, version: '24.0.0' },
    cells: doc.cells.filter((c) => c.mechanism !== 'node-ffi')
      .map((c) => ({ ...c, runtime: id, ...(c.stats ? { stats: { ...c.stats, avgNs: c.stats.avgNs * 2, p50Ns: c.stats.p50Ns * 2 } } : {}) })),
    skipped: [...doc.skipped.map((s) => ({ ...s, runtime: id })), { runtime: id, mechanism: 'node-ffi', reason }],
  };
}

it('puts a runtime\'s versions side by side, oldest first, with ratios to the oldest', () => {
  const node26 = recorded('runner-node26.json');
  const node24 = asNode24(node26);
  // Given newest first: the table still starts at the oldest.
  const results = merge(mergeInput([{ runtime: foundOf(node24), document: node24 }]));
  const tables = versionTables(results);
  expect(tables.map((t) => [t.name, t.versions])).toEqual([['node', ['node@24.0.0', 'node@26.10.0']]]);

  const napi = node26.cells.find((c) => c.mechanism === 'napi' && c.workload === 'add_i32')!;
  const ffi = node26.cells.find((c) => c.mechanism === 'node-ffi' && c.workload === 'add_i32')!;
  const text = renderVersions(results).split('\n');
  expect(text).toContain(`| napi | add_i32 | ${formatNs(napi.stats!.p50Ns * 2)} | ${formatNs(napi.stats!.p50Ns)} (${formatRatio(0.5)}) |`);
  // node:ffi: skipped where it is missing; its first version that has it is its own base.
  expect(text).toContain(`| node-ffi | add_i32 | skipped | ${formatNs(ffi.stats!.p50Ns)} |`);
  expect(text[0]).toBe('### node across versions');
});

it('marks every cell of a version whose column failed', () => {
  const node24 = asNode24(recorded('runner-node26.json'));
  const results = merge(mergeInput([{ runtime: foundOf(node24), failure: { runtime: node24.runtime.id, reason: 'runner timed out' } }]));
  const napi = versionTables(results)[0]!.rows.find((r) => r.mechanism === 'napi' && r.label === 'add_i32')!;
  expect(napi.entries.map((e) => e.kind)).toEqual(['failed', 'timed']);
});

it('says how to get a table when no runtime has two versions', () => {
  expect(renderVersions(merge(mergeInput()))).toMatch(/^No runtime has two or more versions in this run: name them with --runtimes/);
});
