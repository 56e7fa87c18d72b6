/**
 * A mechanism in versions (napi-rs, rustlib's and the pinned one) is one adapter loading each of
 * its artifacts: every version is its own set of cells, keyed by the version the build read from
 * that artifact's lockfile. Two builds the runner cannot tell apart (no version given, or the
 * same one) would share one key: the second is skipped with the reason, never merged in.
 */
import { describe, expect, it } from 'vitest';
import { frameworkVersions, lockedVersions } from '../orchestrator/build/frameworks.ts';
import { root } from '../orchestrator/paths.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import { artifactsOf } from '../contract/registry.ts';
import { benchmarkName } from '../orchestrator/reports/bmf.ts';
import { unbuiltSkips } from '../orchestrator/compare.ts';
import { artifacts, runtimes } from './helpers.ts';
import { join } from 'node:path';

const node = (await runtimes()).find((r) => r.name === 'node')!;
const napiOnly = { napi: artifacts.napi, 'napi-pinned': artifacts['napi-pinned'] };

async function napiColumn(artifactVersions: Record<string, string>) {
  const o = await runColumn({
    runtime: node, artifacts: napiOnly, artifactVersions, mode: 'verify', timeoutMs: 120_000, mechanisms: ['napi'], workloads: ['add_i32'],
  }, () => {});
  if ('failure' in o) throw new Error(o.failure.reason);
  return o.document;
}

describe('mechanism versions', () => {
  it('napi loads two artifacts: rustlib\'s first, then the pinned one', () => {
    expect(artifactsOf('napi')).toEqual(['napi', 'napi-pinned']);
    expect(artifactsOf('koffi')).toEqual(['lib']);
    expect(artifactsOf('js')).toEqual([]);
  });

  it('the versions come from each build\'s lockfile', async () => {
    const { versions, provenance } = await frameworkVersions();
    const pinned = await lockedVersions(join(root, 'bindings', 'napi-pinned', 'Cargo.lock'), ['napi', 'napi-derive']);
    expect(versions['napi-pinned']).toBe(pinned.napi);
    expect(provenance['napi-pinned']).toMatchObject(pinned);
    expect(versions.napi).toBe((await lockedVersions(join(root, 'Cargo.lock'), ['napi'])).napi);
    expect(versions.napi).not.toBe(versions['napi-pinned']);
  });

  it('each version is its own set of cells', async () => {
    const doc = await napiColumn({ napi: '3.16.1', 'napi-pinned': '3.5.2' });
    expect(doc.cells.map((c) => `${c.mechanism} ${c.mechanismVersion} ${c.verified}`)).toEqual(['napi 3.16.1 true', 'napi 3.5.2 true']);
    expect(doc.skipped).toEqual([]);
    expect(doc.cells.map(benchmarkName)).toEqual(['add_i32/napi@3.16.1/' + node.id, 'add_i32/napi@3.5.2/' + node.id]);
  });

  it('skips a second build without a version, or with the first one\'s', async () => {
    const none = await napiColumn({});
    expect(none.cells.map((c) => c.mechanism)).toEqual(['napi']);
    expect(none.skipped.map((s) => s.reason)).toEqual([
      "no --artifact-version napi-pinned=VERSION was given: without it, its cells and napi's would share one key",
    ]);
    const same = await napiColumn({ napi: '3.16.1', 'napi-pinned': '3.16.1' });
    expect(same.cells.map((c) => c.mechanismVersion)).toEqual(['3.16.1']);
    expect(same.skipped).toEqual([{
      runtime: node.id, mechanism: 'napi', mechanismVersion: '3.16.1',
      reason: 'napi-pinned is built against the same napi version as napi (3.16.1): one column is enough',
    }]);
  });
});

describe('an unbuilt version', () => {
  const columns = ['node@26.10.0', 'bun@1.4.4'];
  it('costs that version\'s column only, with the build\'s reason and the locked version', () => {
    const { skipped, mechanisms } = unbuiltSkips({ unavailable: { 'napi-pinned': 'cargo build failed: …' }, versions: { napi: '3.16.1', 'napi-pinned': '3.5.2' } }, columns);
    expect(mechanisms).toBeUndefined();
    expect(skipped).toEqual(columns.map((runtime) => ({ runtime, mechanism: 'napi', mechanismVersion: '3.5.2', reason: 'cargo build failed: …' })));
  });
  it('while an unbuilt own artifact skips the whole mechanism, which no runner is asked for', () => {
    const { skipped, mechanisms } = unbuiltSkips({ unavailable: { napi: 'no cargo' }, versions: {} }, columns, ['js', 'napi']);
    expect(mechanisms).toEqual(['js']);
    expect(skipped).toEqual(columns.map((runtime) => ({ runtime, mechanism: 'napi', reason: 'no cargo' })));
  });
  it('is no skip when that mechanism was not asked for', () => {
    expect(unbuiltSkips({ unavailable: { 'napi-pinned': 'x' }, versions: {} }, columns, ['js']).skipped).toEqual([]);
  });
});
