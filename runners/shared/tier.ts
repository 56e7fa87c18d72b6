/**
 * Which tier of the engine a function's code runs in. A timed loop counts only once it runs in
 * the engine's optimizing tier: samples taken while V8 or JavaScriptCore still interprets it
 * time the interpreter (issue 24: Deno's `Deno.dlopen` calls cost 62 ns from a loop that never
 * left the baseline tier and 3 ns from one TurboFan compiled, since only TurboFan code enters a
 * V8 fast call).
 *
 * - V8 (Node, Deno): the `%ActiveTierIs…` natives, which exist only with
 *   `--allow-natives-syntax` (orchestrator/spawn.ts passes it to every runner). They are
 *   compiled with `new Function` because the TypeScript strippers cannot parse `%` calls.
 *   The optimizing tier is TurboFan; Maglev, V8's mid tier, is reported but does not count.
 * - JavaScriptCore (Bun): `bun:jsc`'s `numberOfDFGCompiles`; a function compiled by the DFG (or
 *   the FTL after it) has left the LLInt and baseline tiers.
 * Without either (V8 without the flag), the tier is unknown: cells say so rather than guess.
 */
import type { Callable } from './mechanism.ts';

/** Reads the tier of a function's code. */
export interface TierReader {
  /** The engine, as the record names it. */
  engine: 'v8' | 'jsc';
  /** The tier `f` runs in now: V8 `turbofan`, `maglev`, `sparkplug`, `ignition`; JSC `dfg`
   *  (DFG or FTL code), `baseline` (LLInt or baseline JIT). */
  tierOf(f: Callable): string;
  /** Whether `f` runs in the engine's optimizing tier (TurboFan; the DFG or FTL). */
  optimized(f: Callable): boolean;
  /** Asks the engine to compile `f` in its optimizing tier at its next call (V8's
   *  `%OptimizeFunctionOnNextCall`, bun:jsc's `optimizeNextInvocation`). */
  optimizeNext(f: Callable): void;
}

/** The optimizing tier's name per engine, for the reason a cell did not reach it. */
export const optimizingTier = { v8: 'turbofan', jsc: 'dfg' } as const;

type Probe = (f: Callable) => boolean;

/** A natives-syntax intrinsic as a function, or undefined when V8 was started without the flag. */
function v8Native(name: string): Probe | undefined {
  try {
    return new Function('f', `return %${name}(f);`) as Probe;
  } catch {
    return undefined;
  }
}

let reader: Promise<TierReader | undefined> | undefined;

/** This engine's tier reader, or undefined when the engine does not expose its tiers. */
export function engineTiers(): Promise<TierReader | undefined> {
  reader ??= load();
  return reader;
}

async function load(): Promise<TierReader | undefined> {
  if ((globalThis as { Bun?: unknown }).Bun) {
    // A computed specifier: Node and Deno never resolve bun:jsc, and their type checks never see it.
    const jscSpecifier = 'bun:jsc';
    const jsc = (await import(jscSpecifier)) as { numberOfDFGCompiles(f: Callable): number; optimizeNextInvocation(f: Callable): void };
    const dfg = (f: Callable) => jsc.numberOfDFGCompiles(f) > 0;
    return { engine: 'jsc', tierOf: (f) => (dfg(f) ? 'dfg' : 'baseline'), optimized: dfg, optimizeNext: (f) => jsc.optimizeNextInvocation(f) };
  }
  const tiers: [string, Probe | undefined][] = [
    ['turbofan', v8Native('ActiveTierIsTurbofan')], ['maglev', v8Native('ActiveTierIsMaglev')],
    ['sparkplug', v8Native('ActiveTierIsSparkplug')], ['ignition', v8Native('ActiveTierIsIgnition')],
  ];
  const turbofan = tiers[0]![1];
  // V8 aborts the process on a request for a function not prepared for it first.
  const prepare = v8Native('PrepareFunctionForOptimization');
  const optimize = v8Native('OptimizeFunctionOnNextCall');
  if (!turbofan || !prepare || !optimize) return undefined;
  const optimizeNext = (f: Callable) => {
    prepare(f);
    optimize(f);
  };
  return {
    engine: 'v8',
    tierOf: (f) => tiers.find(([, is]) => is?.(f))?.[0] ?? 'not compiled',
    optimized: turbofan,
    optimizeNext,
  };
}
