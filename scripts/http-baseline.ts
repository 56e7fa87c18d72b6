/**
 * What a loopback call costs without the suite's harness, beside the `http` cell as the suite
 * times it, in one process and one minute (issue 19). Run it in the runtime to check, against a
 * running service (orchestrator/service.ts starts one; `bridgetax-service` prints its URL):
 *
 *   node --expose-gc [--import tsx] scripts/http-baseline.ts --service-url http://127.0.0.1:PORT
 *   bun scripts/http-baseline.ts --service-url …
 *   deno run --allow-net=127.0.0.1 --v8-flags=--expose-gc scripts/http-baseline.ts --service-url …
 *
 * Options: --workload add_i32 (any the service routes), --rounds 3, --ms 300, --mode full|quick.
 *
 * Variants, interleaved round by round (each round starting at the next) so a change of the
 * machine's load, or what one variant leaves behind, hits them all alike:
 * - `loop`: the cell's request encoded once (`plainCall`), awaited in a plain `for` loop for
 *   `--ms`, each request timed: the median, and the loop's mean;
 * - `loop-after-gc`: the same loop right after one full collection;
 * - `adapter-loop`: the adapter's own call (encoding, fetch, decoding) in the same loop;
 * - `cross-check`: what the runner records beside the cell (crosscheck-async.ts);
 * - `cell`: the adapter's call timed by `time()` (runners/shared/measure.ts), as the runner does
 *   (the client settled after the collection, `Loaded.settle`); `cell-unsettled`: without that;
 * - `cell-no-gc`: the same without the full collection `time()` makes first (V8's `gc()`
 *   replaced by nothing; Bun's collector is called through `Bun.gc`, so there it is the same);
 * - `mitata`: mitata's own loop, one run of `--ms`; `mitata-4`: that run in four, as `time()`
 *   takes a cell in chunks.
 * The ratios to `loop` say where the time goes.
 */
import process from 'node:process';
import { parseArgs } from 'node:util';
import { measure } from 'mitata';
import { workloadById } from '../runners/shared/catalogue.ts';
import { crossCheckAsync } from '../runners/shared/crosscheck-async.ts';
import { http } from '../runners/shared/mechanisms/http.ts';
import { time } from '../runners/shared/measure.ts';
import { isSkip, type Callable } from '../runners/shared/mechanism.ts';
import { detectRuntime } from '../runners/shared/runtime.ts';
import { loopbackUrl } from '../runners/shared/service-url.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'service-url': { type: 'string' },
    workload: { type: 'string', default: 'add_i32' },
    rounds: { type: 'string', default: '3' },
    ms: { type: 'string', default: '300' },
    mode: { type: 'string', default: 'full' },
  },
});
if (!values['service-url']) {
  console.error('usage: http-baseline.ts --service-url http://127.0.0.1:PORT [--workload add_i32] [--rounds 3] [--ms 300] [--mode full|quick]');
  process.exit(2);
}
const url = loopbackUrl(values['service-url']);
const w = workloadById(values.workload);
if (!w) throw new Error(`no workload ${values.workload}`);
const mode = values.mode === 'quick' ? 'quick' : 'full';
const ms = Number(values.ms);

const t0 = performance.now();
const loaded = await http.load({ artifacts: {}, file: '', runtime: detectRuntime(), serviceUrl: url });
if (isSkip(loaded)) throw new Error(loaded.skip);
console.log(`${detectRuntime().name} ${detectRuntime().version}: loaded in ${(performance.now() - t0).toFixed(0)} ms (${loaded.note?.(w)})`);
const call = loaded.bind(w);
if (isSkip(call)) throw new Error(call.skip);
const args = w.input(null);
const plain = loaded.plainCall!(w, args)!;

/** A plain sequential loop for `ms`: the median and mean per call, in ns. */
async function loop(fn: Callable, fnArgs: readonly unknown[]): Promise<{ p50: number; avg: number }> {
  const times: number[] = [];
  const start = performance.now();
  while (performance.now() - start < ms) {
    const a = performance.now();
    await fn(...fnArgs);
    times.push(performance.now() - a);
  }
  const total = performance.now() - start;
  times.sort((x, y) => x - y);
  return { p50: times[times.length >> 1]! * 1e6, avg: (total / times.length) * 1e6 };
}

const variants: Record<string, () => Promise<{ p50: number; avg?: number }>> = {
  cell: async () => ({ p50: (await time(call, args, mode, { async: true, ...(loaded.settle ? { settle: (m: 'quick' | 'full') => loaded.settle!(m) } : {}) })).stats.p50Ns }),
  // The cell without the client settled after the collection (the runner before issue 19).
  'cell-unsettled': async () => ({ p50: (await time(call, args, mode, { async: true })).stats.p50Ns }),
  // The same, with the full collection time() makes before a cell turned into nothing: what a
  // forced GC just before the timing costs the requests that follow it.
  'cell-no-gc': async () => {
    const g = globalThis as { gc?: () => void };
    const gc = g.gc;
    g.gc = () => {};
    try {
      return { p50: (await time(call, args, mode, { async: true })).stats.p50Ns };
    } finally {
      g.gc = gc;
    }
  },
  // mitata's own loop, one run of `--ms` (no chunks, no collection): mitata without measure.ts.
  mitata: async () => ({
    p50: (await measure(async (...a: unknown[]) => call(...a), {
      params: Object.fromEntries(args.map((a, i) => [i, () => a])), batch_threshold: -1, gc: false,
      min_cpu_time: ms * 1e6, samples_threshold: Infinity,
    } as never)).p50,
  }),
  // The same run of mitata's split into four, as time() takes a cell in chunks: each chunk a
  // new compiled loop and a new 2^20-sample array.
  'mitata-4': async () => {
    const all: number[] = [];
    for (let c = 0; c < 4; c++) {
      const s = await measure(async (...a: unknown[]) => call(...a), {
        params: Object.fromEntries(args.map((a, i) => [i, () => a])), batch_threshold: -1, gc: false,
        min_cpu_time: (ms / 4) * 1e6, samples_threshold: Infinity,
      } as never);
      all.push(...s.samples);
    }
    return { p50: all.sort((a, b) => a - b)[all.length >> 1]! };
  },
  'cross-check': async () => ({ p50: (await crossCheckAsync(plain, mode)).nsPerCall }),
  loop: () => loop(plain, []),
  // The same loop right after one full collection, which the runner makes before every cell
  // (and in its harness floors): Node's fetch ran 1.3-1.4x slower for ~1500 requests after one.
  'loop-after-gc': () => {
    const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
    if (g.Bun) g.Bun.gc(true);
    else g.gc?.();
    return loop(plain, []);
  },
  'adapter-loop': () => loop(call, args),
};
const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
for (let r = 0; r < Number(values.rounds); r++) {
  const line: string[] = [];
  // Each round starts at the next variant, so none is always the one after a given other.
  const order = Object.entries(variants);
  for (const [name, v] of [...order.slice(r % order.length), ...order.slice(0, r % order.length)]) {
    const x = await v();
    results[name]!.push(x.p50);
    line.push(`${name} ${us(x.p50)}${x.avg ? ` (mean ${us(x.avg)})` : ''}`);
  }
  console.log(`round ${r + 1}: ${line.join(' · ')}`);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const base = med(results.loop!);
console.log(`${w.id}, median of rounds: ${Object.entries(results).map(([k, xs]) => `${k} ${us(med(xs))} (${(med(xs) / base).toFixed(2)}x)`).join(' · ')}`);
