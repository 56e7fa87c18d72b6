/**
 * Soak (`--soak CALLS`): for every loaded mechanism and every selected workload that allocates
 * per call, CALLS calls after a warm-up, with resident memory (RSS) sampled before, during and
 * after, each end after a full collection. Memory that a crossing leaks per call (a buffer
 * never released, a handle never freed) shows as RSS growing with the calls; memory the engine
 * keeps for its heap levels off during the warm-up. `process.memoryUsage()` is the same in
 * Node, Bun and Deno.
 */
import process from 'node:process';
import type { MechanismId, NeutralType, Workload } from './catalogue.ts';
import type { Soak } from './document.ts';
import { boundOrNone, type Callable, type Loaded } from './mechanism.ts';

/** Types that cross as plain numbers (or nothing); every other type makes a value per call
 *  (a BigInt, a buffer view, a string, a callback) and so can leak one. */
const plainNumbers: ReadonlySet<NeutralType> = new Set(['void', 'i32', 'u32', 'f64']);

/** Whether a workload allocates per call, from its types. */
export function allocates(w: Workload): boolean {
  return [...w.args, w.ret].some((t) => !plainNumbers.has(t));
}

/** A full collection where the runtime offers one (Node and Deno with --expose-gc, Bun). */
function collect(): void {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (g.Bun) g.Bun.gc(true);
  else g.gc?.();
}

const rss = () => process.memoryUsage().rss;

async function repeat(fn: Callable, args: unknown[], calls: number, sample: () => void): Promise<void> {
  const every = Math.max(1, Math.floor(calls / 50));
  for (let i = 1; i <= calls; i++) {
    const r = fn(...args);
    if (r instanceof Promise) await r;
    if (i % every === 0) sample();
  }
}

/** Soaks each allocating workload at its smallest param on every loaded mechanism. */
export async function soak(
  loaded: readonly { id: MechanismId; m: Loaded }[], selected: readonly Workload[], calls: number, log: (line: string) => void,
): Promise<Soak[]> {
  const out: Soak[] = [];
  for (const w of selected.filter(allocates)) {
    const param = w.params[0] ?? null;
    const args = w.input(param);
    for (const { id, m } of loaded) {
      const fn = boundOrNone(m, w);
      if (!fn) continue;
      await repeat(fn, args, Math.ceil(calls / 5), () => {});
      collect();
      const rssBeforeBytes = rss();
      let rssPeakBytes = rssBeforeBytes;
      await repeat(fn, args, calls, () => { rssPeakBytes = Math.max(rssPeakBytes, rss()); });
      collect();
      const rssAfterBytes = rss();
      out.push({ mechanism: id, workload: w.id, param, calls, rssBeforeBytes, rssAfterBytes, rssPeakBytes });
      const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
      log(`${id.padEnd(8)} ${w.id} soak: ${calls} calls, RSS ${mib(rssBeforeBytes)} -> ${mib(rssAfterBytes)} (peak ${mib(rssPeakBytes)})`);
    }
  }
  return out;
}
