/**
 * Fault injection for tests: a runner entry that is the real Node runner (the same adapters,
 * loop and document) with one mechanism replaced by a wrapper that misbehaves at a chosen
 * workload. Only a test reaches these files, through `ColumnSpec.entry` (orchestrator/spawn.ts),
 * which `pnpm compare` never sets; nothing under runners/ knows they exist.
 */
import process from 'node:process';
import { js } from '../../runners/shared/mechanisms/js.ts';
import { koffi } from '../../runners/shared/mechanisms/koffi.ts';
import { napi } from '../../runners/shared/mechanisms/napi.ts';
import { wasm } from '../../runners/shared/mechanisms/wasm.ts';
import type { Callable, LoadContext, Mechanism } from '../../runners/shared/mechanism.ts';
import { isSkip } from '../../runners/shared/mechanism.ts';
import { parseRunnerArgs, runRunner } from '../../runners/shared/runner.ts';
import type { Workload } from '../../runners/shared/catalogue.ts';
import { nodeFfi } from '../../runners/node/node-ffi.ts';

/** What a fault gets: the runner's own options (artifact paths) to reach the real library. */
export type FaultContext = ReturnType<typeof parseRunnerArgs>;

/** The cdylib's path among the runner's artifacts (a fault needs the real library). */
export function libOf(artifacts: FaultContext['artifacts']): string {
  if (!artifacts.lib) throw new Error('this fault needs --artifact lib=PATH');
  return artifacts.lib;
}

/**
 * Runs the Node runner with `mechanism` (id of a real adapter) wrapped: binding `workload`
 * returns `fault(ctx, real)` instead of `real`, the function the adapter bound; every other
 * cell is the real one.
 */
export async function runWithFault(
  mechanism: Mechanism['id'], workload: Workload['id'], fault: (ctx: FaultContext, real: Callable, load: LoadContext) => Callable,
): Promise<void> {
  const argv = process.argv.slice(2);
  const ctx = parseRunnerArgs(argv);
  const adapters = [js, napi, koffi, nodeFfi, wasm].map((a): Mechanism => (a.id !== mechanism ? a : {
    id: a.id,
    async load(load) {
      const loaded = await a.load(load);
      if (isSkip(loaded)) return loaded;
      return {
        ...loaded,
        bind: (w) => {
          const real = loaded.bind(w);
          return w.id === workload && !isSkip(real) ? fault(ctx, real, load) : real;
        },
      };
    },
  }));
  process.exitCode = await runRunner(adapters, argv);
}
