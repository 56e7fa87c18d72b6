/**
 * A results folder that can't be written is refused before anything is measured, with the
 * folder and the cause, and exit code 3; one that fails only after measuring keeps the run in
 * the temporary folder. Either way the earlier results there are untouched.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compare } from '../orchestrator/compare.ts';
import { exitCodes, RunError } from '../orchestrator/errors.ts';
import { parseResults } from '../contract/results.ts';
import { writeResults } from '../orchestrator/store.ts';
import { mergedFixture } from './fixtures.ts';
import { runCli } from './helpers.ts';

const locked: string[] = [];

/** Makes `dir` refuse new files: a read-only mode, or for root (which ignores modes) the
 *  immutable attribute. Checked, so the test can't pass on a folder that is still writable. */
function makeUnwritable(dir: string): void {
  if (process.getuid?.() === 0) execFileSync('chattr', ['+i', dir]);
  else chmodSync(dir, 0o555);
  locked.push(dir);
  expect(() => writeFileSync(join(dir, 'probe'), ''), `${dir} is still writable`).toThrow();
}

afterEach(async () => {
  for (const dir of locked.splice(0)) {
    if (process.getuid?.() === 0) execFileSync('chattr', ['-i', dir]);
    else chmodSync(dir, 0o755);
    await rm(dir, { recursive: true, force: true });
  }
});

/** A folder holding one earlier run, and its files' bytes. */
async function earlierRun(): Promise<{ dir: string; before: Map<string, Buffer> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bridgetax-locked-'));
  await writeResults(mergedFixture(), dir);
  return { dir, before: new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))])) };
}

function expectUntouched(dir: string, before: Map<string, Buffer>): void {
  expect(readdirSync(dir).sort()).toEqual([...before.keys()].sort());
  for (const [f, bytes] of before) expect(readFileSync(join(dir, f)).equals(bytes), f).toBe(true);
}

describe('an unwritable results folder', () => {
  it('is refused before anything runs, with exit code 3', async () => {
    const { dir, before } = await earlierRun();
    makeUnwritable(dir);
    const r = await runCli(['--verify-only', '--runtimes', 'node', '--out-dir', dir]);
    expect(r.exitCode, r.stderr).toBe(exitCodes.notRun);
    expect(r.stderr).toContain(`bridgetax: cannot write results to ${dir} (`);
    expect(r.stderr).toMatch(/\((EACCES|EPERM)[^)]*\); make it writable or pass another --out-dir\. Nothing was run/);
    expect(r.stdout).not.toMatch(/Runtimes:|Building/);
    expectUntouched(dir, before);
  });

  it('failing after measuring keeps the run in the temporary folder', async () => {
    const { dir, before } = await earlierRun();
    const run = compare({
      mode: 'verify', runtimes: ['node'], mechanisms: ['js'], workloads: ['add_i32'], outDir: dir, timeoutSeconds: 120, seed: 1,
      argv: [], width: 120,
      // The folder passed the check at the start; it breaks while the first column runs.
      print: (line) => { if (/: running$/.test(line) && !locked.includes(dir)) makeUnwritable(dir); },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    const m = /^could not write results to (.+?) \((EACCES|EPERM).*\); this run was saved to (.+) instead$/.exec((error as Error).message);
    expect(m?.[1]).toBe(dir);
    const saved = m?.[3];
    expect(saved && existsSync(saved)).toBe(true);
    const rescued = parseResults(JSON.parse(readFileSync(saved!, 'utf8')), saved);
    expect(rescued.cells.filter((c) => c.verified).length).toBeGreaterThan(0);
    await rm(saved!, { force: true });
    expectUntouched(dir, before);
  });
});
