/**
 * How much to believe each cell, decided once at merge from the facts the runners recorded
 * (the median's interval, the floor's median, call path, cross-check, the rounds' medians)
 * against `thresholds` (document.ts `flagsOf`, which the reader of older files uses too). Every
 * judgement is of the cell's median, the one figure it is quoted by. Pure: no I/O, so a results
 * file re-annotated gives the same flags.
 *
 * The sanity check lives here too. A median below the physical floor (0.1 ns: a third of a
 * cycle) is not a time but a call the JIT removed: the cell keeps mitata's raw numbers and is
 * flagged `below-physical-floor`, and every report shows it as eliminated instead of a figure.
 * A `call` cell whose median is slower than 1 ms is a unit slip or a fault: it becomes a failure
 * of the run.
 */
import { flagsOf, mechanismLabel, sameMechanism, thresholds, type Cell, type Failure } from '../contract/document.ts';
import { serviceMechanisms } from '../contract/registry.ts';
import type { Results } from '../contract/results.ts';

export { disagreement, flagsOf } from '../contract/document.ts';

/** One thing the sanity check found. */
export interface SanityFinding {
  kind: 'below-physical-floor' | 'call-over-ceiling';
  runtime: string;
  mechanism: Cell['mechanism'];
  mechanismVersion?: string;
  workload: string;
  param: number | null;
  ns: number;
  message: string;
}

/** Every per-call figure below the physical floor and every `call` cell over the ceiling. */
export function sanityFindings(cells: readonly Cell[]): SanityFinding[] {
  const out: SanityFinding[] = [];
  for (const c of cells) {
    if (!c.verified || !c.stats) continue;
    const where = `${c.runtime} ${mechanismLabel(c)} ${c.workload}${c.param === null ? '' : ` ${c.param}`}`;
    const base = {
      runtime: c.runtime, mechanism: c.mechanism, ...(c.mechanismVersion ? { mechanismVersion: c.mechanismVersion } : {}), workload: c.workload, param: c.param,
    };
    const figures: [string, number | undefined][] = [['median', c.stats.p50Ns], ['cross-check median', c.crossCheck?.nsPerCall]];
    const low = figures.filter((f): f is [string, number] => f[1] !== undefined && f[1] < thresholds.physicalFloorNs);
    if (low.length) {
      const ns = Math.min(...low.map((f) => f[1]));
      out.push({
        ...base, kind: 'below-physical-floor', ns,
        message: `${where}: ${low.map(([k, v]) => `${k} ${v.toPrecision(2)} ns`).join(', ')} per call is below the physical floor of ${thresholds.physicalFloorNs} ns: the JIT eliminated the call, so it is reported as eliminated, not as a time`,
      });
    }
    const ceiling = serviceMechanisms.includes(c.mechanism) ? thresholds.serviceCallCeilingNs : thresholds.callCeilingNs;
    if (c.group === 'call' && c.stats.p50Ns > ceiling) {
      out.push({
        ...base, kind: 'call-over-ceiling', ns: c.stats.p50Ns,
        message: `${where}: median ${(c.stats.p50Ns / 1e6).toPrecision(3)} ms per bare call is over the ${ceiling / 1e6} ms ceiling: a unit slip or a fault, not a crossing cost`,
      });
    }
  }
  return out;
}

/** Sets every cell's flags and turns `call` cells over the ceiling into failures. */
export function annotate(results: Results): Results {
  for (const c of results.cells) {
    const flags = flagsOf(c);
    if (flags.length) c.flags = flags;
    else delete c.flags;
  }
  for (const f of sanityFindings(results.cells)) {
    if (f.kind !== 'call-over-ceiling') continue;
    const failure: Failure = {
      runtime: f.runtime, mechanism: f.mechanism, ...(f.mechanismVersion ? { mechanismVersion: f.mechanismVersion } : {}),
      workload: f.workload, param: f.param, reason: `sanity: ${f.message}`,
    };
    if (!results.failures.some((x) => x.reason === failure.reason)) results.failures.push(failure);
  }
  return results;
}

/**
 * Fails loudly on a results document that would report an impossible figure: one below the
 * physical floor not flagged as eliminated, or a `call` cell over the ceiling not recorded as a
 * failure. `compare` runs it on what it is about to write, so a fault in the flagging stops the
 * run instead of publishing a 0.07 ns "call"; tests run it on doctored files.
 */
export function assertSane(results: Results): void {
  const problems = sanityFindings(results.cells).filter((f) => {
    const cell = results.cells.find((c) => c.runtime === f.runtime && sameMechanism(c, f) && c.workload === f.workload && c.param === f.param);
    if (f.kind === 'below-physical-floor') return !cell?.flags?.includes('below-physical-floor');
    return !results.failures.some((x) => x.reason === `sanity: ${f.message}`);
  });
  if (problems.length) {
    throw new Error(`sanity check failed: ${problems.length} impossible figure(s):\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
  }
}
