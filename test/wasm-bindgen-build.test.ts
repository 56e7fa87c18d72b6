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
import { glueModule } from '../runners/shared/catalogue.ts';
import { artifacts } from './helpers.ts';

const glue = artifacts['wasm-bindgen'];
const saved = { PATH: process.env.PATH, CARGO_HOME: process.env.CARGO_HOME };

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('wasm-bindgen build', () => {
  it('regenerates a damaged module, then leaves the fresh outputs alone', async () => {
    const good = readFileSync(glueModule(glue));
    writeFileSync(glueModule(glue), 'garbage');
    expect(await buildWasmBindgen()).toEqual({});
    expect(readFileSync(glueModule(glue)).equals(good)).toBe(true);
    const written = statSync(glue).mtimeMs;
    expect(await buildWasmBindgen()).toEqual({});
    expect(statSync(glue).mtimeMs).toBe(written);
  });

  it.runIf(existsSync('/usr/bin/cargo'))('without the CLI of the pinned version, reports it unavailable with the install command', async () => {
    // Debian's rustc and cargo stay findable in /usr/bin; no wasm-bindgen is on this PATH.
    process.env.PATH = '/usr/bin:/bin';
    process.env.CARGO_HOME = mkdtempSync(join(tmpdir(), 'bridgetax-no-cli-'));
    const r = await buildWasmBindgen();
    const v = pinnedWasmBindgen();
    expect(r).toEqual({
      'wasm-bindgen': `no wasm-bindgen CLI ${v}: run \`cargo install wasm-bindgen-cli --version ${v} --locked\` (bash setup.sh does this; ~5 min)`,
    });
  });

  it('takes the CLI version from the exact pin, and refuses a loose one', () => {
    expect(pinnedWasmBindgen()).toMatch(/^\d+\.\d+\.\d+$/);
    const loose = join(mkdtempSync(join(tmpdir(), 'bridgetax-pin-')), 'Cargo.toml');
    writeFileSync(loose, '[dependencies]\nwasm-bindgen = "0.2"\n');
    expect(() => pinnedWasmBindgen(loose)).toThrow(/must pin wasm-bindgen exactly/);
  });
});
