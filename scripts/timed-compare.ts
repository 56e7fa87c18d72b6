/**
 * One `pnpm compare` run in a child process, its results in a folder of their own and its wall
 * time measured: what the benchmark scripts (agreement.ts, goals.ts) are made of. Of the child's
 * stdout only its build line is kept (what was built, part by part: the results do not hold
 * it), the rest being in the results; a run that fails ends the script.
 */
import { join } from 'node:path';
import process from 'node:process';
import { execa } from 'execa';
import { root } from '../orchestrator/paths.ts';
import type { Results } from '../contract/results.ts';
import { readResults } from '../orchestrator/store.ts';

/** A finished run: its results and how long it took end to end. */
export interface TimedRun {
  results: Results;
  seconds: number;
  /** The run's `Build: …` line. */
  buildLine?: string;
}

/** Runs `pnpm compare <args> --out-dir <out>` and reads back its latest.json; `at`: in another
 *  checkout (a fresh clone), through its own `pnpm compare` as a user would type it. */
export async function timedCompare(name: string, args: readonly string[], out: string, at?: string): Promise<TimedRun> {
  console.log(`${name}: pnpm compare ${args.join(' ')} (results in ${out}${at ? `, in ${at}` : ''})`);
  const t0 = performance.now();
  const r = at
    ? await execa('pnpm', ['compare', ...args, '--out-dir', out], { cwd: at, reject: false, stdout: 'pipe', stderr: 'pipe' })
    : await execa(process.execPath, [join(root, 'orchestrator', 'cli.ts'), 'compare', ...args, '--out-dir', out],
      { cwd: root, reject: false, stdout: 'pipe', stderr: 'pipe' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) {
    console.error(`${name} failed (exit ${r.exitCode ?? r.signal}):\n${String(r.stderr).trim()}`);
    process.exit(1);
  }
  const buildLine = String(r.stdout).split('\n').find((l) => l.startsWith('Build: '));
  console.log(`${name}: ${seconds.toFixed(1)} s${buildLine ? `\n  ${buildLine}` : ''}`);
  return { results: await readResults(join(out, 'latest.json')), seconds, ...(buildLine ? { buildLine } : {}) };
}

/** Load averages (1, 5, 15 min) in one short string, or n/a. */
export const loads = (l: readonly number[] | null | undefined): string => l?.map((x) => x.toFixed(2)).join(' ') ?? 'n/a';
