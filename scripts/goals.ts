/**
 * `pnpm goals`: measures the run-time and agreement goals (issues 11 and 22) on this machine. A
 * benchmark, not a test (the figures move with the machine's load, which it prints):
 *
 *   1. the build, so that nothing after it rebuilds;
 *   2. `pnpm compare --quick` twice, back to back: each one's wall time, and their agreement on
 *      the `call` cells (what `pnpm agreement` measures);
 *   3. full `pnpm compare` (skip it with --skip-full);
 *   4. with --fresh-clone, last: a new user's first answer, `bash setup.sh && pnpm compare
 *      --quick` in a fresh `git clone` of this checkout's HEAD, each part timed (the machine's
 *      caches stay warm: the pnpm store, cargo's registry, the runtimes fetched before).
 *
 * For each run: cells, how many stopped on their target and how many on their cap, the time
 * spent timing cells and floors, where the rest of its time went (`run.phases`), and the load
 * average at its start and end. Extra options go to every compare run (`pnpm goals --
 * --deno-unscoped-ffi`). Results go to temporary folders, or are kept with `--keep <dir>`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { execa } from 'execa';
import { root } from '../orchestrator/paths.ts';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { runAgreement } from '../orchestrator/agreement.ts';
import { build } from '../orchestrator/build.ts';
import { timeLine } from '../orchestrator/compare.ts';
import { formatRatio } from '../orchestrator/reports/model.ts';
import { loads, timedCompare, type TimedRun } from './timed-compare.ts';

/** The goals: seconds for a quick and a full run after the build, and the agreement of two
 *  quick runs on `call` cells (median, and worst no worse than before adaptive measuring). */
export const goals = { quickSeconds: 60, fullSeconds: 300, firstAnswerSeconds: 300, agreementMedian: 1.03, agreementWorst: 1.54 } as const;

const args = process.argv.slice(2).filter((a) => a !== '--');
const skipFull = args.includes('--skip-full');
const freshClone = args.includes('--fresh-clone');
const keepAt = args.indexOf('--keep');
const keep = keepAt >= 0 ? args[keepAt + 1] : undefined;
if (keepAt >= 0 && !keep) {
  console.error('--keep needs a folder to keep the three runs\' results in (pnpm goals --keep /tmp/goals)');
  process.exit(2);
}
const extra = args.filter((a, i) => a !== '--skip-full' && a !== '--fresh-clone' && i !== keepAt && i !== keepAt + 1);

/** A new user's first answer: setup, then a quick compare, in a fresh clone of HEAD. */
async function firstAnswer(dir: string): Promise<{ setup: number; compare: TimedRun; loadStart: number[]; loadEnd: number[] }> {
  const repo = join(dir, 'clone');
  await execa('git', ['clone', '--quiet', root, repo]);
  const loadStart = loadavg();
  console.log(`fresh clone: bash setup.sh (in ${repo})`);
  const t0 = performance.now();
  const s = await execa('bash', ['setup.sh'], { cwd: repo, reject: false, stdout: 'ignore', stderr: 'pipe' });
  const setup = (performance.now() - t0) / 1000;
  if (s.exitCode !== 0) {
    console.error(`setup.sh failed in the fresh clone (exit ${s.exitCode ?? s.signal}):\n${String(s.stderr).trim()}`);
    process.exit(1);
  }
  console.log(`fresh clone: setup ${setup.toFixed(1)} s`);
  const compare = await timedCompare('fresh clone', ['--quick', ...extra], join(dir, 'fresh'), repo);
  return { setup, compare, loadStart, loadEnd: loadavg() };
}

function summary(name: string, r: TimedRun): string {
  const timed = r.results.cells.filter((c) => c.stats);
  const capped = timed.filter((c) => c.stats!.stop === 'cap').length;
  const cellMs = timed.reduce((a, c) => a + (c.stats!.timedMs ?? 0), 0);
  const floorMs = r.results.runtimes.flatMap((x) => x.harness?.floors ?? []).reduce((a, f) => a + (f.stats.timedMs ?? 0), 0);
  const env = r.results.environment;
  return `${name}: ${r.seconds.toFixed(1)} s wall; ${r.results.cells.length} cells (${timed.length - capped} stopped on target, ${capped} on cap), `
    + `${r.results.failures.length} failures; timing cells ${(cellMs / 1000).toFixed(1)} s, floors ${(floorMs / 1000).toFixed(1)} s; `
    + `load ${loads(env.loadAverageStart)} at start, ${loads(env.loadAverage)} at end\n  ${timeLine(r.results)}`;
}

const verdict = (value: number, goal: number, unit: string) =>
  value <= goal ? `met (${value.toFixed(2)}${unit} ≤ ${goal}${unit})` : `MISSED by ${(value - goal).toFixed(2)}${unit} (${value.toFixed(2)}${unit} > ${goal}${unit})`;

const dir = keep ? resolve(keep) : await mkdtemp(join(tmpdir(), 'bridgetax-goals-'));
try {
  const b = await build();
  console.log(`build: ${b.seconds.toFixed(1)} s (native ${b.nativeBuilt ? 'rebuilt' : 'fresh'})`);
  const qa = await timedCompare('quick a', ['--quick', ...extra], join(dir, 'qa'));
  const qb = await timedCompare('quick b', ['--quick', ...extra], join(dir, 'qb'));
  const full = skipFull ? undefined : await timedCompare('full', extra, join(dir, 'full'));
  const first = freshClone ? await firstAnswer(dir) : undefined;
  const agreement = runAgreement(qa.results, qb.results);

  console.log('');
  console.log(summary('quick a', qa));
  console.log(summary('quick b', qb));
  if (full) console.log(summary('full', full));
  if (first) {
    const build = first.compare.results.run.phases?.filter((p) => p.phase === 'build').reduce((a, p) => a + p.ms, 0) ?? 0;
    console.log(`fresh clone: setup.sh ${first.setup.toFixed(1)} s, then pnpm compare --quick ${first.compare.seconds.toFixed(1)} s (its build ${(build / 1000).toFixed(1)} s); `
      + `load ${loads(first.loadStart)} at start, ${loads(first.loadEnd)} at end\n  ${timeLine(first.compare.results)}`);
  }
  console.log(`agreement of quick a and b: ${agreement.cells} call cells, median ${formatRatio(agreement.median)}, `
    + `worst ${agreement.worst ? `${formatRatio(agreement.worst.ratio)} (${agreement.worst.cell})` : 'n/a'}; `
    + `quick b ran at ${formatRatio(agreement.shift)} quick a's times machine-wide, and with that divided out the median is ${formatRatio(agreement.medianAfterShift)}`);
  console.log('');
  console.log(`goal quick ≤ ${goals.quickSeconds} s:   ${verdict(Math.max(qa.seconds, qb.seconds), goals.quickSeconds, ' s')} (slower of the two)`);
  if (full) console.log(`goal full ≤ ${goals.fullSeconds} s:   ${verdict(full.seconds, goals.fullSeconds, ' s')}`);
  if (first) console.log(`goal fresh clone to first answer ≤ ${goals.firstAnswerSeconds} s:   ${verdict(first.setup + first.compare.seconds, goals.firstAnswerSeconds, ' s')}`);
  console.log(`goal agreement median ≤ ${goals.agreementMedian}x: ${verdict(agreement.median, goals.agreementMedian, 'x')}`);
  if (agreement.worst) console.log(`goal agreement worst ≤ ${goals.agreementWorst}x:  ${verdict(agreement.worst.ratio, goals.agreementWorst, 'x')}`);
} finally {
  if (keep) console.log(`results kept in ${dir}/{qa,qb,full${freshClone ? ',fresh,clone' : ''}}`);
  else await rm(dir, { recursive: true, force: true });
}
