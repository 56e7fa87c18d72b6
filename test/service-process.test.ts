/**
 * A column asked for in-process mechanisms and the service ones runs them in two runner
 * processes, joined into one document (orchestrator/spawn.ts `runColumn`): each process says
 * its own cells to run, the cells of both are in the column, and under Node's permission model
 * the column's record is the wider of the two processes' grants while neither process had both
 * the network and the addons.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { servicePath } from '../orchestrator/build.ts';
import { startService } from '../orchestrator/service.ts';
import { nodePermissionFlags, runColumn } from '../orchestrator/spawn.ts';
import { artifacts, node26 } from './helpers.ts';

const service = await startService({ command: servicePath });
if ('failure' in service) throw new Error(`${service.failure}\n${service.stderrTail ?? ''}`);
afterAll(() => service.stop());
const runtime = await node26();

describe('the service mechanisms in a runner process of their own', () => {
  it('two processes, one document with the cells of both', async () => {
    const lines: string[] = [];
    const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 120_000, serviceUrl: service.url, mechanisms: ['js', 'napi', 'http'], workloads: ['add_i32'] }, (l) => lines.push(l));
    if (!('document' in o)) throw new Error(o.failure.reason);
    const inProcess = o.document.cells.filter((c) => c.mechanism !== 'http');
    expect(inProcess.map((c) => c.mechanism)).toEqual(expect.arrayContaining(['js', 'napi']));
    expect(lines.filter((l) => / cells to run/.test(l)).map((l) => l.replace(/^\[[^\]]+\] /, ''))).toEqual([`${inProcess.length} cells to run`, '1 cells to run']);
    expect(o.document.cells.filter((c) => c.mechanism === 'http').length).toBe(1);
    expect(o.document.cells.every((c) => c.verified)).toBe(true);
    expect(o.document.runtime.permissions?.access).toMatchObject({ addons: 'all', net: 'all', ffi: 'none' });
    // Neither process was granted both.
    const grants = (mechanisms: string[]) => nodePermissionFlags({ runtime, artifacts, mechanisms, serviceUrl: service.url }, '/tmp/x/out.json').filter((f) => /^--allow-(addons|net|ffi)$/.test(f));
    expect(grants(['js', 'napi'])).toEqual(['--allow-addons']);
    expect(grants(['http'])).toEqual(['--allow-net']);
  }, 180_000);

  it('one process when only one kind is asked for', async () => {
    const lines: string[] = [];
    const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 120_000, serviceUrl: service.url, mechanisms: ['http', 'http-fresh'], workloads: ['add_i32'] }, (l) => lines.push(l));
    if (!('document' in o)) throw new Error(o.failure.reason);
    expect(lines.filter((l) => / cells to run/.test(l)).length).toBe(1);
    expect(o.document.cells.map((c) => c.mechanism).sort()).toEqual(['http', 'http-fresh']);
  }, 120_000);
});
