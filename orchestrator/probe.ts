/**
 * The fast-call probe beside each Deno column (runners/deno/probe-fast-call.ts): a separate
 * process with V8's natives syntax, so the measuring runner runs exactly as users run Deno.
 * Its verdicts replace the documented call path of the column's `deno-ffi` cells (basis
 * `probe`); where it is inconclusive or fails, the documented rule stays and says so.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProbeDocumentSchema, type ProbeDocument, type RunnerDocument } from '../contract/document.ts';
import type { FoundRuntime } from './discover.ts';
import { root, type ArtifactPaths } from './paths.ts';
import { assertRunning, start, Stopping } from './processes.ts';

/** Runtimes with a probe, and the mechanism it checks. */
export const probed: Readonly<Partial<Record<FoundRuntime['name'], { entry: string; mechanism: 'deno-ffi' }>>> = {
  deno: { entry: join(root, 'runners', 'deno', 'probe-fast-call.ts'), mechanism: 'deno-ffi' },
};

/** Runs the probe for a column; the error text when it could not. */
export async function runProbe(
  runtime: FoundRuntime, artifacts: ArtifactPaths, unscopedFfi = false, timeoutMs = 120_000,
): Promise<ProbeDocument | { error: string }> {
  const p = probed[runtime.name];
  if (!p) return { error: `no probe for ${runtime.name}` };
  const dir = await mkdtemp(join(tmpdir(), 'bridgetax-probe-'));
  const out = join(dir, 'probe.json');
  try {
    const r = await start(runtime.execPath, [
      'run', '--no-prompt', '--v8-flags=--allow-natives-syntax', unscopedFfi ? '--allow-ffi' : `--allow-ffi=${artifacts.lib}`,
      `--allow-read=${artifacts.lib},${dir}`, `--allow-write=${dir}`, p.entry, '--out', out, '--lib', artifacts.lib,
    ], { cwd: root, reject: false, timeout: timeoutMs, env: { NO_COLOR: '1' } });
    assertRunning();
    if (r.exitCode !== 0) return { error: `probe exited with ${r.exitCode ?? r.signal}: ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}` };
    const parsed = ProbeDocumentSchema.safeParse(JSON.parse(await readFile(out, 'utf8')));
    return parsed.success ? parsed.data : { error: `probe wrote an invalid document: ${parsed.error.message}` };
  } catch (e) {
    if (e instanceof Stopping) throw e;
    return { error: `probe failed: ${(e as Error).message}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Puts the probe's verdicts into the column's cells of the probed mechanism. Pure. */
export function applyProbe(doc: RunnerDocument, probe: ProbeDocument | { error: string }): RunnerDocument {
  const cells = doc.cells.map((c) => {
    if (!c.callPath || ('mechanism' in probe && c.mechanism !== probe.mechanism)) return c;
    if ('error' in probe) return c.mechanism === probed[doc.runtime.name]?.mechanism ? { ...c, callPath: { ...c.callPath, why: `${c.callPath.why}; probe did not run: ${probe.error}` } } : c;
    const seen = probe.results.find((r) => r.workload === c.workload);
    if (!seen) return c;
    if (seen.callPath) return { ...c, callPath: seen.callPath };
    const why = `${c.callPath.why}; probe inconclusive (TurboFan ${seen.turbofan ? 'yes' : 'no'}, optimized ${seen.optimizedNs.toFixed(1)} ns vs slow path ${seen.slowNs.toFixed(1)} ns)`;
    return { ...c, callPath: { ...c.callPath, why } };
  });
  return { ...doc, cells };
}
