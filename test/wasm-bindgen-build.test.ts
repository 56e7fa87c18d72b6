/**
 * The wasm-bindgen build step: a damaged output is regenerated from the unchanged crate and a
 * fresh one is left alone; a missing CLI costs this artifact only, with the command that
 * installs it; the CLI version comes from the crate's exact pin.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWasmBindgen, pinnedWasmBindgen } from '../orchestrator/build/wasm-bindgen.ts';
import { glueModule } from '../contract/registry.ts';
import { libraryProblem } from '../runners/shared/library-check.ts';
import { artifacts } from './helpers.ts';

const glue = artifacts['wasm-bindgen'];

interface Described { name: string; kind: string; module?: string }
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(m: object): Described[]; imports(m: object): Described[] } };
};
/** A module's exports and imports, in a stable order. */
function shape(bytes: Uint8Array): string[] {
  const m = new wasmApi.Module(bytes);
  const line = (d: Described) => `${d.module ?? 'export'} ${d.name} ${d.kind}`;
  return [...wasmApi.Module.exports(m).map(line), ...wasmApi.Module.imports(m).map(line)].sort();
}
const saved = { PATH: process.env.PATH, CARGO_HOME: process.env.CARGO_HOME };

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('wasm-bindgen build', () => {
  it('regenerates a damaged module, then leaves the fresh outputs alone', async () => {
    const good = shape(readFileSync(glueModule(glue)));
    writeFileSync(glueModule(glue), 'garbage');
    expect(await buildWasmBindgen()).toEqual({ unavailable: {}, userUnbuilt: {} });
    expect(libraryProblem(glue, 'glue')).toBeUndefined();
    // The same module, not byte for byte: wasm-bindgen 0.2.105 orders some imports differently
    // from one run to the next.
    expect(shape(readFileSync(glueModule(glue)))).toEqual(good);
    const written = statSync(glue).mtimeMs;
    expect(await buildWasmBindgen()).toEqual({ unavailable: {}, userUnbuilt: {} });
    expect(statSync(glue).mtimeMs).toBe(written);
  });

  it.runIf(existsSync('/usr/bin/cargo'))('without the CLI of the pinned version, reports it unavailable with the install command', async () => {
    // Debian's rustc and cargo stay findable in /usr/bin; no wasm-bindgen is on this PATH.
    process.env.PATH = '/usr/bin:/bin';
    process.env.CARGO_HOME = mkdtempSync(join(tmpdir(), 'bridgetax-no-cli-'));
    const r = await buildWasmBindgen();
    const v = pinnedWasmBindgen();
    expect(r).toEqual({
      unavailable: { 'wasm-bindgen': `no wasm-bindgen CLI ${v}: run \`cargo install wasm-bindgen-cli --version ${v} --locked\` (bash setup.sh does this; ~5 min)` },
      userUnbuilt: {},
    });
  });

  it('takes the CLI version from the exact pin, and refuses a loose one', () => {
    expect(pinnedWasmBindgen()).toMatch(/^\d+\.\d+\.\d+$/);
    const loose = join(mkdtempSync(join(tmpdir(), 'bridgetax-pin-')), 'Cargo.toml');
    writeFileSync(loose, '[dependencies]\nwasm-bindgen = "0.2"\n');
    expect(() => pinnedWasmBindgen(loose)).toThrow(/must pin wasm-bindgen exactly/);
  });
});
