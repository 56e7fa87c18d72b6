/**
 * The load entry: one fresh runtime process that loads one mechanism and makes its first call of
 * `coldStart.via` (add_i32), checked against the JS reference, then exits. The orchestrator
 * (orchestrator/load.ts) spawns it many times per mechanism and times each process from spawn
 * to exit; run without `--mechanisms` it loads nothing, and that is the column's floor.
 *
 * Kept lean on purpose: everything imported statically here is in the floor too, so it imports
 * only the catalogue, the runtime check and verify (no mitata, no zod); the adapter is imported
 * only when asked for, by its file name, which is its mechanism id (DESIGN.md "Layout"): a
 * runtime's own API in `runners/<runtime>/<id>.ts`, every other in `runners/shared/mechanisms/`.
 *
 * Exit code 0 only when the answer was right. The outcome (verified, skipped with the adapter's
 * reason, or failed with both values) goes to `--out` as a `LoadOutcome` document.
 */
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { artifactIds, mechanismArtifact, mechanismIds, type ArtifactId, type MechanismId } from '../../contract/registry.ts';
import { adapterFor } from './adapters.ts';
import { coldStart } from '../../contract/workloads.ts';
import { workloadById } from './catalogue.ts';
import type { JsRuntimeInfo, LoadOutcome } from '../../contract/document.ts';
import type { Callable } from './mechanism.ts';
import { detectRuntime } from './runtime.ts';
import { loopbackUrl } from './service-url.ts';
import { show, verify } from './verify.ts';

const usage = `usage: <runtime> runners/shared/load.ts --out FILE [--mechanisms ID] [--artifact NAME=PATH ...] [--expect RUNTIME@VERSION] [--service-url http://127.0.0.1:PORT]
  (no --mechanisms: the floor, nothing loaded; NAME: ${artifactIds.join(', ')})`;

/** Exit codes: the orchestrator reads the document, people read these. */
const exit = { verified: 0, failed: 1, usage: 2, skipped: 3 } as const;

async function main(): Promise<number> {
  // `--mode` and `--seed` are accepted because the orchestrator builds this command line like a
  // runner's; nothing here depends on them.
  const { values } = parseArgs({
    args: process.argv.slice(2), strict: true,
    options: {
      out: { type: 'string' }, mechanisms: { type: 'string' }, artifact: { type: 'string', multiple: true },
      expect: { type: 'string' }, mode: { type: 'string' }, seed: { type: 'string' }, 'service-url': { type: 'string' },
    },
  });
  if (!values.out) throw new Error(`missing --out\n${usage}`);
  const artifacts: Partial<Record<ArtifactId, string>> = {};
  for (const a of values.artifact ?? []) {
    const at = a.indexOf('=');
    const name = a.slice(0, at) as ArtifactId;
    if (at < 1 || !artifactIds.includes(name)) throw new Error(`--artifact takes NAME=PATH with NAME one of ${artifactIds.join(', ')}, not "${a}"\n${usage}`);
    artifacts[name] = a.slice(at + 1);
  }
  // The http mechanisms' first call needs the service the orchestrator keeps running.
  const serviceUrl = values['service-url'] === undefined ? undefined : loopbackUrl(values['service-url']);
  const id = values.mechanisms as MechanismId | undefined;
  if (id !== undefined && !mechanismIds.includes(id)) throw new Error(`--mechanisms takes one mechanism id (${mechanismIds.join(', ')}), not "${id}"\n${usage}`);

  const runtime = detectRuntime();
  if (values.expect && values.expect !== runtime.id) {
    console.error(`load: launched as ${values.expect} but this is ${runtime.id}; refusing to measure under the wrong label`);
    return exit.usage;
  }
  const done = (o: Omit<LoadOutcome, 'kind' | 'runtime' | 'mechanism'>): number => {
    const doc: LoadOutcome = { kind: 'load', runtime, ...(id ? { mechanism: id } : {}), ...o };
    writeFileSync(values.out!, JSON.stringify(doc));
    if (o.reason) console.error(`load: ${id ?? 'floor'}: ${o.outcome}: ${o.reason}`);
    return exit[o.outcome];
  };
  if (id === undefined) return done({ outcome: 'verified' });
  try {
    return await loadAndCall(id, artifacts, runtime, done, serviceUrl);
  } catch (e) {
    // A load or call that throws is a failure of this mechanism's cell; the message is the reason.
    return done({ outcome: 'failed', reason: `threw: ${e instanceof Error ? e.message : show(e)}` });
  }
}

async function loadAndCall(
  id: MechanismId, artifacts: Partial<Record<ArtifactId, string>>, runtime: JsRuntimeInfo,
  done: (o: Omit<LoadOutcome, 'kind' | 'runtime' | 'mechanism'>) => number, serviceUrl?: string,
): Promise<number> {
  const adapter = await adapterFor(id, runtime.name);
  if (typeof adapter === 'string') return done({ outcome: 'failed', reason: adapter });
  const artifact = mechanismArtifact[id];
  const file = artifact ? artifacts[artifact] : '';
  if (file === undefined) return done({ outcome: 'failed', reason: `no --artifact ${artifact}=PATH was given (the file ${id} loads)` });

  const w = workloadById(coldStart.via)!;
  const loaded = await adapter.load({ artifacts, file, runtime, ...(serviceUrl ? { serviceUrl } : {}) });
  if ('skip' in loaded) return done({ outcome: 'skipped', reason: loaded.skip });
  const fn = loaded.bind(w);
  if ('skip' in fn) return done({ outcome: 'skipped', reason: fn.skip });
  const args = w.input(null);
  const actual = await fn(...args);
  const expected = (w.reference as Callable)(...w.input(null));
  const verdict = verify(w, expected, actual);
  if (!verdict.ok) return done({ outcome: 'failed', reason: 'wrong answer', expected: verdict.expected, actual: verdict.actual });
  return done({ outcome: 'verified' });
}

let code: number;
try {
  code = await main();
} catch (e) {
  // Bad usage (the outcome's file is not known yet).
  console.error(`load: ${e instanceof Error ? e.stack ?? e.message : show(e)}`);
  code = exit.usage;
}
// Explicitly: an adapter may leave handles open (a callback registry, a worker), and the process
// must end at its first verified call, not when they close.
process.exit(code);
