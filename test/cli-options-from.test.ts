/**
 * What `compare` and `ab` run, built from their parsed flags by pure functions: every flag lands
 * in the run's options, defaults fill the rest, and what the process supplies (argv, a fresh seed,
 * where progress goes) comes from the context given.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abOptionsFrom, type AbFlags } from '../orchestrator/cli/ab.ts';
import { compareOptionsFrom, type CompareFlags } from '../orchestrator/cli/compare.ts';
import type { RunContext } from '../orchestrator/cli/output.ts';
import { UsageError } from '../orchestrator/errors.ts';
import { artifactPaths, root } from '../orchestrator/paths.ts';

const print = (line: string) => void line;
const statusLine = (line: string) => void line;
const context = (over: Partial<RunContext> = {}): RunContext => ({ argv: ['compare', '--quick'], newSeed: () => 42, output: { print, width: 160 }, ...over });
const diffDefaults = { threshold: 1.1, alpha: 0.01 };

describe('compareOptionsFrom', () => {
  it('with no flags: a full run, the defaults, a fresh seed and the context\'s output', () => {
    expect(compareOptionsFrom({ outDir: 'results', ...diffDefaults }, context())).toEqual({
      mode: 'full', outDir: resolve('results'), seed: 42, timeoutSeconds: 1800, argv: ['compare', '--quick'], print, width: 160,
    });
  });

  it('every flag lands where compare() reads it', () => {
    const flags: CompareFlags = {
      quick: true, runtimes: ['node', 'bun@1.2'], runtime: ['bun:patched=/opt/bun'], mechanisms: ['napi'], workloads: ['add_i32'],
      outDir: '/tmp/out', timeout: 60, denoUnscopedFfi: true, repeat: 3, seed: 7, verbose: true, ...diffDefaults,
    };
    expect(compareOptionsFrom(flags, context({ newSeed: () => { throw new Error('a seed was given'); }, output: { print, statusLine, width: 99 } }))).toEqual({
      mode: 'quick', runtimes: ['node', 'bun@1.2'], given: ['bun:patched=/opt/bun'], mechanisms: ['napi'], workloads: ['add_i32'],
      outDir: '/tmp/out', seed: 7, repeat: 3, timeoutSeconds: 60, denoUnscopedFfi: true, verbose: true, argv: ['compare', '--quick'],
      print, statusLine, width: 99,
    });
  });

  it('--verify-only is the verify mode, with the short time limit', () => {
    const o = compareOptionsFrom({ verifyOnly: true, outDir: 'r', ...diffDefaults }, context());
    expect([o.mode, o.timeoutSeconds]).toEqual(['verify', 300]);
  });

  it('refuses --repeat above 1 with --verify-only, and lets --repeat 1 through', () => {
    expect(() => compareOptionsFrom({ verifyOnly: true, repeat: 3, outDir: 'r', ...diffDefaults }, context()))
      .toThrow(new UsageError('--repeat and --verify-only conflict: verify-only times nothing to repeat'));
    expect(compareOptionsFrom({ verifyOnly: true, repeat: 1, outDir: 'r', ...diffDefaults }, context()).repeat).toBe(1);
  });
});

describe('abOptionsFrom', () => {
  const flags: AbFlags = { rounds: 10, labelA: 'A', labelB: 'B', outDir: 'results', threshold: 1.05, alpha: 0.01, format: 'text' };

  it('with no flags: two unswapped sides, quick rounds, the defaults and a fresh seed', () => {
    expect(abOptionsFrom('node', 'bun=/opt/bun', flags, context({ argv: ['ab', 'node', 'bun=/opt/bun'] }))).toEqual({
      a: { runtime: 'node', label: 'A' }, b: { runtime: 'bun=/opt/bun', label: 'B' },
      rounds: 10, mode: 'quick', outDir: resolve('results'), timeoutSeconds: 300, seed: 42, threshold: 1.05, alpha: 0.01,
      argv: ['ab', 'node', 'bun=/opt/bun'], print,
    });
  });

  it('every flag lands where runAb reads it; the table width is not an A/B option', () => {
    const o = abOptionsFrom('node@26.10.0', 'node@26.10.0', {
      ...flags, rounds: 6, labelA: 'base', labelB: 'pr', full: true, mechanisms: ['napi', 'koffi'], workloads: ['noop'],
      outDir: '/tmp/ab', timeout: 90, threshold: 1.2, alpha: 0.05, denoUnscopedFfi: true, seed: 5,
    }, context({ output: { print, statusLine, width: 80 } }));
    expect(o).toEqual({
      a: { runtime: 'node@26.10.0', label: 'base' }, b: { runtime: 'node@26.10.0', label: 'pr' },
      rounds: 6, mode: 'full', outDir: '/tmp/ab', timeoutSeconds: 90, seed: 5, threshold: 1.2, alpha: 0.05, argv: ['compare', '--quick'],
      mechanisms: ['napi', 'koffi'], workloads: ['noop'], denoUnscopedFfi: true, print, statusLine,
    });
  });

  it('swaps a whole checkout\'s artifacts, then single files over them, on one side only', () => {
    const built = artifactPaths(root);
    expect(existsSync(built.lib), 'the test setup builds the library').toBe(true);
    const other = join(mkdtempSync(join(tmpdir(), 'bridgetax-ab-from-')), 'other.node');
    writeFileSync(other, '');
    const o = abOptionsFrom('node', 'node', { ...flags, artifactsFromB: root, artifactB: [`napi=${other}`] }, context());
    expect(o.a.artifacts).toBeUndefined();
    expect(o.b.artifacts?.napi).toBe(other);
    expect(o.b.artifacts?.lib).toBe(built.lib);
  });

  it('refuses a swapped file that does not exist before anything runs', () => {
    expect(() => abOptionsFrom('node', 'node', { ...flags, artifactA: ['napi=/nonexistent/x.node'] }, context()))
      .toThrow(new UsageError('artifact napi=/nonexistent/x.node: no such file'));
  });
});
