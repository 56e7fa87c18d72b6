/**
 * The last phases of a compare run: merge the columns into one results document (checked for
 * impossible figures), write it (or rescue it), and report it: a screen that ends on the answer
 * (the full tables are in the files), the repeats' agreement, where the time went and the files.
 */
import { isAbsolute, relative } from 'node:path';
import type { Failure, Skip } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { repeatAgreement } from '../agreement.ts';
import type { BuildResult } from '../build.ts';
import { assertSane } from '../credibility.ts';
import { collectEnvironment } from '../environment.ts';
import { exitCodes, RunError } from '../errors.ts';
import { merge, type ColumnOutcome } from '../merge.ts';
import { phaseTotals, type PhaseClock } from '../phases.ts';
import { assertRunning } from '../processes.ts';
import { formatRatio } from '../reports/model.ts';
import { renderSummaryScreen, renderTerminal } from '../reports/terminal.ts';
import { rescueResults, writeResults, type Written } from '../store.ts';
import { roundsOf, type CompareOptions, type RunStart } from './options.ts';

/** What the merge needs beyond the options and the clock. */
export interface MergeRunInput {
  start: RunStart;
  built: Pick<BuildResult, 'wasm' | 'frameworks' | 'user'>;
  columns: ColumnOutcome[];
  /** Every skip and failure decided outside the runners (discovery, build, service). */
  skipped: Skip[];
  failures: Failure[];
}

/** Phase 7: the columns merged into one results document with the environment, checked loudly
 *  for impossible figures; a signal that arrived since the last process ended stops the run
 *  here, so nothing is written. */
export async function mergeRun(o: CompareOptions, clock: PhaseClock, input: MergeRunInput): Promise<Results> {
  const { start: { id, startedAt, loadAverageStart }, built, columns, skipped, failures } = input;
  const wasmRustc = 'unavailable' in built.wasm ? null : built.wasm.rustc;
  const results = merge({
    id, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode: o.mode, argv: o.argv,
    environment: await collectEnvironment(wasmRustc, loadAverageStart, built.frameworks), columns, skipped, failures,
    ...(o.mode === 'verify' ? {} : { seed: o.seed, repeat: roundsOf(o) }), phases: clock.phases,
    ...(built.user ? { userWorkloads: built.user.provenance } : {}),
  });
  // Loud, before anything is written: impossible figures are named one by one.
  assertSane(results);
  // A signal that arrived since the last process ended: it stops the run, so nothing is written.
  assertRunning();
  return results;
}

/** Phase 8: the results written to `outDir` (the run, latest, Markdown, HTML), or rescued to
 *  the temporary folder when that fails now. */
export async function writeRun(results: Results, outDir: string): Promise<Written> {
  try {
    return await writeResults(results, outDir);
  } catch (e) {
    // The folder passed the check at the start but failed now (full disk, permissions changed):
    // keep the measurements somewhere rather than lose the run.
    const saved = await rescueResults(results);
    throw new RunError(`could not write results to ${outDir} (${(e as Error).message}); `
      + (saved ? `this run was saved to ${saved} instead` : 'saving it to the temporary folder failed too'));
  }
}

/** Phase 9: the run printed, ending on the answer: with `verbose` the full tables first, then
 *  the summary screen (failures, summary, best bridges, flags), the repeats' agreement, where the
 *  time went and where the files are. Returns the exit code. */
export function reportRun(o: Pick<CompareOptions, 'print' | 'width' | 'repeat' | 'verbose'>, results: Results, written: Written): number {
  o.print('');
  if (o.verbose) o.print(`${renderTerminal(results, o.width)}\n`);
  o.print(renderSummaryScreen(results, o.width));
  const agreement = repeatAgreement(results);
  if (agreement?.worst) {
    o.print(`Repeats: ${roundsOf(o)} rounds per column; call cells agree within ${formatRatio(agreement.median)} (median of slowest/fastest round over ${agreement.cells} cells), worst ${formatRatio(agreement.worst.ratio)} (${agreement.worst.cell}).`);
  }
  o.print(timeLine(results));
  for (const l of filesLines(written)) o.print(l);
  const failures = results.failures.length;
  if (failures) o.print(`${failures} failure(s): listed above.`);
  return failures ? exitCodes.failures : exitCodes.ok;
}

/** Where the run's files are, and how to see the full tables. */
export function filesLines(written: Written, cwd = process.cwd()): string[] {
  // Paths under the working folder are shown relative to it: shorter, and a command to copy.
  const show = (p: string) => {
    const r = relative(cwd, p);
    return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
  };
  return [
    `Wrote ${show(written.run)} (also ${show(written.latest)})`,
    `  full tables: ${show(written.markdown)}, ${show(written.html)}, or here: pnpm bridgetax report ${show(written.latest)}`,
  ];
}

/** Where the run's time went, in one line: each phase summed over columns, and the part of the
 *  runners' time that timed cells and floors (the rest is process starts, loading, verifying). */
export function timeLine(results: Results): string {
  const phases = results.run.phases ?? [];
  const totals = phaseTotals(phases);
  const s = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
  const timing = results.cells.reduce((a, c) => a + (c.group === 'load' ? 0 : c.stats?.timedMs ?? 0), 0)
    + results.runtimes.flatMap((r) => r.harness?.floors ?? []).reduce((a, f) => a + (f.stats.timedMs ?? 0), 0);
  const wall = Date.parse(results.run.finishedAt) - Date.parse(results.run.startedAt);
  const parts = [`discovery ${s(totals.discover)}`, `build ${s(totals.build)}`, ...(totals.service !== undefined ? [`service start ${s(totals.service)}`] : []),
    `runners ${s(totals.runner)} (timing cells and floors ${s(timing)})`, ...(totals.probe !== undefined ? [`probes ${s(totals.probe)}`] : []),
    ...(totals.load !== undefined ? [`load groups ${s(totals.load)}`] : [])];
  return `Time: ${s(wall)} to merge: ${parts.join(', ')}.`;
}
