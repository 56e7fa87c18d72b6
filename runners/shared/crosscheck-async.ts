/**
 * The cross-check of a cell whose calls return Promises (the loopback service's): a plain
 * sequential loop of awaited requests, `performance.now()` around each `await call()`, with no
 * mitata in it, as anyone would time a request loop. The `call` it is given is the mechanism's
 * plain request (`Loaded.plainCall`): the same request the cell makes, encoded once beforehand,
 * its answer read but not decoded. A cell well above this figure has something besides the
 * request inside it (the harness, the encoding, a cold client), and the report shows both.
 *
 * Each request is timed on its own and the figure is their median, the statistic the cell is
 * quoted by: a request's time has a long tail on a shared 2-core machine (at load 7, a plain
 * loop's mean was 2x its median, one request in a few hundred waiting milliseconds for a core),
 * and the mean of a loop would compare that tail with the cell's median. The timer costs
 * 0.1 µs, under 1 % of the fastest request (~20 µs). In `CrossCheck` terms each timed loop is
 * one request: `calls` is 1 and `runs` is how many were timed.
 *
 * Its own file (not crosscheck.ts): crosscheck.ts times synchronous calls in one compiled loop,
 * which cannot await.
 */
import type { CrossCheck } from '../../contract/document.ts';
import { CROSS_CHECK_TARGET_MS } from './crosscheck.ts';

/** The timed requests last this many times the mode's cross-check target (quick 20 ms, full
 *  80 ms: some 60 and 250 requests of 300 µs), and number at least `minRequests`. */
export const ASYNC_CROSS_CHECK = { targetFactor: 4, minRequests: 15, warmUpRequests: 3 } as const;

/** Times `call()` awaited in sequence and returns the median request's ns. */
export async function crossCheckAsync(call: () => Promise<unknown>, mode: keyof typeof CROSS_CHECK_TARGET_MS): Promise<CrossCheck> {
  // A few untimed first: the cell's last request was a different function's (the adapter's).
  for (let i = 0; i < ASYNC_CROSS_CHECK.warmUpRequests; i++) await call();
  const budget = CROSS_CHECK_TARGET_MS[mode] * ASYNC_CROSS_CHECK.targetFactor;
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < ASYNC_CROSS_CHECK.minRequests || performance.now() - t0 < budget) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { nsPerCall: median * 1e6, calls: 1, runs: times.length };
}
