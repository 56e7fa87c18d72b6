/**
 * The binding crates' build: an addon whose dependencies cargo cannot fetch is unavailable
 * with what to do (its mechanism is skipped), while a compile error stays a build failure; and
 * the addons the global setup built are the `.node` files the catalogue names.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fetchProblem } from '../orchestrator/build/addons.ts';
import { addonCrates } from '../orchestrator/paths.ts';
import { mechanismArtifact } from '../contract/registry.ts';
import { artifacts } from './helpers.ts';

describe('addon build', () => {
  it('an unfetchable dependency makes the addon unavailable, saying what to do', () => {
    // cargo 1.95's words, offline with an empty registry.
    const out = 'error: no matching package named `neon` found\nlocation searched: crates.io index\nrequired by package `bt_neon v0.1.0`';
    expect(fetchProblem('bt_neon', out)).toMatch(/^cargo could not fetch bt_neon's dependencies \(error: no matching package named `neon` found\): build once with network access to crates\.io, or vendor them/);
    expect(fetchProblem('bt_neon', 'warning: spurious network error\nerror: failed to download from `https://static.crates.io/crates/neon/1.1.1/download`')).toMatch(/failed to download/);
  });

  it('a compile error is not a fetch problem', () => {
    expect(fetchProblem('bt_neon', 'error[E0599]: no method named `as_slice` found\nerror: could not compile `bt_neon` (lib)')).toBeUndefined();
  });

  it('every addon crate is an artifact some mechanism loads, and was built', () => {
    const loaded = new Set(Object.values(mechanismArtifact));
    for (const name of Object.keys(addonCrates) as (keyof typeof addonCrates)[]) {
      expect(loaded.has(name), name).toBe(true);
      expect(existsSync(artifacts[name]), artifacts[name]).toBe(true);
    }
  });
});
