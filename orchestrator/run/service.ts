/**
 * Phase 5 of a compare run: the HTTP service, when an `http` mechanism is wanted. A service that
 * can't be built skips them, one that can't start or dies fails them (with its reason and
 * stderr), in every column it would have served, and nothing else.
 */
import { mechanismIds, serviceMechanisms, type MechanismId } from '../../contract/registry.ts';
import type { Failure, Skip } from '../../contract/document.ts';
import type { BuildResult } from '../build.ts';
import type { PhaseClock } from '../phases.ts';
import { startService, type RunningService, type ServiceSpec } from '../service.ts';
import { isHostName, type CompareOptions } from './options.ts';
import type { ColumnPlan } from './plan.ts';

/** The mechanisms asked for, less the ones the service serves. */
export const withoutService = (ms: string[] | undefined): string[] => (ms ?? [...mechanismIds]).filter((m) => !(serviceMechanisms as string[]).includes(m));

/** The service's failures, one per column and mechanism it cost, gathered as the run goes: it
 *  may fail to start, or die before or during any column. */
export class ServiceFailures {
  readonly failures: Failure[] = [];
  /** The service's mechanisms asked for: each fails in a column the service fails. */
  private readonly wanted: readonly MechanismId[];

  constructor(wanted: readonly MechanismId[]) {
    this.wanted = wanted;
  }

  /** Fails each wanted service mechanism in `runtime` (once: the first reason stands). */
  fail(runtime: string, reason: string, stderrTail?: string): void {
    for (const m of this.wanted) {
      if (this.failures.some((f) => f.runtime === runtime && f.mechanism === m)) continue;
      this.failures.push({ runtime, mechanism: m, reason, ...(stderrTail ? { stderrTail } : {}) });
    }
  }
}

/** The service as the columns see it. */
export interface ServicePhase {
  /** The running service, when one was wanted and started (the one started again, after one
   *  died: orchestrator/run/columns.ts). */
  service: RunningService | undefined;
  /** How it was started, to start it again for the next column when it dies in one (a user's
   *  kernel that panics aborts it). */
  spec?: ServiceSpec;
  /** The mechanisms the runtime columns are asked for, without the service's when it cannot serve. */
  mechanisms: string[] | undefined;
  /** The service's mechanisms skipped because it could not be built. */
  skipped: Skip[];
  failures: ServiceFailures;
}

/** Phase 5: the service started when a runtime column wants an `http` mechanism, or its
 *  mechanisms skipped (not built) or failed (it did not start) in every runtime column. */
export async function startServicePhase(
  o: Pick<CompareOptions, 'print' | 'service'>, clock: PhaseClock, plan: Pick<ColumnPlan, 'chosen' | 'mechanisms'>, built: Pick<BuildResult, 'service'>,
): Promise<ServicePhase> {
  let { mechanisms } = plan;
  const skipped: Skip[] = [];
  const serviceWanted = serviceMechanisms.filter((m) => !mechanisms || mechanisms.includes(m));
  const runtimeColumns = plan.chosen.filter((r) => !isHostName(r.name));
  const failures = new ServiceFailures(serviceWanted);
  let service: RunningService | undefined;
  let spec: ServiceSpec | undefined;
  if (runtimeColumns.length && serviceWanted.length && 'unavailable' in built.service) {
    for (const r of runtimeColumns) for (const m of serviceWanted) skipped.push({ runtime: r.id, mechanism: m, reason: built.service.unavailable });
    mechanisms = withoutService(mechanisms);
  } else if (runtimeColumns.length && serviceWanted.length && 'path' in built.service) {
    spec = o.service ?? { command: built.service.path };
    const started = await clock.time('service', undefined, () => startService(spec!));
    if ('failure' in started) {
      o.print(`HTTP service: FAILED: ${started.failure}`);
      for (const r of runtimeColumns) failures.fail(r.id, started.failure, started.stderrTail);
      mechanisms = withoutService(mechanisms);
    } else {
      service = started;
      o.print(`HTTP service: ${service.url} (pid ${service.pid})`);
    }
  }
  return { service, mechanisms, skipped, failures, ...(spec ? { spec } : {}) };
}
