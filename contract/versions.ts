/** Versions as the contract compares them: runtimes, frameworks, the first Node with `node:ffi`. */

/** The first Node release with `node:ffi` (behind `--experimental-ffi` there). */
export const NODE_FFI_SINCE = '26.1.0';

/**
 * Node's permission model (`--permission`): stable from 22.13.0 on the 22 line and from 23.5.0;
 * before that only `--experimental-permission` (from 20.0.0), which the suite does not use: a
 * column of such a Node runs with every permission and says so.
 */
export function nodePermissionModel(version: string): 'stable' | 'experimental' | 'none' {
  if (compareVersions(version, '23.5.0') >= 0) return 'stable';
  if (version.startsWith('22.') && compareVersions(version, '22.13.0') >= 0) return 'stable';
  return compareVersions(version, '20.0.0') >= 0 ? 'experimental' : 'none';
}

/** Node strips TypeScript types by default from 23.6 and 22.18; older ones run through tsx. */
export function nodeStripsTypes(version: string): boolean {
  if (compareVersions(version, '23.6.0') >= 0) return true;
  return version.startsWith('22.') && compareVersions(version, '22.18.0') >= 0;
}

/**
 * Whether the suite runs a Node's runners under its permission model: wherever the model is
 * stable. The runner is JavaScript stripped of its types ahead of time (orchestrator/node-js.ts),
 * so a Node that cannot strip TypeScript itself needs no tsx for it, whose loader hooks run on a
 * worker thread and whose esbuild service is a child process (granting those would leave little
 * of least privilege). Only a test's own TypeScript entry still needs tsx there, and runs without
 * the model (orchestrator/spawn.ts).
 */
export function nodeRunsUnderPermission(version: string): boolean {
  return nodePermissionModel(version) === 'stable';
}

/** The first Node whose permission model covers the network (`--allow-net`); before it, a
 *  process under `--permission` may use the network without a grant. */
export const NODE_NET_PERMISSION_SINCE = '25.0.0';

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}
