/**
 * `pnpm compare`: discover runtimes, build what is stale, run one runner process per column,
 * merge, write and print.
 */
import { mechanismIds, runtimeNames, workloads, type MechanismId } from '../runners/shared/catalogue.ts';
import type { Failure, Mode, Skip } from '../runners/shared/document.ts';
import { build } from './build.ts';
import { discoverRuntimes, type FoundRuntime } from './discover.ts';
import { collectEnvironment } from './environment.ts';
import { merge, type ColumnOutcome } from './merge.ts';
import { renderTerminal } from './reports/terminal.ts';
import type { Results } from './schema.ts';
import { runColumn } from './spawn.ts';
import { writeResults, type Written } from './store.ts';

/** Options of a compare run. */
export interface CompareOptions {
  mode: Mode;
  /** Runtime names (`node`) or column ids (`node@26.10.0`). */
  runtimes?: string[];
  mechanisms?: string[];
  workloads?: string[];
  outDir: string;
  /** Per-column time limit in seconds. */
  timeoutSeconds: number;
  /** Deno gets FFI permission for every path (its callbacks and pointer reads need it). */
  denoUnscopedFfi?: boolean;
  argv: string[];
  /** Where progress and the table go. */
  print: (line: string) => void;
  /** Progress on one rewritten line (a TTY) instead of a line per cell. */
  statusLine?: (line: string) => void;
  width: number;
}

/** A user mistake in the options: reported without a stack, exit code 2. */
export class UsageError extends Error {}

function checkNames(kind: string, given: string[] | undefined, valid: readonly string[]): void {
  const bad = (given ?? []).filter((g) => !valid.includes(g));
  if (bad.length) throw new UsageError(`unknown ${kind} ${bad.map((b) => `"${b}"`).join(', ')}; valid ${kind}s: ${valid.join(', ')}`);
}

/** Checks the name filters against the catalogue before anything runs. */
export function validateFilters(o: Pick<CompareOptions, 'runtimes' | 'mechanisms' | 'workloads'>): void {
  checkNames('mechanism', o.mechanisms, mechanismIds);
  checkNames('workload', o.workloads, workloads.map((w) => w.id));
  const badRuntime = (o.runtimes ?? []).filter((r) => !(runtimeNames as readonly string[]).includes(r.split('@')[0]!) || /@$/.test(r));
  if (badRuntime.length) {
    throw new UsageError(`unknown runtime ${badRuntime.map((b) => `"${b}"`).join(', ')}; valid runtimes: ${runtimeNames.join(', ')} (or a column id such as node@26.10.0)`);
  }
}

function selectRuntimes(found: FoundRuntime[], wanted?: string[]): { chosen: FoundRuntime[]; missing: Failure[] } {
  if (!wanted) return { chosen: found, missing: [] };
  const chosen = found.filter((r) => wanted.includes(r.name) || wanted.includes(r.id));
  const missing = wanted.filter((w) => !found.some((r) => r.name === w || r.id === w)).map((w): Failure => ({
    runtime: w,
    reason: `not installed: no ${w} was found (found: ${found.map((r) => r.id).join(', ') || 'none'}); run \`pnpm install\` or put it on PATH`,
  }));
  return { chosen, missing };
}

/** Runs a comparison end to end. Returns the results, the files written and an exit code. */
export async function compare(o: CompareOptions): Promise<{ results: Results; written: Written; exitCode: number }> {
  validateFilters(o);
  const startedAt = new Date();
  const id = startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');

  const found = await discoverRuntimes();
  const { chosen, missing } = selectRuntimes(found, o.runtimes);
  o.print(`Runtimes: ${chosen.map((r) => `${r.id} (${r.source === 'path' ? 'PATH' : 'project'})`).join(', ') || 'none'}`);

  o.print('Building the Rust library (only what changed)...');
  const built = await build({ verbose: true });
  o.print(`Build: ${built.nativeBuilt ? 'native rebuilt' : 'native fresh'}, wasm ${'unavailable' in built.wasm ? 'unavailable' : built.wasm.built ? 'rebuilt' : 'fresh'} (${built.seconds.toFixed(1)} s)`);

  const skipped: Skip[] = [];
  let mechanisms: string[] | undefined = o.mechanisms;
  if ('unavailable' in built.wasm && (!mechanisms || mechanisms.includes('wasm'))) {
    const reason = built.wasm.unavailable;
    for (const r of chosen) skipped.push({ runtime: r.id, mechanism: 'wasm' as MechanismId, reason });
    mechanisms = (mechanisms ?? [...mechanismIds]).filter((m) => m !== 'wasm');
  }

  const columns: ColumnOutcome[] = [];
  for (const [i, runtime] of chosen.entries()) {
    const tag = `[${i + 1}/${chosen.length}]`;
    o.print(`${tag} ${runtime.id}: running`);
    const outcome = await runColumn({
      runtime, artifacts: built.artifacts, mode: o.mode, timeoutMs: o.timeoutSeconds * 1000,
      ...(o.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
      ...(mechanisms ? { mechanisms } : {}), ...(o.workloads ? { workloads: o.workloads } : {}),
    }, (line) => (o.statusLine ?? o.print)(`${tag} ${line}`));
    o.statusLine?.('');
    if ('failure' in outcome) o.print(`${tag} ${runtime.id}: FAILED: ${outcome.failure.reason}`);
    columns.push(outcome);
  }

  const wasmRustc = 'unavailable' in built.wasm ? null : built.wasm.rustc;
  const results = merge({
    id, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode: o.mode, argv: o.argv,
    environment: await collectEnvironment(wasmRustc), columns, skipped, failures: missing,
  });
  const written = await writeResults(results, o.outDir);
  o.print('');
  o.print(renderTerminal(results, o.width));
  o.print('');
  o.print(`Wrote ${written.run}, ${written.latest}, ${written.markdown} and ${written.html}`);
  const failed = results.failures.length;
  if (failed) o.print(`${failed} failure(s): see above.`);
  return { results, written, exitCode: failed ? 1 : 0 };
}
