/**
 * `js`: the pure-JS reference itself, the baseline every other mechanism is compared with.
 *
 * A reference that loops over its input is measured as a real call, never inlined into the
 * harness. V8 inlined such a function into the bench function and mitata's loop, and the
 * inlined loop ran 2-3x slower than the same function called normally, by a factor that
 * changed with the measuring time (Node 26, bytes_sum over 1 MiB: 0.40 ns/byte called,
 * 0.40 inlined in a 60 ms measurement, 1.1 inlined in a 640 ms one). Calling through a call
 * site that has seen many functions (megamorphic) stops inlining there in V8 and
 * JavaScriptCore alike; the few ns it adds are noise next to a loop. The bare-call
 * workloads (no size) keep the plain function: a tiny helper is inlined in real code too,
 * and those cells are stable.
 */
import { threaded } from '../../../contract/types.ts';
import type { Workload } from '../catalogue.ts';
import { freshFunction, type Callable, type Mechanism } from '../mechanism.ts';

/** The pure-JS baseline. */
export const js: Mechanism = {
  id: 'js',
  load: async () => ({
    bind: (w) => (w.async ? inPromise(w) : w.params.some((p) => p !== null) ? asRealCall(w, w.reference) : w.reference),
    note: (w) => (threaded(w) ? 'the Promise\'s body calls fn(i) n times on the JS thread: no thread, no queue, the callbacks\' floor'
      : w.async ? 'runs on the JS thread inside a Promise: what awaiting costs, not a thread hop' : undefined),
  }),
};

/** A function that calls `target` through a megamorphic call site of its arity. */
export function asRealCall(w: Workload, target: Workload['reference']): Callable {
  const invoke = invokers[w.args.length] ??= megamorphicInvoker(w.args.length);
  const params = w.args.map((_, i) => `a${i}`);
  return freshFunction(params, `return invoke(ref${params.map((p) => `, ${p}`).join('')});`, { invoke, ref: target });
}

/** Plain JS has no way off its thread short of a Worker: the baseline of an async workload is
 *  the same job awaited on the JS thread. */
function inPromise(w: Workload): Callable {
  const params = w.args.map((_, i) => `a${i}`);
  return freshFunction(params, `return Promise.resolve(ref(${params.join(', ')}));`, { ref: w.reference });
}

const invokers: Callable[] = [];

function megamorphicInvoker(arity: number): Callable {
  const params = Array.from({ length: arity }, (_, i) => `a${i}`);
  const invoke = freshFunction(['f', ...params], `return f(${params.join(', ')});`, {});
  // Eight distinct targets take the call site past every engine's polymorphic inlining limit.
  for (let k = 0; k < 8; k++) {
    const target = freshFunction(params, `return ${k};`, {});
    for (let i = 0; i < 2000; i++) invoke(target, ...params.map(() => i));
  }
  return invoke;
}
