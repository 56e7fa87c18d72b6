/**
 * DESIGN.md layering, with no allow-list: contract/ imports nothing of the project and no package
 * but zod (its seeded generator is written out in contract/random.ts); the orchestrator
 * imports contract/ and never runners/; runners import contract/ and their own; nothing imports
 * upward; and no module is part of an import circle.
 *
 * The circle check walks the import statements itself: the imports here are plain relative
 * specifiers, and a graph library (madge, dpdm) would bring a parser and dozens of packages to
 * read what one regular expression reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const codeDirs = ['contract', 'orchestrator', 'runners', 'scripts'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'node_modules' ? [] : tsFiles(join(dir, e.name))) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Every import and re-export specifier of a file, value and type alike, static and dynamic. */
export function specifiers(src: string): string[] {
  return [...src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The project files a file imports, relative to the root. */
function projectImports(file: string): string[] {
  return specifiers(readFileSync(join(root, file), 'utf8')).filter((s) => s.startsWith('.'))
    .map((s) => relative(root, normalize(join(dirname(join(root, file)), s))));
}

const files = codeDirs.flatMap((d) => tsFiles(join(root, d))).map((f) => relative(root, f));
const graph = new Map(files.map((f) => [f, projectImports(f)]));

/** The import circles of a graph, each once, as the list of files around it. */
export function circles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of g.get(f) ?? []) {
      if (state.get(t) === 'open') found.push(stack.slice(stack.indexOf(t)));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of g.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('layering', () => {
  it('contract/ imports nothing of the project outside itself, and only zod', () => {
    for (const f of files.filter((x) => x.startsWith('contract/'))) {
      for (const t of graph.get(f)!) expect(t.startsWith('contract/') ? t : `${f} imports ${t}`).toBe(t);
      const packages = specifiers(readFileSync(join(root, f), 'utf8')).filter((s) => !s.startsWith('.'));
      for (const p of packages) expect(p === 'zod' || p.startsWith('zod/'), `${f} imports ${p}`).toBe(true);
    }
  });

  it('the orchestrator imports contract/ and itself, never runners/, and no runtime API', () => {
    for (const f of files.filter((x) => x.startsWith('orchestrator/'))) {
      for (const t of graph.get(f)!) expect(/^(contract|orchestrator)\//.test(t), `${f} imports ${t}`).toBe(true);
      expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/from 'bun:|Deno\.(dlopen|UnsafePointer)|from 'node:ffi'/);
    }
  });

  it('runners import contract/, runners/shared/ and their own folder only', () => {
    for (const f of files.filter((x) => x.startsWith('runners/'))) {
      const own = f.split('/').slice(0, 2).join('/');
      for (const t of graph.get(f)!) expect(t.startsWith('contract/') || t.startsWith('runners/shared/') || t.startsWith(`${own}/`), `${f} imports ${t}`).toBe(true);
    }
  });

  it('shared runner code uses no runtime-specific API', () => {
    for (const f of files.filter((x) => x.startsWith('runners/shared/'))) {
      expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/from 'bun:|Deno\.dlopen\(|from 'node:ffi'|import\('node:ffi'\)/);
    }
  });

  it('no module is part of an import circle', () => {
    expect(circles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the circle finder finds a circle, and none in a chain', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('reads every kind of import statement', () => {
    expect(specifiers("import { a } from './a.ts';\nimport type { B } from '../b.ts';\nexport * from './c.ts';\nconst d = await import('./d.ts');\nimport './e.ts';"))
      .toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts']);
  });
});
