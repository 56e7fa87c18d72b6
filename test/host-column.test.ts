/**
 * The host column (host/, Rust embedding rquickjs): its document passes the runner schema with
 * every cell verified against the answers the catalogue computes in JS; a wrong answer fails
 * its cells with both values and is never timed; the orchestrator names, selects and launches
 * host columns, and the engine it lacks (deno_core) is skipped with the runner's own reason.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCatalogueWorkloads, hostSkips } from '../contract/workloads.ts';
import { hostWorkloads, workloadById } from '../runners/shared/catalogue.ts';
import { RunnerDocumentSchema, type RunnerDocument } from '../contract/document.ts';
import { hostColumns, validateFilters, workloadsFor } from '../orchestrator/compare.ts';
import { buildHost, hostBuilds, writeHostSpec, type HostBuild } from '../orchestrator/host.ts';
import { runColumn, runnerCommand } from '../orchestrator/spawn.ts';
import type { FoundRuntime } from '../orchestrator/discover.ts';

let dir: string;
let binary: string;
let spec: string;
let built: HostBuild[];

beforeAll(async () => {
  built = await buildHost({ wanted: ['rquickjs'] });
  const rquickjs = built[0]!;
  if ('unavailable' in rquickjs) throw new Error(rquickjs.unavailable);
  binary = rquickjs.binary;
  dir = await mkdtemp(join(tmpdir(), 'bridgetax-host-'));
  spec = await writeHostSpec(join(dir, 'spec.json'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runHost(args: string[], specFile = spec): Promise<RunnerDocument> {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  await execa(binary, ['--spec', specFile, '--out', out, '--seed', '7', ...args]);
  return RunnerDocumentSchema.parse(JSON.parse(await readFile(out, 'utf8')));
}

describe('host runner', () => {
  it('verifies every cell of every host workload, in js and rust, and names its engine', async () => {
    const doc = await runHost(['--mode', 'verify']);
    expect(doc.runtime.id).toMatch(/^rquickjs@\d+\.\d+\.\d+$/);
    expect(doc.runtime.engine?.name).toBe('QuickJS-ng');
    expect(doc.failures).toEqual([]);
    const ids = [...hostWorkloads.map((w) => w.id), ...hostCatalogueWorkloads];
    for (const id of ids) {
      const params = (hostWorkloads.find((w) => w.id === id) ?? workloadById(id)!).params;
      const skipped = doc.skipped.filter((s) => s.workload === id);
      for (const m of ['js', 'rust'] as const) {
        const cells = doc.cells.filter((c) => c.workload === id && c.mechanism === m);
        const skip = skipped.find((s) => s.mechanism === m);
        // Never silently absent: each is verified at every param, or skipped with a reason.
        if (skip) expect(skip.reason.length, `${id} ${m}`).toBeGreaterThan(10);
        else expect(cells.map((c) => c.param), `${id} ${m}`).toEqual(params);
        expect(cells.every((c) => c.verified && c.stats === undefined)).toBe(true);
      }
    }
    expect(doc.skipped.find((s) => s.workload === 'sha256_strings')?.reason).toBe(hostSkips.sha256_strings);
    expect(doc.skipped.filter((s) => s.mechanism === 'rust').map((s) => s.workload).sort())
      .toEqual(['engine_start', 'eval_fresh', 'eval_reused', 'sha256_strings']);
  });

  it('fails a wrong answer with both values and never times it; the other cells are timed', async () => {
    const text = JSON.parse(await readFile(spec, 'utf8')) as { workloads: { id: string; param: number | null; expected: unknown }[] };
    const fib20 = text.workloads.find((w) => w.id === 'fib' && w.param === 20)!;
    expect(fib20.expected).toBe(6765);
    fib20.expected = 6766;
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify(text));
    const doc = await runHost(['--mode', 'quick', '--workloads', 'fib,add_i32'], wrong);
    for (const m of ['js', 'rust']) {
      const f = doc.failures.find((x) => x.mechanism === m && x.workload === 'fib' && x.param === 20);
      expect(f, m).toMatchObject({ expected: '6766', actual: '6765' });
      const c = doc.cells.find((x) => x.mechanism === m && x.workload === 'fib' && x.param === 20)!;
      expect(c.verified).toBe(false);
      expect(c.stats).toBeUndefined();
    }
    const timed = doc.cells.filter((c) => c.verified);
    expect(timed.map((c) => `${c.workload}/${c.param}/${c.mechanism}`).sort()).toEqual(['add_i32/null/js', 'add_i32/null/rust']);
    // A quick run measures fib at its headline size alone (20): no cell of its other size.
    expect(doc.cells.filter((c) => c.workload === 'fib').map((c) => c.param)).toEqual([20, 20]);
    for (const c of timed) {
      expect(c.stats!.samples).toBeGreaterThan(0);
      expect(c.stats!.medianCiLowNs!).toBeLessThanOrEqual(c.stats!.p50Ns);
      expect(c.stats!.medianCiHighNs!).toBeGreaterThanOrEqual(c.stats!.p50Ns);
      // Netted by medians: the floor's median, and the cell's median net of it.
      expect(c.stats!.floorMedianNs).toBe(doc.harness!.floors[0]!.stats.p50Ns);
      expect(c.stats!.medianNetNs).toBeCloseTo(c.stats!.p50Ns - c.stats!.floorMedianNs!, 9);
    }
    expect(doc.harness?.floors).toHaveLength(1);
  });

  it('refuses a wrong label, an unknown workload and a missing spec, saying what is wrong', async () => {
    const out = join(dir, 'never.json');
    const wrongLabel = await execa(binary, ['--spec', spec, '--out', out, '--expect', 'rquickjs@0.0.1'], { reject: false });
    expect(wrongLabel.exitCode).toBe(2);
    expect(wrongLabel.stderr).toMatch(/launched as rquickjs@0\.0\.1 but this is rquickjs@/);
    const unknown = await execa(binary, ['--spec', spec, '--out', out, '--workloads', 'nope'], { reject: false });
    expect(unknown.stderr).toMatch(/unknown workload "nope"; valid: .*fee_rule/);
    const missing = await execa(binary, ['--spec', join(dir, 'absent.json'), '--out', out], { reject: false });
    expect(missing.stderr).toMatch(/cannot read --spec/);
  });
});

describe('orchestrator and host columns', () => {
  it('finds rquickjs in its built runner and skips deno_core over V8 with the runner\'s reason', async () => {
    const all = await hostColumns(built);
    expect(all.chosen.map((r) => r.name)).toEqual(['rquickjs']);
    expect(all.skipped.map((s) => `${s.runtime} ${s.mechanism}`)).toEqual(['deno_core@0.413.0 js', 'deno_core@0.413.0 rust']);
    expect(all.skipped[0]!.reason).toMatch(/librusty_v8\.a from GitHub/);
    const only = await hostColumns(built, ['rquickjs']);
    expect(only.chosen).toHaveLength(1);
    expect(only.skipped).toEqual([]);
    const broken = await hostColumns([{ build: hostBuilds[0]!, unavailable: 'cc not found' }], ['rquickjs']);
    expect(broken.failures).toEqual([{ runtime: 'rquickjs@0.14.0', reason: 'cc not found' }]);
    expect(broken.chosen).toEqual([]);
  });

  it('accepts host names and host workloads, and gives each column only the workloads it knows', () => {
    expect(() => validateFilters({ runtimes: ['rquickjs', 'deno_core@0.413.0'], workloads: ['fee_rule', 'fib'] })).not.toThrow();
    expect(() => validateFilters({ runtimes: ['quickjs'] })).toThrow(/valid runtimes: .*rquickjs/);
    const host = { id: 'rquickjs@0.14.0', name: 'rquickjs', version: '0.14.0', execPath: binary, source: 'built' } satisfies FoundRuntime;
    const node = { id: 'node@26.10.0', name: 'node', version: '26.10.0', execPath: '/n', source: 'project' } satisfies FoundRuntime;
    expect(workloadsFor(host, ['fee_rule', 'fib', 'bytes_sum'])).toEqual(['fee_rule', 'fib']);
    expect(workloadsFor(node, ['fee_rule', 'fib', 'bytes_sum'])).toEqual(['fib', 'bytes_sum']);
    expect(workloadsFor(node, ['fee_rule'])).toBeNull();
    expect(workloadsFor(node, undefined)).toBeUndefined();
  });

  it('launches a host column as the host runner with its spec, no artifacts', () => {
    const runtime = { id: 'rquickjs@0.14.0', name: 'rquickjs', version: '0.14.0', execPath: binary, source: 'built' } satisfies FoundRuntime;
    const cmd = runnerCommand({ runtime, artifacts: { lib: '/x/librustlib.so' }, mode: 'quick', timeoutMs: 1000, seed: 3, hostSpec: spec, workloads: ['fib'] }, '/tmp/o.json');
    expect(cmd.file).toBe(binary);
    expect(cmd.args).toEqual(expect.arrayContaining(['--engine', 'rquickjs', '--spec', spec, '--expect', 'rquickjs@0.14.0', '--seed', '3', '--workloads', 'fib']));
    expect(cmd.args.join(' ')).not.toMatch(/--artifact/);
    expect(() => runnerCommand({ runtime, artifacts: {}, mode: 'quick', timeoutMs: 1000 }, '/tmp/o.json')).toThrow(/host spec/);
  });

  it.skipIf(process.platform === 'win32')('a host runner that dies or hangs costs its column only, with the reason and its stderr', async () => {
    const runtime = { id: 'rquickjs@0.14.0', name: 'rquickjs', version: '0.14.0', execPath: binary, source: 'built' } satisfies FoundRuntime;
    const crash = join(dir, 'crash.sh');
    await writeFile(crash, '#!/bin/sh\necho "engine exploded" >&2\nexit 3\n', { mode: 0o755 });
    const died = await runColumn({ runtime, artifacts: {}, mode: 'quick', timeoutMs: 20_000, hostSpec: spec, entry: crash }, () => {});
    expect('failure' in died && died.failure).toMatchObject({ runtime: runtime.id, reason: expect.stringMatching(/exited with code 3/), stderrTail: expect.stringMatching(/engine exploded/) });
    const hang = join(dir, 'hang.sh');
    await writeFile(hang, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const hung = await runColumn({ runtime, artifacts: {}, mode: 'quick', timeoutMs: 500, hostSpec: spec, entry: hang }, () => {});
    expect('failure' in hung && hung.failure.reason).toMatch(/timed out after/);
  });
});
