/**
 * Adapters are found by their mechanism id alone (runners/shared/adapters.ts): a runtime's own
 * API at runners/<runtime>/<id>.ts, every other at runners/shared/mechanisms/<id>.ts. Every id
 * in the registry a runtime has resolves to an adapter with that id, and no adapter file sits
 * where no registry id points (a file the runners would never load).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mechanismIds, runtimeNames, runtimeOwnMechanisms } from '../contract/registry.ts';
import { adaptersFor, mechanismsOf } from '../runners/shared/adapters.ts';
import { root } from '../orchestrator/paths.ts';

describe('adapter files are named for their mechanism', () => {
  for (const rt of runtimeNames) {
    it(`${rt}: every mechanism it has resolves to the adapter of that id`, async () => {
      const ids = mechanismsOf(rt);
      // Every shared mechanism, its own FFI, and no other runtime's.
      expect(ids).toContain('js');
      expect(ids).toContain('napi');
      expect(ids).toContain(`${rt}-ffi`);
      expect(ids.filter((id) => runtimeOwnMechanisms[id])).toEqual([`${rt}-ffi`]);
      const adapters = await adaptersFor(rt);
      expect(adapters.map((a) => a.id)).toEqual(ids);
    });
  }

  it('every adapter file is a registry id, in the folder the registry says', () => {
    const shared = readdirSync(join(root, 'runners', 'shared', 'mechanisms')).map((f) => f.replace(/\.ts$/, ''));
    expect(shared.sort()).toEqual(mechanismIds.filter((id) => !runtimeOwnMechanisms[id]).sort());
    for (const rt of runtimeNames) {
      const own = readdirSync(join(root, 'runners', rt)).filter((f) => f.endsWith('-ffi.ts')).map((f) => f.replace(/\.ts$/, ''));
      expect(own).toEqual([`${rt}-ffi`]);
    }
  });
});
