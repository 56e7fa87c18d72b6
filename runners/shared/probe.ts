/**
 * The fast-call probe: did an FFI call really take its fast path? Run in a process of its own
 * with V8's natives syntax (`--allow-natives-syntax`), never inside a measuring runner.
 *
 * What it checks, per `call` and `data` workload (at its smallest param), with the adapter's own
 * bound function (bound twice: adapters compile a fresh wrapper per bind, see `freshFunction`):
 * 1. a fresh loop calling it is warmed up until V8 compiles the loop function itself with
 *    TurboFan (`%ActiveTierIsTurbofan`): only TurboFan code enters a V8 fast call (measured on
 *    Deno 2.9.6: with `--no-turbofan` every `Deno.dlopen` call costs 75–95 ns);
 * 2. the same call from a loop V8 may never optimize (`%NeverOptimizeFunction`), which always
 *    takes the slow path, is the reference;
 * 3. fast if the optimized call beats the reference by `FAST_RATIO` or more; fell off if it is
 *    within `SLOW_RATIO` of it (it costs what the slow path costs); otherwise inconclusive.
 * `--no-turbo-fast-api-calls` would be the direct switch, but on Deno 2.9.6 it changes nothing
 * (dlopen symbols stay as fast with it), so the probe compares against the slow path instead.
 */
import { workloads, type Workload } from './catalogue.ts';
import type { CallPath } from '../../contract/document.ts';
import { freshFunction, isSkip, type Callable, type LoadContext, type Mechanism } from './mechanism.ts';

/** The optimized call is on the fast path when the slow reference is this many times slower. */
export const FAST_RATIO = 3;
/** The optimized call fell off when the slow reference is less than this many times slower. */
export const SLOW_RATIO = 1.5;

/** What the probe saw for one workload. */
export interface ProbeResult {
  workload: string;
  /** Whether the loop ran as TurboFan code (`%ActiveTierIsTurbofan`). */
  turbofan: boolean;
  /** ns per call from the optimized loop and from the never-optimized reference loop. */
  optimizedNs: number;
  slowNs: number;
  /** The verdict, as a call path with basis `probe`, or null when inconclusive. */
  callPath: CallPath | null;
}

type Natives = { neverOptimize(f: Callable): void; isTurbofan(f: Callable): boolean };

/** The natives the probe uses; throws a clear error without `--allow-natives-syntax`. */
function natives(): Natives {
  try {
    const neverOptimize = new Function('f', '%NeverOptimizeFunction(f);') as (f: Callable) => void;
    const isTurbofan = new Function('f', 'return %ActiveTierIsTurbofan(f);') as (f: Callable) => boolean;
    return { neverOptimize, isTurbofan };
  } catch (e) {
    throw new Error(`the probe needs V8's --allow-natives-syntax (${(e as Error).message})`);
  }
}

/** A fresh loop of `n` calls of `fn`; `run` times it in ms, `loop` is the function V8 compiles. */
function loopOf(fn: Callable, arity: number): { run: (n: number, args: readonly unknown[]) => number; loop: Callable } {
  const params = Array.from({ length: arity }, (_, i) => `a${i}`);
  const loop = freshFunction(['n', ...params],
    `let r; const t0 = now(); for (let i = 0; i < n; i++) r = fn(${params.join(', ')}); keep.value = r; return now() - t0;`,
    { fn, keep: { value: undefined }, now: () => performance.now() });
  return { run: (n, args) => loop(n, ...args) as number, loop };
}

function nsPerCall(run: (n: number) => number, targetMs: number): number {
  let n = 100;
  let ms = run(n);
  while (ms < targetMs / 4 && n < 1e9) {
    n *= 4;
    ms = run(n);
  }
  const calls = Math.ceil((n * targetMs) / Math.max(ms, 1e-3));
  const t = [run(calls), run(calls), run(calls)].sort((a, b) => a - b);
  return (t[1]! * 1e6) / calls;
}

/** Probes every workload the mechanism can express. `fastPath`/`slowPath` name its two paths. */
export async function probe(
  mechanism: Mechanism, ctx: LoadContext, paths: { fast: string; slow: string },
): Promise<ProbeResult[]> {
  const nat = natives();
  const loaded = await mechanism.load(ctx);
  if (isSkip(loaded)) throw new Error(`${mechanism.id} did not load: ${loaded.skip}`);
  const out: ProbeResult[] = [];
  // The crossing shows against the slow path only where it is most of a call: bare calls and
  // data passing at their smallest size. Compute, callback and async figures are the work.
  for (const w of workloads.filter((x) => (x.group === 'call' || x.group === 'data') && !x.async && !x.via)) {
    try {
      const fast = loaded.bind(w);
      const slow = loaded.bind(w);
      if (isSkip(fast) || isSkip(slow)) continue;
      out.push(probeOne(w, fast, slow, nat, paths));
    } catch (e) {
      // A signature the probe's process may not call (e.g. a permission the column has and the
      // probe lacks) leaves that workload's documented path standing.
      console.error(`${w.id}: not probed (${(e as Error).message})`);
    }
  }
  return out;
}

function probeOne(w: Workload, fast: Callable, slow: Callable, nat: Natives, paths: { fast: string; slow: string }): ProbeResult {
  const args = w.input(smallest(w));
  const hot = loopOf(fast, args.length);
  const cold = loopOf(slow, args.length);
  // The reference never leaves the interpreter: neither its loop nor the adapter's wrapper (a
  // JS function for lowered signatures; a native symbol otherwise, which natives refuse).
  nat.neverOptimize(cold.loop);
  try {
    nat.neverOptimize(slow);
  } catch {
    // a native function: nothing to keep from optimizing
  }
  // Warm the loop function itself (not only its loop body via OSR) into TurboFan.
  for (let i = 0; i < 3000 && !nat.isTurbofan(hot.loop); i++) hot.run(200, args);
  const turbofan = nat.isTurbofan(hot.loop);
  const optimizedNs = nsPerCall((n) => hot.run(n, args), 20);
  const slowNs = nsPerCall((n) => cold.run(n, args), 20);
  const ratio = slowNs / Math.max(optimizedNs, 1e-9);
  const seen = `optimized loop ${optimizedNs.toFixed(1)} ns vs never-optimized ${slowNs.toFixed(1)} ns per call (${ratio.toFixed(1)}x)`;
  let callPath: CallPath | null = null;
  if (turbofan && ratio >= FAST_RATIO) callPath = { path: paths.fast, fast: true, basis: 'probe', why: `probe: ${seen}` };
  else if (turbofan && ratio < SLOW_RATIO) callPath = { path: paths.slow, fast: false, basis: 'probe', why: `probe: ${seen}: the optimized call costs what the slow path costs` };
  return { workload: w.id, turbofan, optimizedNs, slowNs, callPath };
}

function smallest(w: Workload): number | null {
  const sized = w.params.filter((p): p is number => p !== null);
  return sized.length ? Math.min(...sized) : null;
}
