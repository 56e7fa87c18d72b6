/**
 * `bridgetax ab` and `compare --runtime` refuse bad input before anything is measured, saying what
 * is wrong and what to do (exit code 2); labels keep two builds of one version apart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { labelled, parseGivenRuntime, relabel } from '../orchestrator/columns.ts';
import { root } from '../orchestrator/paths.ts';
import { projectNode } from './helpers.ts';

const outDir = mkdtempSync(join(tmpdir(), 'bridgetax-ab-bad-'));
const cli = (args: string[]) => execa(projectNode, [join(root, 'orchestrator', 'cli.ts'), ...args], { reject: false, stdin: 'ignore', cwd: root, timeout: 120_000 });

describe('ab refuses bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['one round', ['ab', 'node', 'node', '--rounds', '1'], /--rounds.*integer from 2 to 50/],
    ['a runtime path that does not exist', ['ab', 'bun=/nonexistent/bun', 'node'], /bun=\/nonexistent\/bun: no such file/],
    ['a path given for no runtime', ['ab', 'node', 'python=/usr/bin/python3'], /python is not a runtime a path can be given for/],
    ['an unknown artifact', ['ab', 'node', 'node', '--artifact-b', 'nope=/tmp/x.node'], /artifact "nope" is unknown; valid: lib, napi/],
    ['an artifact file that does not exist', ['ab', 'node', 'node', '--artifact-b', 'napi=/nonexistent/x.node'], /napi=\/nonexistent\/x\.node: no such file/],
    ['a checkout with nothing built', ['ab', 'node', 'node', '--artifacts-from-a', outDir], /no built artifact found.*build that checkout first/],
    ['both sides with one label', ['ab', 'node', 'node', '--label-a', 'X', '--label-b', 'X', '--workloads', 'add_i32'], /both sides are labelled "X"/],
    ['compare --runtime without a path', ['compare', '--verify-only', '--runtime', 'bun'], /--runtime "bun": give <runtime>=<path>/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await cli([...args, ...(args[0] === 'ab' || args[0] === 'compare' ? ['--out-dir', outDir] : [])]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }
});

describe('labelled columns', () => {
  it('parse a label from the entry and put it in the column id', () => {
    expect(parseGivenRuntime('bun:patched=/opt/bun')).toEqual({ name: 'bun', path: '/opt/bun', label: 'patched' });
    expect(parseGivenRuntime('node@26.10.0')).toBeUndefined();
    const r = labelled({ id: 'bun@1.4.4', name: 'bun', version: '1.4.4', execPath: '/opt/bun', source: 'given' }, 'B');
    expect(r.id).toBe('bun@1.4.4#B');
    expect(() => labelled(r, 'a b')).toThrow(/label "a b"/);
  });

  it('move a runner document to the labelled column, swapped artifacts recorded', () => {
    const r = labelled({ id: 'bun@1.4.4', name: 'bun', version: '1.4.4', execPath: '/opt/bun', source: 'given' }, 'B');
    const doc = {
      runtime: { id: 'bun@1.4.4', name: 'bun', version: '1.4.4', execPath: '/opt/bun' },
      cells: [{ runtime: 'bun@1.4.4' }], skipped: [{ runtime: 'bun@1.4.4' }], failures: [],
    } as unknown as Parameters<typeof relabel>[0];
    const out = relabel(doc, r, { napi: '/tmp/other.node' });
    expect(out.runtime).toMatchObject({ id: 'bun@1.4.4#B', label: 'B', swapped: { napi: '/tmp/other.node' } });
    expect(out.cells.map((c) => c.runtime)).toEqual(['bun@1.4.4#B']);
    expect(out.skipped.map((c) => c.runtime)).toEqual(['bun@1.4.4#B']);
  });
});
