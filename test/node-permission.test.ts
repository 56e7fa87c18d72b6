/**
 * Node columns under the permission model (`--permission`), for real: the runner reads its
 * grants from inside and records them; every mechanism still loads and verifies; a runner that
 * reads or writes outside its grants fails its column with Node's own error and the flag it
 * lacks, and the same runner without the model does what it tried.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runColumn } from '../orchestrator/spawn.ts';
import { artifacts, faultEntry, node26 } from './helpers.ts';

const runtime = await node26();
const outside = mkdtempSync(join(tmpdir(), 'bridgetax-outside-'));
const secret = join(outside, 'secret.txt');
writeFileSync(secret, 'not for the runner');
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('a Node runner under the permission model', () => {
  it('records its grants, and every mechanism loads and verifies', async () => {
    const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 120_000 }, () => {});
    if (!('document' in o)) throw new Error(`the column failed: ${o.failure.reason}\n${o.failure.stderrTail ?? ''}`);
    const doc = o.document;
    expect(doc.runtime.permissions).toEqual({
      model: 'node',
      // No service URL here, so no network grant; addons for the Node-API mechanisms, FFI for
      // node:ffi; Workers for the event_loop and parallel groups' worker path.
      access: { fsRead: 'scoped', fsWrite: 'scoped', addons: 'all', ffi: 'all', net: 'none', childProcess: 'none', worker: 'all' },
    });
    expect(doc.failures).toEqual([]);
    const mechanisms = new Set(doc.cells.filter((c) => c.verified).map((c) => c.mechanism));
    for (const m of ['js', 'napi', 'napi-sys', 'neon', 'koffi', 'node-ffi', 'wasm', 'wasm-bindgen']) expect(mechanisms).toContain(m);
    expect(doc.cells.every((c) => c.verified)).toBe(true);
  }, 180_000);

  it('a runner that only runs js is refused addons and FFI', async () => {
    const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 120_000, mechanisms: ['js'], workloads: ['add_i32'] }, () => {});
    if (!('document' in o)) throw new Error(`the column failed: ${o.failure.reason}`);
    expect(o.document.runtime.permissions?.access).toMatchObject({ addons: 'none', ffi: 'none', net: 'none', worker: 'none' });
  }, 120_000);

  it('cannot read a file outside its grants: the column fails with Node\'s error and the flag it lacks', async () => {
    process.env.BRIDGETAX_FAULT_READ = secret;
    try {
      const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 60_000, entry: faultEntry('escape-runner.ts'), workloads: ['add_i32'] }, () => {});
      if (!('failure' in o)) throw new Error('expected the column to fail');
      expect(o.failure.runtime).toBe(runtime.id);
      expect(o.failure.reason).toBe(`runner exited with code 1: Node's permission model refused FileSystemRead of ${secret} `
        + '("Access to this API has been restricted. Use --allow-fs-read to manage permissions.")');
      // Without the model the same runner reads it and goes on: the refusal was the model's.
      const free = await runColumn({ runtime: { ...runtime, unrestricted: true }, artifacts, mode: 'verify', timeoutMs: 60_000, entry: faultEntry('escape-runner.ts'), workloads: ['add_i32'] }, () => {});
      if (!('document' in free)) throw new Error(`the unrestricted column failed: ${free.failure.reason}`);
      expect(free.document.runtime.permissions).toEqual({ model: 'none', why: 'run without --permission' });
      expect(free.document.cells.filter((c) => c.verified).map((c) => c.workload)).toEqual(['add_i32']);
    } finally {
      delete process.env.BRIDGETAX_FAULT_READ;
    }
  }, 180_000);

  it('cannot write outside its output folder: nothing is written there and the column fails with the flag it lacks', async () => {
    const target = join(outside, 'written.txt');
    process.env.BRIDGETAX_FAULT_WRITE = target;
    try {
      const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 60_000, entry: faultEntry('escape-runner.ts'), workloads: ['add_i32'] }, () => {});
      if (!('failure' in o)) throw new Error('expected the column to fail');
      expect(o.failure.reason).toContain(`Node's permission model refused FileSystemWrite of ${target}`);
      expect(o.failure.reason).toContain('Use --allow-fs-write to manage permissions.');
      expect(existsSync(target)).toBe(false);
    } finally {
      delete process.env.BRIDGETAX_FAULT_WRITE;
    }
  }, 120_000);
});
