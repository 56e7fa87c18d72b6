/** Versions as the contract compares them: runtimes, frameworks, the first Node with `node:ffi`. */

/** The first Node release with `node:ffi` (behind `--experimental-ffi` there). */
export const NODE_FFI_SINCE = '26.1.0';

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
