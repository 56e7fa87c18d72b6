/**
 * `pnpm bridgetax runtimes`: what can be a column here. The runtimes installed (the project's
 * own and PATH's), those fetched from npm into the cache, and how to add another version.
 */
import { runtimeNames } from '../contract/registry.ts';
import type { FoundRuntime } from './discover.ts';
import { platformPackage, type CachedRuntime, type Platform } from './runtime-fetch.ts';

/** What the listing shows. */
export interface RuntimesListing {
  found: FoundRuntime[];
  cached: CachedRuntime[];
  cacheDir: string;
  registry: string;
  platform: Platform;
}

/** Plain text, one runtime a line. */
export function renderRuntimes(l: RuntimesListing): string {
  const pad = (rows: string[][]) => {
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? [];
    return rows.map((r) => `  ${r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ')}`.trimEnd());
  };
  const installed = l.found.filter((r) => r.source !== 'cache');
  const out = ['Installed:'];
  out.push(...(installed.length ? pad(installed.map((r) => [r.id, r.source === 'path' ? 'PATH' : r.source, r.execPath])) : ['  none']));
  out.push('', `Cached (${l.cacheDir}):`);
  out.push(...(l.cached.length
    ? pad(l.cached.map((c) => [`${c.name}@${c.version}`, c.package, `${c.integrity.slice(0, 19)}…`, c.fetchedAt.slice(0, 10)]))
    : ['  none']));
  out.push('', 'Add a version: name it in --runtimes, as an exact version or a semver range, e.g.',
    '  pnpm compare --runtimes node,node@22,bun@1.2,deno@2.4.1',
    `The newest matching release is fetched from ${l.registry} (npm's configured registry), checked`,
    "against the registry's sha512 integrity before it is unpacked, and kept in the cache above. Here that is:");
  for (const name of runtimeNames) {
    const p = platformPackage(name, l.platform);
    out.push(`  ${name.padEnd(5)} ${typeof p === 'string' ? `not available: ${p}` : p.package}`);
  }
  out.push('To remove a cached version, delete its folder.');
  return out.join('\n');
}
