/**
 * DESIGN.md layering: the orchestrator never imports runtime code. From runners/ it may read
 * only the runtime-neutral data modules (catalogue, document shapes, version compare,
 * duration format) and the pure statistics every cell's interval comes from (the bootstrap and
 * its seeded generator), which the load group computes in the orchestrator as the runners do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const allowed = new Set(['runners/shared/catalogue.ts', 'runners/shared/document.ts', 'runners/shared/runtime.ts', 'runners/shared/format.ts',
  'runners/shared/bootstrap.ts', 'runners/shared/shuffle.ts']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

describe('layering', () => {
  const root = new URL('..', import.meta.url).pathname;
  it('orchestrator imports from runners/ only the neutral data modules', () => {
    for (const file of tsFiles(join(root, 'orchestrator'))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/from '((?:\.\.\/)+runners\/[^']+)'/g)) {
        const target = m[1]!.replace(/^(\.\.\/)+/, '');
        expect(allowed.has(target), `${file} imports ${target}`).toBe(true);
      }
      expect(src, file).not.toMatch(/from 'bun:|Deno\.(dlopen|UnsafePointer)|from 'node:ffi'/);
    }
  });

  it('shared runner code uses no runtime-specific API', () => {
    for (const file of tsFiles(join(root, 'runners', 'shared'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from 'bun:|Deno\.dlopen\(|from 'node:ffi'|import\('node:ffi'\)/);
    }
  });
});
