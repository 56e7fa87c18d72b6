/**
 * The runner's one hook for what makes a figure believable: per cell, its call path
 * (call-path.ts) and for `call` cells a plain-loop
 * cross-check (crosscheck.ts), for every cell of a mechanism whose calls are requests a plain
 * loop of awaited requests (crosscheck-async.ts); per column, the harness floors (floor.ts). Flags are not set
 * here: merge derives them from these facts (orchestrator/credibility.ts).
 */
import process from 'node:process';
import { workloadById, type Workload } from './catalogue.ts';
import type { MechanismId } from '../../contract/registry.ts';
import { callPathOf, hostIsLittleEndian, type PathContext } from './call-path.ts';
import { crossCheck } from './crosscheck.ts';
import { crossCheckAsync } from './crosscheck-async.ts';
import type { Cell, Mode, JsRuntimeInfo as RuntimeInfo } from '../../contract/document.ts';
import type { Callable } from './mechanism.ts';
import type { TierReader } from './tier.ts';

/** What the runner asks of this module while it walks the cells. */
export interface Credibility {
  readonly mode: Mode;
  /** The cell's call path, spread into the cell (empty for mechanisms without one). */
  pathOf(mechanism: MechanismId, w: Workload): Pick<Cell, 'callPath'>;
  /** Adds a plain-loop figure to a timed synchronous `call` cell. */
  crossCheck(cell: Cell, w: Workload, fn: Callable, args: readonly unknown[]): Promise<void>;
  /** Adds a plain sequential loop of awaited requests (their median) to a timed cell of an async mechanism
   *  (every cell but the `async` group's, whose calls are in flight together). */
  crossCheckAsync(cell: Cell, w: Workload, plain: (() => Promise<unknown>) | undefined): Promise<void>;
}

/** The hook for one runner process. */
export function credibilityFor(runtime: RuntimeInfo, mode: Mode, reader: TierReader | undefined): Credibility {
  const ctx: PathContext = { runtime, arch: process.arch, littleEndian: hostIsLittleEndian() };
  return {
    mode,
    pathOf(mechanism, w) {
      // A JS loop over another workload's binding (`via`) crosses through that binding.
      const callPath = callPathOf(mechanism, (w.via && workloadById(w.via.workload)) || w, ctx);
      return callPath ? { callPath } : {};
    },
    async crossCheck(cell, w, fn, args) {
      if (cell.stats && w.group === 'call' && !w.async && mode !== 'verify') cell.crossCheck = await crossCheck(fn, args, mode, reader);
    },
    async crossCheckAsync(cell, w, plain) {
      if (cell.stats && plain && !w.async && mode !== 'verify') cell.crossCheck = await crossCheckAsync(plain, mode);
    },
  };
}
