/**
 * The load entry finds an adapter by its mechanism id alone (runners/shared/load.ts): a
 * runtime's own API at runners/<runtime>/<id>.ts, every other at runners/shared/mechanisms/<id>.ts.
 * Every adapter a runner lists must sit where that rule looks, or its load cell would fail.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runtimeNames, runtimeOwnMechanisms, type MechanismId } from '../contract/registry.ts';
import type { Mechanism } from '../runners/shared/mechanism.ts';
import { root } from '../orchestrator/paths.ts';

describe('adapter files are named for their mechanism', () => {
  for (const rt of runtimeNames) {
    it(`${rt}: every adapter its runner lists is where the load entry looks`, async () => {
      const main = join(root, 'runners', rt, 'main.ts');
      const imports = [...readFileSync(main, 'utf8').matchAll(/from '(\.[^']+\.ts)'/g)].map((m) => join(dirname(main), m[1]!));
      const adapters = imports.filter((f) => !/runner\.ts$/.test(f));
      expect(adapters.length).toBeGreaterThan(3);
      for (const file of adapters) {
        const mod = await import(pathToFileURL(file).href) as Record<string, unknown>;
        const m = Object.values(mod).find((v): v is Mechanism => typeof v === 'object' && v !== null && 'load' in v && 'id' in v);
        expect(m, file).toBeDefined();
        const id = m!.id as MechanismId;
        const where = runtimeOwnMechanisms[id] ? join('runners', rt) : join('runners', 'shared', 'mechanisms');
        expect(relative(root, file), id).toBe(join(where, `${id}.ts`));
        expect(basename(file, '.ts')).toBe(id);
      }
    });
  }
});
