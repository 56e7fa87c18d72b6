/**
 * What each mechanism loads, in bytes on disk and gzip-compressed: its built file
 * (`mechanismArtifact`) and, for one that depends on an npm package (`mechanismPackage`), that
 * package's native addon for this machine; the package's whole installed weight is reported
 * beside it. Driven by those two catalogue tables only, so a new mechanism's sizes need no code.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mechanismArtifact, mechanismPackage, type ArtifactId, type MechanismId } from '../contract/registry.ts';
import type { Load } from '../contract/document.ts';
import { root } from './paths.ts';

/** Bytes of a file or a folder, raw and gzip-compressed. */
export interface Size {
  bytes: number;
  gzipBytes: number;
  files: number;
}

/** Every file under `path` (itself, for a file). */
function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => filesOf(join(path, e.name)));
}

/** The size of a file, or of a folder as the sum of its files; each file gzipped on its own at
 *  level 9 (what `gzip -9` gives, and about what a package tarball's compression does). */
export function sizeOf(path: string): Size {
  let bytes = 0;
  let gzipBytes = 0;
  const files = filesOf(path);
  for (const f of files) {
    const s = fileSize(f);
    bytes += s.bytes;
    gzipBytes += s.gzipBytes;
  }
  return { bytes, gzipBytes, files: files.length };
}

/** Gzipping koffi's package takes seconds here, and every column sizes the same files: each
 *  file is compressed once per process, again only when its size or mtime changed. */
const sized = new Map<string, { key: string; bytes: number; gzipBytes: number }>();
function fileSize(f: string): { bytes: number; gzipBytes: number } {
  const st = statSync(f);
  const key = `${st.size}:${st.mtimeMs}`;
  const known = sized.get(f);
  if (known?.key === key) return known;
  const data = readFileSync(f);
  const s = { key, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
  sized.set(f, s);
  return s;
}

/** An installed npm package: its real folder and version. */
interface Installed {
  name: string;
  version: string;
  dir: string;
}

/** The folder of an installed package, found from its entry point (a package's `exports` may
 *  hide its package.json), resolved from `from`. */
function installed(name: string, from: string): Installed | undefined {
  let dir: string;
  try {
    dir = realpathSync(dirname(createRequire(join(from, 'package.json')).resolve(name)));
  } catch {
    return undefined;
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return { name, version: pkg.version ?? 'unknown', dir };
    } catch {
      // no package.json at this level: keep walking up
    }
  }
  return undefined;
}

/** A package and the optional dependencies installed beside it (the platform packages a
 *  package like koffi ships its prebuilt addons in; only this machine's are installed). */
export function packageFolders(name: string, from = root): { main: Installed; folders: string[] } | undefined {
  const main = installed(name, from);
  if (!main) return undefined;
  const pkg = JSON.parse(readFileSync(join(main.dir, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  const platform = Object.keys(pkg.optionalDependencies ?? {}).flatMap((dep) => {
    const found = installed(dep, main.dir);
    return found ? [found.dir] : [];
  });
  return { main, folders: [main.dir, ...platform] };
}

/**
 * The native addons among a package's folders that this machine loads: `.node` files whose
 * path inside their package names this platform and architecture (koffi's platform package
 * holds `linux_x64/koffi.node` for glibc beside `musl_x64/koffi.node`), or every `.node` file
 * when none does.
 */
export function addonsOf(folders: readonly string[], platform: string = process.platform, arch: string = process.arch): string[] {
  const all = folders.flatMap((d) => filesOf(d).filter((f) => f.endsWith('.node')).map((f) => ({ f, inside: relative(d, f) })));
  const tag = new RegExp(`(^|[\\\\/])${platform}[_-]${arch}([\\\\/]|$)`);
  const mine = all.filter((a) => tag.test(a.inside.split(sep).join('/')));
  return (mine.length ? mine : all).map((a) => a.f);
}

/** What a mechanism loads (`Load` without the timing): its files, their sum and its package. */
export function loadSizes(mechanism: MechanismId, artifacts: Partial<Record<ArtifactId, string>>, from = root): Omit<Load, 'startupMedianNs' | 'medianNetNs' | 'medianNetCiLowNs' | 'medianNetCiHighNs'> {
  const files: Load['files'] = [];
  const artifact = mechanismArtifact[mechanism];
  const path = artifact && artifacts[artifact];
  if (path) files.push({ role: 'artifact', name: basename(path), ...pick(sizeOf(path)) });
  const pkgName = mechanismPackage[mechanism];
  let pkg: Load['package'];
  if (pkgName) {
    const found = packageFolders(pkgName, from);
    if (!found) throw new Error(`${mechanism} depends on the npm package ${pkgName}, which is not installed: run \`pnpm install\``);
    for (const addon of addonsOf(found.folders)) files.push({ role: 'addon', name: basename(addon), ...pick(sizeOf(addon)) });
    const sizes = found.folders.map(sizeOf);
    pkg = {
      name: pkgName, version: found.main.version,
      bytes: sum(sizes.map((s) => s.bytes)), gzipBytes: sum(sizes.map((s) => s.gzipBytes)), files: sum(sizes.map((s) => s.files)),
    };
  }
  return {
    files, bytes: sum(files.map((f) => f.bytes)), gzipBytes: sum(files.map((f) => f.gzipBytes)), ...(pkg ? { package: pkg } : {}),
  };
}

const pick = (s: Size) => ({ bytes: s.bytes, gzipBytes: s.gzipBytes });
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
