/**
 * A built file damaged after its build (here the wasm module, the one that rebuilds in about a
 * second) is stale like a changed source: the next run rebuilds it rather than failing every
 * mechanism that loads it, and leaves the fresh ones alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../orchestrator/build.ts';
import { artifacts } from './helpers.ts';

describe('build', () => {
  it('rebuilds a damaged artifact and only that one', async () => {
    const before = await build();
    expect(before.nativeBuilt).toBe(false);
    const good = readFileSync(artifacts.wasm);
    writeFileSync(artifacts.wasm, 'garbage');
    const after = await build();
    expect(after.wasm).toMatchObject({ built: true });
    expect(after.nativeBuilt).toBe(false);
    expect(readFileSync(artifacts.wasm).equals(good)).toBe(true);
    expect((await build()).wasm).toMatchObject({ built: false });
  });
});
