/**
 * `pnpm bridgetax runtimes`: the installed runtimes, the cached ones, and how to add a version
 * with the package it comes from on this platform.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { root } from '../orchestrator/paths.ts';
import { obtainRuntime, parseRequest, platformPackage, thisPlatform } from '../orchestrator/runtime-fetch.ts';
import { renderRuntimes } from '../orchestrator/runtimes-list.ts';
import { fakeRegistry, fakeRuntimeTarball } from './fake-registry.ts';
import { projectNode } from './helpers.ts';

it('lists installed and cached runtimes and how to add one', () => {
  const text = renderRuntimes({
    found: [
      { id: 'node@26.10.0', name: 'node', version: '26.10.0', execPath: '/p/node', source: 'project' },
      { id: 'node@20.20.2', name: 'node', version: '20.20.2', execPath: '/usr/bin/node', source: 'path' },
    ],
    cached: [{
      name: 'bun', version: '1.3.14', package: '@oven/bun-linux-x64@1.3.14', integrity: 'sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
      registry: 'https://r.example/', fetchedAt: '2026-12-01T08:00:00.000Z', execPath: '/c/bun@1.3.14/bin/bun',
    }],
    cacheDir: '/c', registry: 'https://r.example/', platform: { os: 'linux', arch: 'x64', musl: true },
  });
  expect(text.split('\n')).toEqual([
    'Installed:',
    '  node@26.10.0  project  /p/node',
    '  node@20.20.2  PATH     /usr/bin/node',
    '',
    'Cached (/c):',
    '  bun@1.3.14  @oven/bun-linux-x64@1.3.14  sha512-AAAAAAAAAAAA…  2026-12-01',
    '',
    'Add a version: name it in --runtimes, as an exact version or a semver range, e.g.',
    '  pnpm compare --runtimes node,node@22,bun@1.2,deno@2.4.1',
    "The newest matching release is fetched from https://r.example/ (npm's configured registry), checked",
    "against the registry's sha512 integrity before it is unpacked, and kept in the cache above. Here that is:",
    '  node  not available: node publishes no musl build on npm (linux-x64 (musl))',
    '  bun   @oven/bun-linux-x64-musl',
    '  deno  not available: deno publishes no musl build on npm (linux-x64 (musl))',
    'To remove a cached version, delete its folder.',
  ]);
});

it('says none when nothing is cached', () => {
  const text = renderRuntimes({ found: [], cached: [], cacheDir: '/c', registry: 'r', platform: { os: 'linux', arch: 'x64' } });
  expect(text).toMatch(/^Installed:\n {2}none\n\nCached \(\/c\):\n {2}none\n/);
});

it('`bridgetax runtimes` lists a runtime fetched into the cache', async () => {
  const target = platformPackage('node', thisPlatform());
  if (typeof target === 'string') throw new Error(target);
  const xdg = mkdtempSync(join(tmpdir(), 'bridgetax-xdg-'));
  const registry = await fakeRegistry({ [target.package]: [{ version: '99.1.0', tarball: await fakeRuntimeTarball('node', target.exe, '99.1.0') }] });
  try {
    await obtainRuntime(parseRequest('node@99')!, { registry: registry.url, cacheDir: join(xdg, 'bridgetax', 'runtimes') });
    const r = await execa(projectNode, [join(root, 'orchestrator', 'cli.ts'), 'runtimes'], {
      reject: false, cwd: root, env: { XDG_CACHE_HOME: xdg, npm_config_registry: registry.url },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`Cached (${join(xdg, 'bridgetax', 'runtimes')}):\n  node@99.1.0  ${target.package}@99.1.0  sha512-`);
    expect(r.stdout).toContain(`fetched from ${registry.url} (npm's configured registry)`);
  } finally {
    await registry.close();
    rmSync(xdg, { recursive: true, force: true });
  }
});
