/**
 * A runtime named on the command line but not installed: its column is a failure saying so and
 * what was found, the other columns run whole, and the exit code is 1. When none of the named
 * runtimes is here, nothing runs and nothing is written (exit code 3).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, selectRuntimes, type CompareOptions } from '../orchestrator/compare.ts';
import { exitCodes, RunError } from '../orchestrator/errors.ts';
import { node26, runtimes } from './helpers.ts';

const found = await runtimes();

function options(runtimes: string[], lines: string[]): CompareOptions {
  return {
    mode: 'verify', runtimes, mechanisms: ['js', 'napi'], workloads: ['add_i32'], timeoutSeconds: 120, argv: [], width: 120, seed: 1,
    outDir: mkdtempSync(join(tmpdir(), 'bridgetax-missing-')), print: (l) => lines.push(l),
  };
}

describe('a runtime named but not installed', () => {
  it('is a failure naming it and what was found; the others are chosen', () => {
    const withoutBun = found.filter((r) => r.name !== 'bun');
    const { chosen, missing } = selectRuntimes(withoutBun, ['bun', 'node']);
    expect(chosen).toEqual(withoutBun.filter((r) => r.name === 'node'));
    expect(missing).toEqual([{
      runtime: 'bun',
      reason: `not installed: no bun was found (found: ${withoutBun.map((r) => r.id).join(', ')}); run \`pnpm install\` or put it on PATH`,
    }]);
  });

  it('costs its column only: the others run whole, exit code 1', async () => {
    const present = await node26();
    const lines: string[] = [];
    const o = options([present.id, 'bun@0.0.1'], lines);
    const { results, written, exitCode } = await compare(o);
    expect(exitCode).toBe(exitCodes.failures);
    expect(lines).toContain(`bun@0.0.1: not installed: no bun@0.0.1 was found (found: ${found.map((r) => r.id).join(', ')}); run \`pnpm install\` or put it on PATH`);
    expect(results.failures.map((f) => f.runtime)).toEqual(['bun@0.0.1']);
    // napi at each napi-rs version built (rustlib's and the pinned one).
    expect(results.cells.map((c) => `${c.runtime} ${c.mechanism} ${c.verified}`)).toEqual([`${present.id} js true`, `${present.id} napi true`, `${present.id} napi true`]);
    expect(new Set(results.cells.filter((c) => c.mechanism === 'napi').map((c) => c.mechanismVersion)).size).toBe(2);
    expect(readFileSync(written.markdown, 'utf8')).toMatch(/`bun@0\.0\.1`: not installed: no bun@0\.0\.1 was found/);
  });

  it('when none of the named runtimes is here, nothing runs and nothing is written', async () => {
    const lines: string[] = [];
    const o = options(['bun@0.0.1', 'deno@0.0.1'], lines);
    await expect(compare(o)).rejects.toThrow(new RunError('none of the runtimes asked for is installed: nothing to run'));
    expect(lines.filter((l) => /not installed/.test(l))).toHaveLength(2);
    expect(lines.some((l) => /^Runtimes:|^Building/.test(l))).toBe(false);
    expect(readdirSync(o.outDir)).toEqual([]);
  });
});
