/**
 * Deno's fast-call probe (runners/shared/probe.ts): run by `pnpm compare` beside each Deno
 * column, with `--v8-flags=--allow-natives-syntax`, never inside the measuring runner.
 *
 *   deno run --v8-flags=--allow-natives-syntax --allow-ffi=LIB --allow-read=LIB,DIR \
 *     --allow-write=DIR runners/deno/probe-fast-call.ts --out DIR/probe.json --lib LIB
 */
import { rename, writeFile } from 'node:fs/promises';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { ProbeDocumentSchema, type ProbeDocument } from '../../contract/document.ts';
import { probe } from '../shared/probe.ts';
import { detectRuntime } from '../shared/runtime.ts';
import { denoFfi } from './deno-ffi.ts';

const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: 'string' }, lib: { type: 'string' } } });
if (!values.out || !values.lib) {
  console.error('usage: deno run … runners/deno/probe-fast-call.ts --out FILE --lib PATH');
  Deno.exit(2);
}
const runtime = detectRuntime();
const results = await probe(denoFfi, { artifacts: { lib: values.lib }, file: values.lib, runtime }, { fast: 'fast-call', slow: 'slow-call' });
const doc: ProbeDocument = ProbeDocumentSchema.parse({ kind: 'probe', runtime, mechanism: 'deno-ffi', results });
for (const r of results) console.log(`${r.workload}: ${r.callPath ? `${r.callPath.path}, ${r.callPath.why}` : `inconclusive (turbofan ${r.turbofan}, ${r.optimizedNs.toFixed(1)} vs ${r.slowNs.toFixed(1)} ns)`}`);
const tmp = `${values.out}.${process.pid}.tmp`;
await writeFile(tmp, JSON.stringify(doc, null, 1));
await rename(tmp, values.out);
