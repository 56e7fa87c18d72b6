/**
 * The load group's processes, verify-only, on every runtime column found here: each mechanism
 * the runtime has loads in a fresh process of runners/shared/load.ts and answers its first
 * add_i32 right; what cannot express it is skipped with the adapter's reason; and a process
 * that answers wrong, even after a right first answer, fails its cell and gives it no time.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeOwnMechanisms, mechanismIds, type MechanismId } from '../contract/registry.ts';
import { compareVersions, NODE_FFI_SINCE } from '../contract/versions.ts';
import { measureLoad } from '../orchestrator/load.ts';
import { servicePath } from '../orchestrator/build.ts';
import { startService } from '../orchestrator/service.ts';
import { artifacts, node26, runtimes } from './helpers.ts';

const found = await runtimes();
// The http mechanisms' first call goes to the service, as in a compare run.
const service = await startService({ command: servicePath });
if ('failure' in service) throw new Error(`${service.failure}\n${service.stderrTail ?? ''}`);
afterAll(() => service.stop());

/** The mechanisms a runtime has: every shared one, and its own FFI where it has one. */
function mechanismsOf(name: string, version: string): MechanismId[] {
  return mechanismIds.filter((m) => {
    if (!runtimeOwnMechanisms[m]) return true;
    if (m === 'node-ffi') return name === 'node' && compareVersions(version, NODE_FFI_SINCE) >= 0;
    return m === `${name}-ffi`;
  });
}

describe('load cells verify in a fresh process', () => {
  for (const runtime of found) {
    it(`${runtime.id}: every mechanism's first add_i32 is right, or skipped with a reason`, async () => {
      const mechanisms = mechanismsOf(runtime.name, runtime.version);
      const r = await measureLoad({ runtime, artifacts, mechanisms, mode: 'verify', seed: 1, serviceUrl: service.url });
      expect(r.failures).toEqual([]);
      expect(r.startup).toBeUndefined();
      // platform has no built-in for add_i32: skipped with the adapter's own reason.
      expect(r.skipped.map((s) => [s.mechanism, s.workload])).toEqual([['platform', 'cold_start']]);
      expect(r.skipped[0]!.reason).toMatch(/no built-in/);
      expect(r.cells.map((c) => c.mechanism)).toEqual(mechanisms.filter((m) => m !== 'platform'));
      for (const c of r.cells) {
        expect(c, c.mechanism).toMatchObject({ runtime: runtime.id, workload: 'cold_start', group: 'load', param: null, verified: true });
        expect(c.stats, c.mechanism).toBeUndefined();
      }
      const load = (m: MechanismId) => r.cells.find((c) => c.mechanism === m)!.load!;
      expect(load('js')).toEqual({ files: [], bytes: 0, gzipBytes: 0 });
      expect(load('napi').files.map((f) => [f.role, f.name, f.bytes])).toEqual([['artifact', basename(artifacts.napi), statSync(artifacts.napi).size]]);
      expect(load('wasm').files.map((f) => f.name)).toEqual([basename(artifacts.wasm)]);
      expect(load('koffi').files.map((f) => [f.role, f.name])).toEqual([['artifact', basename(artifacts.lib)], ['addon', 'koffi.node']]);
      expect(load('koffi').package).toMatchObject({ name: 'koffi' });
    });
  }
});

describe('a load process that answers wrong', () => {
  // A CommonJS file stands in for the napi addon (`require` loads either): it answers add_i32
  // right for its first `right` calls, counted in a file beside it, then off by one.
  async function fakeAddon(right: number): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'bridgetax-fake-addon-'));
    const counter = join(dir, 'calls');
    await writeFile(counter, '0');
    const file = join(dir, 'addon.cjs');
    await writeFile(file, `const fs = require('node:fs');
exports.add_i32 = (a, b) => {
  const n = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
  fs.writeFileSync(${JSON.stringify(counter)}, String(n));
  return n <= ${right} ? (a + b) | 0 : ((a + b) | 0) + 1;
};\n`);
    return file;
  }

  // The stand-in counts its calls in a file beside it, a write the permission model would refuse
  // (a real addon needs no such grant): its processes run without the model.
  const unrestricted = async () => ({ ...await node26(), unrestricted: true });

  it('fails its cell with both values, and gives it no time', async () => {
    const runtime = await unrestricted();
    const r = await measureLoad({ runtime, artifacts: { ...artifacts, napi: await fakeAddon(0) }, mechanisms: ['js', 'napi'], mode: 'quick', seed: 1, budget: { warmup: 0, runs: 2 } });
    expect(r.failures).toEqual([expect.objectContaining({ mechanism: 'napi', workload: 'cold_start', reason: 'load: wrong answer', expected: '-2147483648', actual: '-2147483647' })]);
    expect(r.cells.find((c) => c.mechanism === 'napi')).toMatchObject({ verified: false });
    expect(r.cells.find((c) => c.mechanism === 'napi')!.stats).toBeUndefined();
    expect(r.cells.find((c) => c.mechanism === 'js')).toMatchObject({ verified: true, stats: { samples: 2 } });
  });

  it('fails its cell when a later process answers wrong after a right first one', async () => {
    const runtime = await unrestricted();
    const r = await measureLoad({ runtime, artifacts: { ...artifacts, napi: await fakeAddon(2) }, mechanisms: ['napi'], mode: 'quick', seed: 1, budget: { warmup: 0, runs: 4 } });
    expect(r.failures.map((f) => [f.mechanism, f.reason, f.actual])).toEqual([['napi', 'load: wrong answer', '-2147483647']]);
    expect(r.cells).toEqual([expect.objectContaining({ mechanism: 'napi', verified: false })]);
    expect(r.cells[0]!.stats).toBeUndefined();
    // The floor was still measured, the column is not lost.
    expect(r.startup?.samples).toBe(4);
  });
});
