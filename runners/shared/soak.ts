/**
 * Soak (`--soak CALLS [--soak-ms MS]`): for every loaded mechanism and every selected workload
 * that allocates per call, up to CALLS calls (or MS milliseconds of them) after a warm-up, with
 * resident memory (RSS) sampled before, during and after, each end after a full collection.
 * Memory a crossing leaks per call (a buffer never released, a handle never freed) shows as RSS
 * growing with the calls; memory the engine keeps for its heap levels off during the warm-up.
 * `process.memoryUsage()` is the same in Node, Bun and Deno.
 */
import process from 'node:process';
import type { MechanismId } from '../../contract/registry.ts';
import { isRecords, type NeutralType } from '../../contract/types.ts';
import type { Workload } from './catalogue.ts';
import type { Soak } from '../../contract/document.ts';
import { boundOrNone, loadedLabel, versionField, type Callable, type Loaded, type LoadedAt, type SkipReason } from './mechanism.ts';

/** Types that cross as plain numbers (or nothing); every other type makes a value per call
 *  (a BigInt, a typed-array view, a string, a callback, an array of results) and can leak it. */
const plainNumbers: ReadonlySet<NeutralType> = new Set(['void', 'i32', 'u32', 'f64']);

/**
 * What a workload's own crossing allocates per call, from the catalogue: each argument type
 * that is not a plain number, its result type (`-> str`) likewise, and `Promise` for an async
 * one. None for a JS loop over another workload (`via`) or another input to another's export
 * (`kernel`): those cross through that one's export, which is soaked under its own id.
 */
export function allocations(w: Workload): string[] {
  if (w.via || w.kernel) return [];
  // Records of any shape cross the same way: one kind.
  const kind = (t: NeutralType) => (isRecords(t) ? 'records' : t);
  return [
    ...w.args.filter((t) => !plainNumbers.has(t)).map(kind),
    ...(plainNumbers.has(w.ret) ? [] : [`-> ${kind(w.ret)}`]),
    ...(w.async ? ['Promise'] : []),
  ];
}

/** Whether a workload's own crossing allocates per call. */
export const allocates = (w: Workload): boolean => allocations(w).length > 0;

/** A full collection where the runtime offers one (Node and Deno with --expose-gc, Bun). */
function collect(): void {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (g.Bun) g.Bun.gc(true);
  else g.gc?.();
}

const rss = () => process.memoryUsage().rss;

/** Calls `fn` up to `calls` times or until `deadline`; returns the calls made. */
async function repeat(fn: Callable, args: unknown[], calls: number, deadline: number, sample: () => void): Promise<number> {
  for (let i = 1; i <= calls; i++) {
    const r = fn(...args);
    if (r instanceof Promise) await r;
    // Every 256 calls: the clock and RSS cost too much to read on every call of a fast cell.
    if ((i & 255) === 0) {
      sample();
      if (performance.now() > deadline) return i;
    }
  }
  return calls;
}

/** Soaks each allocating workload at its smallest param on every loaded mechanism. */
export async function soak(
  loaded: readonly LoadedAt[], selected: readonly Workload[], limits: { calls: number; ms?: number },
  log: (line: string) => void, bind: (w: Workload, m: Loaded) => Callable | SkipReason,
): Promise<Soak[]> {
  const out: Soak[] = [];
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  for (const w of selected.filter(allocates)) {
    const param = w.params[0] ?? null;
    const args = w.input(param);
    for (const at of loaded) {
      const { id, m } = at;
      const fn = boundOrNone(() => bind(w, m));
      if (!fn) continue;
      const ms = limits.ms ?? Infinity;
      await repeat(fn, args, Math.ceil(limits.calls / 5), performance.now() + ms / 5, () => {});
      collect();
      const rssBeforeBytes = rss();
      let rssPeakBytes = rssBeforeBytes;
      const calls = await repeat(fn, args, limits.calls, performance.now() + ms, () => { rssPeakBytes = Math.max(rssPeakBytes, rss()); });
      collect();
      const rssAfterBytes = rss();
      out.push({ mechanism: id, ...versionField(at), workload: w.id, param, calls, rssBeforeBytes, rssAfterBytes, rssPeakBytes });
      log(`${loadedLabel(at).padEnd(8)} ${w.id} soak: ${calls} calls, RSS ${mib(rssBeforeBytes)} -> ${mib(rssAfterBytes)} (peak ${mib(rssPeakBytes)})`);
    }
  }
  return out;
}
