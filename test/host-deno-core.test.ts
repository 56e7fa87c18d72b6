/**
 * deno_core as a host column, over QuickJS-ng (the v8x crate's emulation of the v8 API, built
 * here as its own binary): `compare()` finds it as `deno_core@0.413.0#quickjs` with its engine in
 * the provenance, verifies every host workload in `js` and `rust`, times them in quick mode,
 * and skips deno_core over V8 with the runner's reason; a failed build of it costs its column.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCatalogueWorkloads, hostSkips } from '../contract/workloads.ts';
import { hostWorkloads, workloadById } from '../runners/shared/catalogue.ts';
import { compare, hostColumns, type CompareOptions } from '../orchestrator/compare.ts';
import { asksFor, buildHost, hostBinary, hostBuilds, writeHostSpec } from '../orchestrator/host.ts';

const column = 'deno_core@0.413.0#quickjs';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridgetax-deno-core-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(mode: CompareOptions['mode'], lines: string[], extra: Partial<CompareOptions> = {}): CompareOptions {
  return {
    mode, runtimes: ['deno_core'], outDir: join(dir, mode), timeoutSeconds: 300, argv: [], width: 120, seed: 5,
    print: (l) => lines.push(l), ...extra,
  };
}

describe('deno_core over QuickJS-ng', () => {
  it('verifies every host workload in js and rust, names its engine, and skips deno_core over V8 with its reason', async () => {
    const lines: string[] = [];
    const { results, exitCode } = await compare(options('verify', lines));
    expect(results.failures, JSON.stringify(results.failures)).toEqual([]);
    expect(exitCode).toBe(0);
    // `--runtimes deno_core` asks for both builds of the crate: the one here, and V8's.
    expect(results.runtimes.map((r) => r.id)).toEqual([column]);
    const rt = results.runtimes[0]!;
    expect(rt).toMatchObject({ name: 'deno_core', version: '0.413.0', label: 'quickjs', engine: { name: 'QuickJS-ng' } });
    expect(rt.engine!.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(rt.libraries).toMatchObject({ deno_core: '0.413.0', 'QuickJS-ng': rt.engine!.version });
    const v8 = results.skipped.filter((s) => s.runtime === 'deno_core@0.413.0');
    expect(v8.map((s) => s.mechanism)).toEqual(['js', 'rust']);
    expect(v8[0]!.reason).toMatch(/librusty_v8\.a from GitHub/);
    for (const id of [...hostWorkloads.map((w) => w.id), ...hostCatalogueWorkloads]) {
      const params = (hostWorkloads.find((w) => w.id === id) ?? workloadById(id)!).params;
      for (const m of ['js', 'rust'] as const) {
        const cells = results.cells.filter((c) => c.runtime === column && c.workload === id && c.mechanism === m);
        const skip = results.skipped.find((s) => s.runtime === column && s.workload === id && s.mechanism === m);
        if (skip) expect(skip.reason.length, `${id} ${m}`).toBeGreaterThan(10);
        else expect(cells.map((c) => c.param), `${id} ${m}`).toEqual(params);
        expect(cells.every((c) => c.verified), `${id} ${m}`).toBe(true);
      }
    }
    expect(results.skipped.find((s) => s.runtime === column && s.workload === 'sha256_strings')?.reason).toBe(hostSkips.sha256_strings);
    expect(results.skipped.filter((s) => s.runtime === column && s.mechanism === 'rust').map((s) => s.workload).sort())
      .toEqual(['engine_start', 'eval_fresh', 'eval_reused', 'sha256_strings']);
    expect(lines.some((l) => l.startsWith('deno_core@0.413.0: skipped (deno_core (V8) is not part of this host runner'))).toBe(true);
  });

  it('times every crossing in quick mode: Rust calling JS, JS calling the op, the engine starts and the plugin rule', async () => {
    const lines: string[] = [];
    const workloads = ['engine_start', 'eval_fresh', 'eval_reused', 'add_i32', 'each_add_i32', 'fee_rule', 'fib'];
    const { results } = await compare(options('quick', lines, { runtimes: [column], workloads }));
    expect(results.failures, JSON.stringify(results.failures)).toEqual([]);
    expect(results.runtimes.map((r) => r.id)).toEqual([column]);
    // Asked for by its full id, deno_core over V8 is not mentioned.
    expect(results.skipped.filter((s) => s.runtime === 'deno_core@0.413.0')).toEqual([]);
    const cell = (w: string, m: string, param?: number) => {
      const c = results.cells.find((x) => x.workload === w && x.mechanism === m && (param === undefined || x.param === param));
      expect(c, `${w} ${m}`).toBeDefined();
      expect(c!.verified && c!.verifiedAfterTiming, `${w} ${m}`).toBe(true);
      expect(c!.stats!.samples, `${w} ${m}`).toBeGreaterThan(0);
      expect(c!.stats!.medianCiLowNs!).toBeLessThanOrEqual(c!.stats!.p50Ns);
      return c!;
    };
    // Real crossings cost time: a fresh runtime per call is slower than a reused one, Rust
    // calling into the engine slower than the native kernel, and each fee a JS call.
    expect(cell('eval_fresh', 'js').stats!.p50Ns).toBeGreaterThan(cell('eval_reused', 'js').stats!.p50Ns);
    expect(cell('engine_start', 'js').stats!.p50Ns).toBeGreaterThan(cell('eval_reused', 'js').stats!.p50Ns);
    expect(cell('add_i32', 'js').stats!.p50Ns).toBeGreaterThan(cell('add_i32', 'rust').stats!.p50Ns);
    expect(cell('each_add_i32', 'rust').note).toMatch(/#\[op2\(fast\)\] op/);
    expect(cell('each_add_i32', 'js').note).toMatch(/JS reference/);
    const fee = cell('fee_rule', 'js', 10_000);
    expect(fee.perItem).toMatchObject({ unit: expect.any(String) });
    expect(fee.perItem!.avgNs).toBeCloseTo(fee.stats!.avgNs / 10_000, 6);
    expect(fee.perItem!.p50Ns).toBeCloseTo(fee.stats!.p50Ns / 10_000, 6);
    expect(cell('fee_rule', 'rust', 10_000).note).toMatch(/natively/);
    expect(cell('fib', 'js', 20).stats!.p50Ns).toBeGreaterThan(cell('fib', 'rust', 20).stats!.p50Ns);
    // Quick: fib at its headline size alone.
    expect(results.cells.filter((c) => c.workload === 'fib').map((c) => c.param)).toEqual([20, 20]);
  });

  it('a deno_core-quickjs build that fails costs its column only, with the build\'s reason', async () => {
    const rquickjs = (await buildHost({ wanted: ['rquickjs'] }))[0]!;
    const quickjs = hostBuilds.find((b) => b.name === 'deno_core-quickjs')!;
    const r = await hostColumns([rquickjs, { build: quickjs, unavailable: 'cmake: not found' }]);
    expect(r.chosen.map((c) => c.id)).toEqual(['rquickjs@0.14.0']);
    expect(r.failures).toEqual([{ runtime: column, reason: 'cmake: not found' }]);
    // deno_core over V8 is still skipped with its own reason, apart from the failed build.
    expect(r.skipped.map((s) => `${s.runtime} ${s.mechanism}`)).toEqual(['deno_core@0.413.0 js', 'deno_core@0.413.0 rust']);
    const asked = await hostColumns([rquickjs, { build: quickjs, unavailable: 'cmake: not found' }], [column]);
    expect(asked.failures).toEqual([{ runtime: column, reason: 'cmake: not found' }]);
    expect(asked.chosen).toEqual([]);
  });

  it('its binary measures under its plain or labelled id only, and says what it carries', async () => {
    const binary = hostBinary(hostBuilds.find((b) => b.name === 'deno_core-quickjs')!);
    const spec = await writeHostSpec(join(dir, 'spec.json'));
    const run = (expect: string) => execa(binary, ['--engine', 'deno_core', '--spec', spec, '--out', join(dir, 'o.json'), '--mode', 'verify', '--workloads', 'add_i32', '--expect', expect], { reject: false });
    expect((await run(column)).exitCode).toBe(0);
    expect((await run('deno_core@0.413.0')).exitCode).toBe(0);
    const wrong = await run('deno_core@0.413.0#v8');
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/launched as deno_core@0\.413\.0#v8 but this is deno_core@0\.413\.0; refusing/);
    const noRquickjs = await execa(binary, ['--engine', 'rquickjs', '--spec', spec, '--out', join(dir, 'o.json')], { reject: false });
    expect(noRquickjs.stderr).toMatch(/built without rquickjs/);
    const described = JSON.parse((await execa(binary, ['--describe'])).stdout) as { name: string; label?: string; unavailable?: string }[];
    expect(described.map((d) => `${d.name}${d.label ? `#${d.label}` : ''} ${d.unavailable ? 'missing' : 'here'}`)).toEqual(['deno_core#quickjs here', 'deno_core missing']);
  });

  it('reads a host entry of --runtimes by name, version and label', () => {
    const quickjs = { name: 'deno_core', label: 'quickjs' };
    const v8 = { name: 'deno_core' };
    expect([asksFor('deno_core', quickjs), asksFor('deno_core', v8)]).toEqual([true, true]);
    expect([asksFor('deno_core@0.413.0', quickjs), asksFor('deno_core@0.413.0', v8)]).toEqual([false, true]);
    expect([asksFor(column, quickjs), asksFor(column, v8)]).toEqual([true, false]);
    expect(asksFor('rquickjs', quickjs)).toBe(false);
  });
});
