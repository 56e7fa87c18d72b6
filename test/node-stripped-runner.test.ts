/**
 * Node columns run the runner stripped of its types ahead of time (orchestrator/node-js.ts):
 * the stripped tree is complete, its imports point at its own `.js` files, and a Node that
 * cannot strip TypeScript itself (the PATH Node 20 here) runs its load entry to a verified call.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripSource, strippedEntry, strippedTree } from '../orchestrator/node-js.ts';
import { root } from '../orchestrator/paths.ts';
import { runnerCommand } from '../orchestrator/spawn.ts';

describe('the stripped Node runner', () => {
  it('strips types and points relative .ts specifiers, computed ones too, at .js files', () => {
    const code = stripSource("import { a } from './a.ts';\nconst f = (x: number): string => `../${x}/b.ts`;\nimport y from 'pkg/c.ts';\n", 'x.ts');
    expect(code).toContain("from './a.js'");
    expect(code).toContain('`../${x}/b.js`');
    // A package's own path is not the project's: left alone.
    expect(code).toContain("'pkg/c.ts'");
    expect(code).not.toContain(': number');
    expect(() => stripSource('enum E { A }', join(root, 'contract', 'bad.ts'))).toThrow(/contract\/bad\.ts cannot be stripped of its types/);
  });

  it('maps the project runner to its stripped file, and a test entry to none', () => {
    const main = strippedEntry(join(root, 'runners', 'node', 'main.ts'))!;
    expect(main.startsWith(strippedTree())).toBe(true);
    expect(existsSync(main)).toBe(true);
    expect(readFileSync(main, 'utf8')).not.toMatch(/from '\.{1,2}\/[^']*\.ts'/);
    expect(strippedEntry(join(root, 'test', 'faults', 'entry.ts'))).toBeUndefined();
    // The same sources, the same tree: made once.
    expect(strippedTree()).toBe(strippedTree());
  });

  it('is what a Node column runs, with no type-stripping loader', () => {
    const runtime = { name: 'node', version: '20.20.2', id: 'node@20.20.2', execPath: '/usr/bin/node', source: 'path' } as const;
    const cmd = runnerCommand({ runtime, artifacts: {}, mode: 'verify', timeoutMs: 1000 } as Parameters<typeof runnerCommand>[0], '/tmp/out.json');
    expect(cmd.args.some((a) => a.endsWith(join('runners', 'node', 'main.js')))).toBe(true);
    expect(cmd.args.join(' ')).not.toContain('tsx');
  });

  it.runIf(existsSync('/usr/bin/node'))('runs its load entry to a verified call in a Node without type stripping', () => {
    const out = join(strippedTree(), '..', `load-${process.pid}.json`);
    execFileSync('/usr/bin/node', [strippedEntry(join(root, 'runners', 'shared', 'load.ts'))!, '--out', out], { stdio: 'pipe' });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { outcome: string; runtime: { name: string } };
    rmSync(out);
    expect(doc).toMatchObject({ outcome: 'verified', runtime: { name: 'node' } });
  });
});
