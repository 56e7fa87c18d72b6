/** The results file the event_loop and parallel reports are tested over. */
import { fileURLToPath } from 'node:url';
import type { Results } from '../contract/results.ts';
import { readRecorded } from './recorded-results.ts';

/**
 * node@26.10.0 and deno@2.9.6: the add_i32 and async_job cells of results-all-groups.json (read
 * through the version 1 reader and kept as version 3), the run marked `full` on 4 cores, with
 * constructed event_loop and parallel groups shaped as runners/shared/server.ts writes them:
 * spin at 20M and 200M rounds, each column's idle timer, and N = 1, 2, 4, 8 at 20M rounds.
 * What each column holds (the limit is the larger of 5 ms and 3 × the idle max):
 * - node (idle max 1.4 ms, limit 5 ms): every sync path blocks; napi, koffi async and every
 *   Worker keep the loop free, napi async the cheapest at 200M (job 199.1 ms); js, node-ffi and
 *   wasm async are skipped with a reason; koffi's Worker fails to load (also in `failures`);
 *   parallel: napi threads best at N = 4 (3.79x), wasm threads skipped, koffi worker failed.
 * - deno (idle max 2.4 ms, limit 7.2 ms): napi async is 6.1 ms late at 200M, free only by the
 *   idle factor; koffi async is free at 20M and blocks at 200M (9.8 ms); deno-ffi async is the
 *   cheapest free path at 200M (job 198.9 ms); the loop-delay histogram is unavailable.
 */
export const resultsServer = fileURLToPath(new URL('./fixtures/results-server.json', import.meta.url));

/** The server fixture, validated (a fresh copy each call, so a test may change it). */
export const readServer = (): Results => readRecorded(resultsServer);
