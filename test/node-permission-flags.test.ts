/**
 * The flags a Node column's runner gets under the permission model, by version and by the
 * mechanisms it runs, and the columns `--node-permission` makes. Pure: nothing is started.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodePermissionModel, nodeRunsUnderPermission } from '../contract/versions.ts';
import { permissionColumns } from '../orchestrator/columns.ts';
import type { FoundRuntime } from '../orchestrator/discover.ts';
import { root } from '../orchestrator/paths.ts';
import { runnerCommand } from '../orchestrator/spawn.ts';

const node = (version: string, extra: Partial<FoundRuntime> = {}): FoundRuntime => ({ id: `node@${version}`, name: 'node', version, execPath: '/usr/bin/node', source: 'path', ...extra });
const bun: FoundRuntime = { id: 'bun@1.4.4', name: 'bun', version: '1.4.4', execPath: '/usr/bin/bun', source: 'project' };
const artifacts = { lib: '/build/librustlib.so', napi: '/build/rustlib.node', wasm: '/build/rustlib.wasm', 'wasm-bindgen': '/build/wb/rustlib.js' };
const out = '/tmp/bridgetax-x/node.json';
const flagsOf = (runtime: FoundRuntime, mechanisms?: string[], serviceUrl?: string, workloads?: string[]) => runnerCommand({
  runtime, artifacts, mode: 'verify', timeoutMs: 1000, ...(mechanisms ? { mechanisms } : {}), ...(serviceUrl ? { serviceUrl } : {}), ...(workloads ? { workloads } : {}),
}, out).args.filter((a) => a.startsWith('--permission') || (a.startsWith('--allow-') && a !== '--allow-natives-syntax'));

describe('which Node has the stable permission model, and which runs under it', () => {
  const versions = ['20.20.2', '22.12.0', '22.13.0', '22.18.0', '23.4.0', '23.5.0', '23.6.0', '24.1.0', '26.10.0'];
  it('22.13 and 23.5 on, 20 only experimental', () => {
    expect(versions.map(nodePermissionModel))
      .toEqual(['experimental', 'experimental', 'stable', 'stable', 'experimental', 'stable', 'stable', 'stable', 'stable']);
  });
  it('wherever the model is stable: the runner is stripped of its types ahead of time, so no Node needs tsx for it', () => {
    expect(versions.map(nodeRunsUnderPermission)).toEqual([false, false, true, true, false, true, true, true, true]);
    // 22.15 cannot strip types: its runner is the stripped JavaScript, under the model.
    const args = runnerCommand({ runtime: node('22.15.0'), artifacts, mode: 'verify', timeoutMs: 1000 }, out).args;
    expect(args).toContain('--permission');
    expect(args.join(' ')).not.toContain('tsx');
  });
});

describe('a Node runner\'s permission flags', () => {
  it('Node 26, every mechanism, the service running: reads for the project and artifacts, writes for the output folder only', () => {
    expect(flagsOf(node('26.10.0'), undefined, 'http://127.0.0.1:4000')).toEqual([
      '--permission',
      `--allow-fs-read=${join(root, 'runners')}`, `--allow-fs-read=${join(root, 'contract')}`, `--allow-fs-read=${join(root, 'target', 'bridgetax', 'node-js')}`, `--allow-fs-read=${join(root, 'node_modules')}`,
      `--allow-fs-read=${join(root, 'package.json')}`,
      '--allow-fs-read=/build/librustlib.so', '--allow-fs-read=/build/rustlib.node', '--allow-fs-read=/build/rustlib.wasm',
      '--allow-fs-read=/build/wb/rustlib.js', '--allow-fs-read=/build/wb/rustlib_bg.wasm', '--allow-fs-read=/tmp/bridgetax-x',
      '--allow-fs-write=/tmp/bridgetax-x',
      '--allow-addons', '--allow-ffi', '--allow-net',
      // The event_loop and parallel groups make each mechanism's call from Workers too.
      '--allow-worker',
    ]);
  });

  it('grants only what the mechanisms asked for need', () => {
    const grants = (ms: string[], url?: string) => flagsOf(node('26.10.0'), ms, url, ['add_i32']).filter((f) => !f.startsWith('--allow-fs-') && f !== '--permission');
    expect(grants(['js', 'wasm', 'wasm-bindgen'])).toEqual([]);
    expect(grants(['napi'])).toEqual(['--allow-addons']);
    expect(grants(['koffi', 'neon'])).toEqual(['--allow-addons']);
    expect(grants(['node-ffi'])).toEqual(['--allow-ffi']);
    expect(grants(['http'], 'http://127.0.0.1:4000')).toEqual(['--allow-net']);
    // No service, no network, even when http is asked for (its cells are skipped without it).
    expect(grants(['http'])).toEqual([]);
  });

  it('Workers only for a run of the event_loop or parallel group', () => {
    const grants = (workloads?: string[]) => flagsOf(node('26.10.0'), ['js'], undefined, workloads).filter((f) => !f.startsWith('--allow-fs-') && f !== '--permission');
    expect(grants(['add_i32', 'fib'])).toEqual([]);
    expect(grants(['spin'])).toEqual(['--allow-worker']);
    expect(grants(['spin_threads'])).toEqual(['--allow-worker']);
    expect(grants()).toEqual(['--allow-worker']);
  });

  it('a Node before 25 gets no network flag (its model leaves the network open) and before 26.1 no FFI flag', () => {
    const f = flagsOf(node('24.1.0'), undefined, 'http://127.0.0.1:4000');
    expect(f[0]).toBe('--permission');
    expect(f).toContain('--allow-addons');
    expect(f).not.toContain('--allow-net');
    expect(f).not.toContain('--allow-ffi');
  });

  it('no model for Node 20 (experimental only), a test\'s own entry on a Node that needs tsx for it, an unrestricted column, or Bun', () => {
    expect(flagsOf(node('20.20.2'))).toEqual([]);
    const testEntry = runnerCommand({ runtime: node('22.15.0'), artifacts, mode: 'verify', timeoutMs: 1000, entry: '/work/test/faults/entry.ts' }, out).args;
    expect(testEntry.join(' ')).toContain('tsx');
    expect(testEntry).not.toContain('--permission');
    expect(flagsOf(node('26.10.0', { unrestricted: true }))).toEqual([]);
    expect(flagsOf(bun)).toEqual([]);
  });
});

describe('--node-permission', () => {
  const columns = [node('26.10.0'), node('22.15.0'), node('20.20.2'), bun];
  it('on: the columns as they are', () => {
    expect(permissionColumns(columns, 'on')).toEqual(columns);
  });
  it('off: every Node column unrestricted, ids unchanged', () => {
    expect(permissionColumns(columns, 'off').map((c) => [c.id, c.unrestricted ?? false])).toEqual([
      ['node@26.10.0', true], ['node@22.15.0', true], ['node@20.20.2', true], ['bun@1.4.4', false]]);
  });
  it('both: an unrestricted twin after each Node that runs under the model, labelled', () => {
    const both = permissionColumns(columns, 'both');
    expect(both.map((c) => c.id)).toEqual(['node@26.10.0', 'node@26.10.0#unrestricted', 'node@22.15.0', 'node@22.15.0#unrestricted', 'node@20.20.2', 'bun@1.4.4']);
    expect(both[1]).toMatchObject({ label: 'unrestricted', unrestricted: true, execPath: '/usr/bin/node' });
    // A labelled build keeps its label in its twin's.
    expect(permissionColumns([node('26.10.0', { id: 'node@26.10.0#patched', label: 'patched' })], 'both').map((c) => c.id))
      .toEqual(['node@26.10.0#patched', 'node@26.10.0#patched-unrestricted']);
  });
});
