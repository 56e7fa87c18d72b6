/**
 * Where a run's wall time goes: each phase of `compare` (finding runtimes, building, starting the
 * service, each column's runner, probe and load group) timed from the orchestrator, so a slow run
 * can be read from its own results file rather than guessed at.
 */
import type { Phase, PhaseName } from '../contract/results.ts';

/** Collects the phases of one run, in the order they ran. */
export class PhaseClock {
  readonly phases: Phase[] = [];

  /** Runs `f` and records its wall time as `phase` (of `runtime`, for a column's phases), even
   *  when it throws: a failed column still spent the time. */
  async time<T>(phase: PhaseName, runtime: string | undefined, f: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      this.phases.push({ phase, ...(runtime ? { runtime } : {}), ms: Math.round((performance.now() - t0) * 10) / 10 });
    }
  }
}

/** Milliseconds spent per phase name, summed over columns and rounds. */
export function phaseTotals(phases: readonly Phase[]): Partial<Record<PhaseName, number>> {
  const out: Partial<Record<PhaseName, number>> = {};
  for (const p of phases) out[p.phase] = (out[p.phase] ?? 0) + p.ms;
  return out;
}
