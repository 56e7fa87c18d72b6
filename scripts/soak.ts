/**
 * `pnpm soak`: resident memory over a million calls of the allocating workloads that cross the
 * other way — strings made by Rust (`str_make`) and callbacks into JS (`callback_sum`) — on every
 * mechanism of every runtime found. A benchmark, not a test (the test, memory-soak.test.ts, is
 * time-boxed): it prints each cell's RSS before and after (each after a full collection) and the
 * peak, and exits 1 if any grew by 16 MiB or more.
 *
 *   pnpm soak                                   # 1e6 calls of str_make and callback_sum
 *   pnpm soak --calls 200000 --workloads str_make
 */
import { parseArgs } from 'node:util';
import process from 'node:process';
import { build } from '../orchestrator/build.ts';
import { discoverRuntimes } from '../orchestrator/discover.ts';
import { runColumn } from '../orchestrator/spawn.ts';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '1000000' }, workloads: { type: 'string', default: 'str_make,callback_sum' } },
});
const calls = Number(values.calls);
if (!Number.isInteger(calls) || calls < 256) {
  console.error(`--calls must be an integer of at least 256, not "${values.calls}"`);
  process.exit(2);
}
const bound = 16 * 2 ** 20;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

const built = await build();
let grew = false;
for (const runtime of await discoverRuntimes()) {
  const o = await runColumn({
    runtime, artifacts: built.artifacts, mode: 'verify', timeoutMs: 3_600_000, denoUnscopedFfi: true,
    workloads: values.workloads.split(','), soak: { calls },
  }, () => {});
  if ('failure' in o) {
    console.log(`${runtime.id}: FAILED: ${o.failure.reason}`);
    grew = true;
    continue;
  }
  for (const s of o.document.soak ?? []) {
    const growth = s.rssAfterBytes - s.rssBeforeBytes;
    grew ||= growth >= bound;
    console.log(`${runtime.id.padEnd(14)} ${s.mechanism.padEnd(9)} ${`${s.workload}(${s.param})`.padEnd(18)} ${String(s.calls).padStart(8)} calls: `
      + `RSS ${mib(s.rssBeforeBytes)} -> ${mib(s.rssAfterBytes)} (${growth >= 0 ? '+' : ''}${mib(growth)}, peak ${mib(s.rssPeakBytes)})`);
  }
}
process.exitCode = grew ? 1 : 0;
