/**
 * A run builds what its mechanisms load, and says in one line what it built, what it did not
 * need and what cannot be built here. Pure: nothing is built.
 */
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../orchestrator/build.ts';
import { buildLine, buildSelection } from '../orchestrator/run/build.ts';

describe('what a run builds', () => {
  it('everything when no mechanism list is given', () => {
    expect(buildSelection(undefined)).toEqual({ service: true });
  });

  it('only the artifacts the mechanisms asked for load, and the service only for http', () => {
    const sel = (ms: string[]) => { const s = buildSelection(ms); return { artifacts: [...s.artifacts ?? []].sort(), service: s.service }; };
    // napi is measured at both of its built versions.
    expect(sel(['js', 'napi'])).toEqual({ artifacts: ['napi', 'napi-pinned'], service: false });
    // The C-ABI mechanisms share the plain library.
    expect(sel(['koffi', 'node-ffi', 'bun-ffi'])).toEqual({ artifacts: ['lib'], service: false });
    expect(sel(['wasm-bindgen', 'http'])).toEqual({ artifacts: ['wasm-bindgen'], service: true });
    expect(sel(['js', 'platform'])).toEqual({ artifacts: [], service: false });
  });

  it('says in one line what it built, where the time went and what it did not need', () => {
    const built = {
      nativeBuilt: true, wasm: { unavailable: 'not built: no mechanism asked for loads it' }, host: [], unavailable: {}, seconds: 41.23,
      notNeeded: ['wasm', 'napiSys', 'neon', 'wasm-bindgen', 'service'], steps: { native: 30.2, wasm: 0.01, 'napi-pinned': 10.9, service: 0.1 },
    } as unknown as BuildResult;
    expect(buildLine(built, false)).toBe('Build: native rebuilt, host runner not needed; not built, as no mechanism asked for needs it: wasm, napiSys, neon, wasm-bindgen, service (41.2 s: native 30 s, napi-pinned 11 s)');
    const all = { nativeBuilt: false, wasm: { built: false, rustc: 'rustc 1.63.0' }, host: [], unavailable: { 'wasm-bindgen': 'no cargo' }, seconds: 0.4, notNeeded: [], steps: { native: 0.2, wasm: 0.1 } } as unknown as BuildResult;
    expect(buildLine(all, false)).toBe('Build: native fresh, wasm fresh, host runner not needed, not buildable here: wasm-bindgen (0.4 s)');
  });
});
