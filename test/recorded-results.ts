/** Recorded results files (real `compare --quick` runs on the development machine), read fresh
 *  for each use so a test may change its copy. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseResults, type Results } from '../contract/results.ts';

/** node@26.10.0 and bun@1.4.4, add_i32, add_f64 and bytes_sum at 64 B, 64 KiB and 1 MiB. */
export const resultsA = fileURLToPath(new URL('./fixtures/results-node26-bun.json', import.meta.url));
/** node@20.20.2 and deno@2.9.6, the same workloads, recorded separately on the same machine. */
export const resultsB = fileURLToPath(new URL('./fixtures/results-node20-deno.json', import.meta.url));
/** node@26.10.0 and deno@2.9.6 over one workload of each group: add_i32 (call), str_hash
 *  (data, sized), callback_sum, async_job and sha256_strings (compute), with the workloads of
 *  issue 3 (per-callback figures, async notes, platform skips). */
export const resultsAllGroups = fileURLToPath(new URL('./fixtures/results-all-groups.json', import.meta.url));

/** bun@1.4.4 and deno@2.9.6, add_i32 and the load group (cold_start, with sizes), quick mode
 *  on a heavily loaded machine (load average about 14). Recorded in version 1 and kept as the
 *  version 2 file the version 1 reader makes of it (`fromVersion1`: napi cells get their
 *  napi-rs version), with the mean's intervals a version 2 file had before commit df9db0c. */
export const resultsLoad = fileURLToPath(new URL('./fixtures/results-load.json', import.meta.url));

/** node@26.10.0 and bun@1.4.4, js, napi (3.16.1 and 3.5.2) and koffi over add_i32, callback_sum
 *  and cold_start, `compare --quick --repeat 2 --seed 7`, written in version 3 (the median's
 *  fields) by commit c18632b on a loaded machine (load average about 9). */
export const resultsV3 = fileURLToPath(new URL('./fixtures/results-v3.json', import.meta.url));

/** A recorded results file, validated. */
export function readRecorded(file: string): Results {
  return parseResults(JSON.parse(readFileSync(file, 'utf8')), file);
}
