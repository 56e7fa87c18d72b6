/**
 * The timing loop costs a native callee what it costs an inlinable JS callee (issue 24): for
 * each, the quoted median (runners/shared/loop.ts) less the same call in the plainest loop
 * written here (`r = fn(A[i & 63], B[i & 63])`, no chained slot, no samples) is the harness's
 * share of the figure (each side by its fastest, see below), and the native one is at most a few
 * ns above the JS one. mitata's loop, which
 * timed every cell before, added 10–15 ns to a raw Node-API call and under 1 ns to an inlined JS
 * one (napi-sys `add_i32` in Node 26: 46 ns against 31 ns in a plain loop).
 */
import { describe, expect, it } from 'vitest';
import { loadAddon } from './helpers.ts';
import { timeLoop } from '../runners/shared/loop.ts';
import { engineTiers } from '../runners/shared/tier.ts';

type Fn = (a: number, b: number) => unknown;
let loops = 0;
const sink = { value: undefined as unknown };

/** ns per call of `fn` in the plainest loop: warmed for 100 ms, then the fastest of 5 runs of 5 ms. */
function plainNs(fn: Fn): number {
  const A = Array.from({ length: 64 }, () => 2147483647);
  const B = Array.from({ length: 64 }, () => 1);
  // Unique text per loop: V8 shares a `new Function`'s feedback with every function of the same
  // text, and a loop that had seen both callees would time neither.
  const loop = new Function('fn', 'A', 'B', 'n', 'sink', `// loop ${++loops}
    let r; const t0 = performance.now(); for (let i = 0; i < n; i++) r = fn(A[i & 63], B[i & 63]); sink.value = r; return performance.now() - t0;`) as
    (fn: Fn, a: number[], b: number[], n: number, s: typeof sink) => number;
  let n = 1024;
  const w0 = performance.now();
  while (performance.now() - w0 < 100) if (loop(fn, A, B, n, sink) < 1) n *= 2;
  const calls = Math.ceil((n * 5) / Math.max(loop(fn, A, B, n, sink), 1e-3));
  return Math.min(...Array.from({ length: 5 }, () => (loop(fn, A, B, calls, sink) * 1e6) / calls));
}

describe('the harness costs every callee the same', () => {
  it('adds no more to a raw Node-API call than to an inlined JS call', async () => {
    const native = loadAddon('napiSys').add_i32 as Fn;
    const js: Fn = (a, b) => (a + b) | 0;
    const reader = await engineTiers();
    // Each side by its fastest: the loop's fastest kept sample over ten cells, the plain loop's
    // fastest of five runs, ten times (five read a native share of −10.6 to +7.1 ns beside two
    // busy loops: the native call's own cost moves between states of a process, docs/methodology.md). A busy machine (the suite's tests must pass beside a
    // build) only ever adds time, and a median taken a second apart from the other side's moved
    // by ±20–40 ns here with two busy loops beside it, where the fastest moved by about 1 ns.
    const share = async (fn: Fn) => {
      let quoted = Infinity;
      let plain = Infinity;
      for (let i = 0; i < 10; i++) {
        quoted = Math.min(quoted, (await timeLoop(fn, [2147483647, 1], 'quick', reader)).stats.minNs);
        plain = Math.min(plain, plainNs(fn));
      }
      return quoted - plain;
    };
    const nativeShare = await share(native);
    const jsShare = await share(js);
    console.log(`harness share: native ${nativeShare.toFixed(2)} ns, js ${jsShare.toFixed(2)} ns`);
    // 5 ns: mitata's loop put the native call 10–15 ns above the JS one; this one reads −3 to +2 ns.
    // One-sided: what it guards is the harness adding to a native call. A share below the JS one
    // says the plain loop's native call was the slower of the two, which is the reference moving,
    // not the harness (a fresh-clone CI run, nothing else running, read native −5.76 ns, js 0.01
    // ns; three runs right after read −0.40 to −0.49 ns).
    expect(nativeShare - jsShare).toBeLessThan(5);
  });
});
