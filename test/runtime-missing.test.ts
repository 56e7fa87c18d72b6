/**
 * A runtime named on the command line but not installed, or a version that cannot be fetched
 * (unknown to the registry, or a tarball failing its integrity check; the registry is a fake one
 * on 127.0.0.1): its column is a failure saying so, the other columns run whole, and the exit
 * code is 1. When none of the named runtimes can be had, nothing runs and nothing is written
 * (exit code 3).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, selectRuntimes, type CompareOptions } from '../orchestrator/compare.ts';
import { exitCodes, RunError } from '../orchestrator/errors.ts';
import { platformPackage, thisPlatform } from '../orchestrator/runtime-fetch.ts';
import { fakeRegistry, fakeRuntimeTarball, sri, type FakeRegistry } from './fake-registry.ts';
import { node26, runtimes } from './helpers.ts';

const found = await runtimes();
const nodePackage = platformPackage('node', thisPlatform());
const bunPackage = platformPackage('bun', thisPlatform());

// node@99.1.0 is published with a tarball that fails its checksum; no bun at all.
let registry: FakeRegistry;
beforeAll(async () => {
  if (typeof nodePackage === 'string') throw new Error(nodePackage);
  const tarball = await fakeRuntimeTarball('node', nodePackage.exe, '99.1.0');
  registry = await fakeRegistry({ [nodePackage.package]: [{ version: '99.1.0', tarball, integrity: sri(Buffer.from('not it')) }] });
});
afterAll(() => registry.close());

function options(runtimes: string[], lines: string[]): CompareOptions {
  return {
    mode: 'verify', runtimes, mechanisms: ['js', 'napi'], workloads: ['add_i32'], timeoutSeconds: 120, argv: [], width: 120, seed: 1,
    outDir: mkdtempSync(join(tmpdir(), 'bridgetax-missing-')), print: (l) => lines.push(l),
    fetch: { registry: registry.url, cacheDir: mkdtempSync(join(tmpdir(), 'bridgetax-missing-cache-')) },
  };
}

describe('a runtime named but not installed', () => {
  it('is a failure naming it and what was found; the others are chosen', () => {
    const withoutBun = found.filter((r) => r.name !== 'bun');
    const { chosen, missing, fetch } = selectRuntimes(withoutBun, ['bun', 'node', 'bun@1.2']);
    expect(chosen).toEqual(withoutBun.filter((r) => r.name === 'node'));
    expect(missing).toEqual([{
      runtime: 'bun',
      reason: `not installed: no bun was found (found: ${withoutBun.map((r) => r.id).join(', ')}); run \`pnpm install\`, put it on PATH, or name a version (bun@<version>) to fetch it from npm`,
    }]);
    expect(fetch).toEqual([{ text: 'bun@1.2', name: 'bun', range: '1.2' }]);
  });

  it('costs its column only: the others run whole, exit code 1', async () => {
    const present = await node26();
    const lines: string[] = [];
    const o = options([present.id, 'bun@0.0.1', 'node@99'], lines);
    const { results, written, exitCode } = await compare(o);
    expect(exitCode).toBe(exitCodes.failures);
    const bun = typeof bunPackage === 'string' ? bunPackage : bunPackage.package;
    const node = typeof nodePackage === 'string' ? nodePackage : nodePackage.package;
    expect(lines).toContain(`bun@0.0.1: no bun release matches "0.0.1" on ${registry.url} (${bun}); \`npm view ${bun} versions\` lists those there are`);
    expect(lines).toContain(`node@99: ${node}@99.1.0's tarball does not match the registry's integrity ${sri(Buffer.from('not it'))}; not unpacked, not run`);
    expect(results.failures.map((f) => f.runtime)).toEqual(['bun@0.0.1', 'node@99']);
    // napi at each napi-rs version built (rustlib's and the pinned one).
    expect(results.cells.map((c) => `${c.runtime} ${c.mechanism} ${c.verified}`)).toEqual([`${present.id} js true`, `${present.id} napi true`, `${present.id} napi true`]);
    expect(new Set(results.cells.filter((c) => c.mechanism === 'napi').map((c) => c.mechanismVersion)).size).toBe(2);
    expect(readFileSync(written.markdown, 'utf8')).toMatch(/`bun@0\.0\.1`: no bun release matches "0\.0\.1"/);
    expect(readdirSync(o.fetch!.cacheDir!)).toEqual([]);
  });

  it('when none of the named runtimes is here, nothing runs and nothing is written', async () => {
    const lines: string[] = [];
    const o = options(['bun@0.0.1', 'deno@0.0.1'], lines);
    await expect(compare(o)).rejects.toThrow(new RunError('none of the runtimes asked for is installed or could be fetched: nothing to run'));
    expect(lines.filter((l) => /no (bun|deno) release matches "0\.0\.1"/.test(l))).toHaveLength(2);
    expect(lines.some((l) => /^Runtimes:|^Building/.test(l))).toBe(false);
    expect(readdirSync(o.outDir)).toEqual([]);
  });
});
