/**
 * An npm registry on 127.0.0.1 for the tests of fetched runtime versions: packuments and
 * tarballs from memory, every request counted. Its "runtimes" are shell scripts that answer
 * discovery's version probe, so no real binary is downloaded or run.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { c as tar } from 'tar';

/** One published version. `integrity` overrides the true sha512 (to test a mismatch); `null`
 *  states none at all. */
export interface FakeVersion {
  version: string;
  tarball: Buffer;
  integrity?: string | null;
}

/** sha512 in SRI form, as `dist.integrity` states it. */
export const sri = (b: Buffer): string => `sha512-${createHash('sha512').update(b).digest('base64')}`;

/** A package tarball whose `exe` is a script that reports itself as `name` `reports`. */
export async function fakeRuntimeTarball(name: 'node' | 'bun' | 'deno', exe: string, reports: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'bridgetax-fake-pkg-'));
  try {
    const file = join(dir, 'package', exe);
    mkdirSync(dirname(file), { recursive: true });
    // Discovery's probe asks for {v, p}; $0 is the absolute path it was run by.
    writeFileSync(file, `#!/bin/sh\necho '{"v":"${reports}","p":"'"$0"'"}'\n`);
    chmodSync(file, 0o755);
    writeFileSync(join(dir, 'package', 'package.json'), JSON.stringify({ name: `fake-${name}`, version: reports }));
    const chunks: Buffer[] = [];
    for await (const chunk of tar({ gzip: true, cwd: dir, portable: true }, ['package'])) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A running fake registry; `close()` it in the test's `finally`/`afterAll`. */
export interface FakeRegistry {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `packages` (name → versions) until closed; every other name is a 404. */
export async function fakeRegistry(packages: Record<string, FakeVersion[]>): Promise<FakeRegistry> {
  const requests: string[] = [];
  let url = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/');
    requests.push(path);
    const tgz = /^\/-\/(.+)\/(\d[^/]*)\.tgz$/.exec(path);
    if (tgz) {
      const v = packages[tgz[1]!]?.find((x) => x.version === tgz[2]);
      if (!v) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(v.tarball);
    }
    const name = path.slice(1);
    const versions = packages[name];
    if (!versions) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
    const doc = {
      name,
      'dist-tags': { latest: versions.at(-1)!.version },
      versions: Object.fromEntries(versions.map((v) => [v.version, {
        name, version: v.version,
        dist: {
          tarball: `${url}/-/${name}/${v.version}.tgz`,
          ...(v.integrity === null ? { shasum: createHash('sha1').update(v.tarball).digest('hex') } : { integrity: v.integrity ?? sri(v.tarball) }),
        },
      }])),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, requests,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

/** A port nothing listens on: a registry that cannot be reached. */
export async function deadRegistryUrl(): Promise<string> {
  const r = await fakeRegistry({});
  await r.close();
  return r.url;
}
