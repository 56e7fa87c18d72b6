/**
 * `pnpm compare`: discover runtimes, build what is stale, run one runner process per column,
 * merge, write and print. `compare` is the list of the run's phases; each is a function of its
 * own in run/, taking what the phases before it produced.
 */
import type { Results } from '../contract/results.ts';
import { PhaseClock } from './phases.ts';
import type { Written } from './store.ts';
import { buildArtifacts } from './run/build.ts';
import { runColumns } from './run/columns.ts';
import { discoverColumns } from './run/discover.ts';
import { mergeRun, reportRun, writeRun } from './run/finish.ts';
import { validateOptions, type CompareOptions } from './run/options.ts';
import { planColumns } from './run/plan.ts';
import { startServicePhase } from './run/service.ts';

export { UsageError } from './errors.ts';
export { chooseRuntimes, selectRuntimes } from './run/discover.ts';
export { timeLine } from './run/finish.ts';
export { validateFilters, workloadsFor, type CompareOptions } from './run/options.ts';
export { hostColumns, unbuiltSkips } from './run/plan.ts';

/** Runs a comparison end to end. Returns the results, the files written and an exit code. */
export async function compare(o: CompareOptions): Promise<{ results: Results; written: Written; exitCode: number }> {
  const start = await validateOptions(o);
  const clock = new PhaseClock();
  const discovered = await discoverColumns(o, clock);
  const built = await buildArtifacts(o, clock, discovered, start.user);
  const plan = await planColumns(o, clock, discovered, built);
  const service = await startServicePhase(o, clock, plan, built);
  const columns = await runColumns(o, clock, { built, plan, service });
  const results = await mergeRun(o, clock, {
    start, built, columns, skipped: [...plan.skipped, ...service.skipped], failures: [...plan.missing, ...service.failures.failures],
  });
  const written = await writeRun(results, o.outDir);
  return { results, written, exitCode: reportRun(o, results, written) };
}
