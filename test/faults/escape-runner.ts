/**
 * Fault injector (tests only): the real Node runner, after first trying what a runner is never
 * granted: reading a file outside its grants (`BRIDGETAX_FAULT_READ`) or writing one outside its
 * output folder (`BRIDGETAX_FAULT_WRITE`). Under Node's permission model the attempt throws
 * ERR_ACCESS_DENIED, uncaught, and the column fails with Node's words; without the model it
 * succeeds and the runner goes on as usual.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { js } from '../../runners/shared/mechanisms/js.ts';
import { runRunner } from '../../runners/shared/runner.ts';

const read = process.env.BRIDGETAX_FAULT_READ;
const write = process.env.BRIDGETAX_FAULT_WRITE;
if (read) console.log(`escape: read ${readFileSync(read, 'utf8').length} bytes of ${read}`);
if (write) {
  writeFileSync(write, 'escaped');
  console.log(`escape: wrote ${write}`);
}
process.exitCode = await runRunner([js], process.argv.slice(2));
