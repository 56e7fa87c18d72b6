/**
 * The permissions this process runs with, read from inside: what the runtime's own permission
 * system says, not what the orchestrator meant to grant. A grant that is missing or wider than
 * meant shows up in the results file beside the figures it could have changed.
 */
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import type { Permissions } from '../../contract/document.ts';
import { compareVersions, NODE_NET_PERMISSION_SINCE, nodePermissionModel, nodeRunsUnderPermission } from '../../contract/versions.ts';

type Access = 'all' | 'scoped' | 'none';

/** Paths and hosts this process is meant to reach, to tell a scoped grant from none. */
export interface PermissionRefs {
  /** A file it writes (the runner's `--out`). */
  write?: string;
  /** A native library it opens through FFI. */
  lib?: string;
  /** The loopback service it calls (`host:port`). */
  host?: string;
}

interface NodePermission { has(scope: string, reference?: string): boolean }
interface DenoPermissions { querySync(d: { name: string; path?: string; host?: string }): { state: string } }

/** `all` when granted without a reference, `scoped` when only for the given one, else `none`. */
function access(has: (ref?: string) => boolean, ref?: string): Access {
  if (has()) return 'all';
  return ref !== undefined && has(ref) ? 'scoped' : 'none';
}

/** Reads the permissions in force in this process (Node, Deno or Bun). */
export function readPermissions(refs: PermissionRefs = {}): Permissions {
  const g = globalThis as { Bun?: unknown; Deno?: { permissions: DenoPermissions } };
  // This file is read by every runner, so a scoped read grant covers it.
  const self = fileURLToPath(import.meta.url);
  if (g.Deno) {
    const q = (name: string, key?: 'path' | 'host') => (ref?: string) => {
      try {
        return g.Deno!.permissions.querySync({ name, ...(key && ref !== undefined ? { [key]: ref } : {}) }).state === 'granted';
      } catch {
        return false;
      }
    };
    return {
      model: 'deno',
      access: {
        fsRead: access(q('read', 'path'), self), fsWrite: access(q('write', 'path'), refs.write),
        // Deno opens Node-API addons under its FFI permission.
        addons: access(q('ffi', 'path'), refs.lib), ffi: access(q('ffi', 'path'), refs.lib),
        net: access(q('net', 'host'), refs.host), childProcess: access(q('run')), worker: 'all',
      },
    };
  }
  if (g.Bun) return { model: 'none', why: 'Bun has no permission model' };
  const p = (process as { permission?: NodePermission }).permission;
  const version = process.versions.node ?? '';
  if (!p || !nodeRunsUnderPermission(version)) {
    const why = nodeRunsUnderPermission(version) ? 'run without --permission'
      : `Node ${version} has no stable permission model (stable from 22.13.0 and 23.5.0): run with every permission`;
    return { model: 'none', why };
  }
  const has = (scope: string) => (ref?: string) => {
    try {
      return ref === undefined ? p.has(scope) : p.has(scope, ref);
    } catch {
      // A scope this Node's has() rejects is one its model does not restrict. (Node 24 answers
      // false for `ffi`, which it does not have: reported `none`, and there is no FFI to use.)
      return true;
    }
  };
  return {
    model: 'node',
    access: {
      fsRead: access(has('fs.read'), self), fsWrite: access(has('fs.write'), refs.write),
      // Before 25 the model does not cover the network: every connection is allowed.
      // Node 22.15 answers false for `addon` even with --allow-addons (its has() does not know
      // the scope, while the model refuses an addon without the flag): the flag decides there.
      addons: access((ref) => has('addon')(ref) || process.execArgv.includes('--allow-addons')), ffi: access(has('ffi')),
      net: compareVersions(version, NODE_NET_PERMISSION_SINCE) >= 0 ? access(has('net')) : 'all',
      childProcess: access(has('child')), worker: access(has('worker')),
    },
  };
}
