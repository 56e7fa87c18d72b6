/**
 * The wasm-bindgen glue's exports against the catalogue, both ways: one function per workload
 * with an export of its own that wasm-bindgen can express (`wasmBindgenSkip`), and nothing else
 * besides the glue's own loaders; its module is the one the glue imports from, and records the
 * CLI version the crate pins.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pinnedWasmBindgen } from '../orchestrator/build/wasm-bindgen.ts';
import { exported } from '../contract/workloads.ts';
import { glueModule } from '../contract/registry.ts';
import { workloads } from '../runners/shared/catalogue.ts';
import { producer, wasmBindgenSkip } from '../runners/shared/mechanisms/wasm-bindgen.ts';
import { artifacts } from './helpers.ts';

const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(m: object): { name: string; kind: string }[] } };
};

/** What the glue exports that is not a workload: its two loaders. */
const loaders = ['default', 'initSync'];

describe('wasm-bindgen glue matches the catalogue', () => {
  const glue = artifacts['wasm-bindgen'];

  it('exports exactly one function per expressible workload, plus its loaders', async () => {
    const m = (await import(pathToFileURL(glue).href)) as Record<string, unknown>;
    const own = workloads.filter((w) => exported(w) && !wasmBindgenSkip(w)).map((w) => w.id);
    expect(Object.keys(m).filter((k) => !loaders.includes(k)).sort()).toEqual([...own].sort());
    for (const id of [...own, ...loaders]) expect(typeof m[id], id).toBe('function');
  });

  it('skips exactly the async and native-only workloads, each with a reason', () => {
    const skipped = workloads.filter((w) => exported(w) && wasmBindgenSkip(w)).map((w) => w.id);
    expect(skipped.sort()).toEqual(['async_job', 'callback_thread', 'sha256_strings', 'spin_threads']);
    for (const id of skipped) expect(wasmBindgenSkip(workloads.find((w) => w.id === id)!)!.length).toBeGreaterThan(20);
  });

  it('its module beside it exports the wrapped kernels, and names the pinned CLI version', () => {
    const mod = new wasmApi.Module(readFileSync(glueModule(glue)));
    const fns = wasmApi.Module.exports(mod).filter((e) => e.kind === 'function').map((e) => e.name);
    for (const w of workloads.filter((x) => exported(x) && !wasmBindgenSkip(x))) expect(fns, w.id).toContain(w.id);
    expect(producer(mod, 'wasm-bindgen')).toBe(pinnedWasmBindgen());
  });
});
