/**
 * Which framework release each built artifact was compiled against, read from the lockfile that
 * built it: the column label (`napi 3.16.1`, `napi 3.5.2`) and the provenance every report
 * prints. Read at build time from the same file cargo resolved, so the label cannot drift from
 * the build.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactId } from '../../contract/registry.ts';
import { root } from '../paths.ts';

/** An artifact's framework: the lockfile that built it and the crates to record, the first of
 *  which names the version of the artifact's cells. */
interface Framework {
  lockfile: string;
  crates: readonly string[];
}

/** The napi-rs crates whose versions decide what a `#[napi]` call costs (napi-derive-backend
 *  writes the glue code of every export). */
const napiRs = ['napi', 'napi-derive', 'napi-derive-backend', 'napi-sys'] as const;

/** Artifacts built against a framework that comes in versions, one line each. */
export const frameworksIn = (base: string): Readonly<Partial<Record<ArtifactId, Framework>>> => ({
  napi: { lockfile: join(base, 'Cargo.lock'), crates: napiRs },
  'napi-pinned': { lockfile: join(base, 'bindings', 'napi-pinned', 'Cargo.lock'), crates: napiRs },
  neon: { lockfile: join(base, 'Cargo.lock'), crates: ['neon', 'neon-macros'] },
  napiSys: { lockfile: join(base, 'Cargo.lock'), crates: ['napi-sys'] },
});

/** The repository's artifacts' frameworks. */
export const frameworks = frameworksIn(root);

/** The versions a Cargo.lock resolved for `crates` (a crate it lacks is left out; a crate
 *  locked at two versions gives the first). */
export async function lockedVersions(lockfile: string, crates: readonly string[]): Promise<Record<string, string>> {
  if (!existsSync(lockfile)) return {};
  const text = await readFile(lockfile, 'utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/gm)) {
    if (crates.includes(m[1]!) && !(m[1]! in out)) out[m[1]!] = m[2]!;
  }
  return out;
}

/** What the frameworks of the artifacts resolved to: per artifact its crates' versions, and the
 *  version its cells carry (its first crate's). */
export async function frameworkVersions(base = root): Promise<{
  versions: Partial<Record<ArtifactId, string>>;
  provenance: Record<string, Record<string, string>>;
}> {
  const versions: Partial<Record<ArtifactId, string>> = {};
  const provenance: Record<string, Record<string, string>> = {};
  for (const [artifact, f] of Object.entries(frameworksIn(base)) as [ArtifactId, Framework][]) {
    const locked = await lockedVersions(f.lockfile, f.crates);
    const version = locked[f.crates[0]!];
    if (version === undefined) continue;
    versions[artifact] = version;
    provenance[artifact] = locked;
  }
  return { versions, provenance };
}
