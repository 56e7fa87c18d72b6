/**
 * Builds the binding crates that are plain Node-API addons (`addonCrates`: raw napi-sys and
 * neon): `cargo build --release -p <crate>`, then cargo's cdylib copied to the `.node` name that
 * `require` loads (neither needs its framework's CLI). Each has its own content-hash stamp, so
 * one is rebuilt only when its crate, the kernels or the lockfile changed, and one that cannot
 * be built here costs its own mechanism only.
 */
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { start } from '../processes.ts';
import { declarationInputs, failure, filesUnder, fresh, hashOf, stamp, type BuildOptions } from './common.ts';
import { addonCrates, addonPaths, cdylibName, root } from '../paths.ts';

/** How the addons are built. */
export interface AddonBuildOptions {
  stdio: 'inherit' | 'pipe';
  verbose: boolean;
  /** Only these addons (all by default). */
  only?: ReadonlySet<string>;
  /** The tree and the user's inputs (`BuildOptions.root`, `userInputs`). */
  build?: Pick<BuildOptions, 'root' | 'userInputs'>;
}

/** Cargo's words for "could not get a crate": the crate needs the network once (or a vendored
 *  registry), which is this machine's setup, not a fault in the code. */
const fetchFailure = /failed to (download|get|query|load source for)|Couldn't resolve host|network failure|failed to update registry|no matching package named/i;

/** Why `crate` cannot be built on this machine, when cargo's output says it could not fetch a
 *  dependency; undefined for any other failure (a compile error is a fault in the code). */
export function fetchProblem(crate: string, output: string): string | undefined {
  const line = output.split('\n').find((l) => fetchFailure.test(l))?.trim();
  return line === undefined ? undefined
    : `cargo could not fetch ${crate}'s dependencies (${line}): build once with network access to crates.io, or vendor them (cargo vendor)`;
}

/**
 * Builds every stale addon. Returns the ones that cannot be built on this machine, with what to
 * do; throws when a crate fails to compile (a fault in the code).
 */
export async function buildAddons(opts: AddonBuildOptions): Promise<Partial<Record<keyof typeof addonCrates, string>>> {
  const unavailable: Partial<Record<keyof typeof addonCrates, string>> = {};
  const base = opts.build?.root ?? root;
  let cargoVersion: string;
  try {
    cargoVersion = (await start('cargo', ['--version'], { cwd: base })).stdout.trim();
  } catch (e) {
    const why = `cargo was not found (${(e as Error).message.split('\n')[0]}): install Rust (https://rustup.rs) to build the Node-API addons`;
    for (const name of Object.keys(addonCrates) as (keyof typeof addonCrates)[]) unavailable[name] = why;
    return unavailable;
  }
  const outputs = addonPaths(base);
  const shared = [...(await filesUnder(join(base, 'kernels', 'src'))), ...declarationInputs(opts.build),
    join(base, 'Cargo.toml'), join(base, 'Cargo.lock'), join(base, 'rustlib', 'src', 'digest.rs')];
  for (const [name, { dir, crate }] of Object.entries(addonCrates) as [keyof typeof addonCrates, { dir: string; crate: string }][]) {
    if (opts.only && !opts.only.has(name)) continue;
    const out = outputs[name];
    const inputs = [...shared, ...(await filesUnder(join(base, 'bindings', dir)))];
    const hash = await hashOf(inputs, `${process.platform}-${process.arch} ${cargoVersion}`);
    const state = await fresh(name, hash, [out], base);
    if (state === true) continue;
    const run = (args: string[]) => start('cargo', args, { cwd: base, stdio: opts.stdio, all: !opts.verbose });
    if (state === 'outputs') {
      // The copy changed but the sources did not: cargo would hand back its own file as fresh,
      // so forget that build (as the native build does).
      await run(['clean', '--quiet', '--release', '-p', crate]).catch(failure(`cargo clean of ${crate}`));
    }
    const built = await run(['build', '--release', '-p', crate]).then(() => true, (e: { all?: string; message: string }) => {
      const problem = fetchProblem(crate, `${e.all ?? ''}\n${e.message}`);
      if (problem === undefined) return failure(`${name} build (cargo build --release -p ${crate})`)(e);
      unavailable[name] = problem;
      return false;
    });
    if (!built) continue;
    await mkdir(dirname(out), { recursive: true });
    // A new file renamed over the old one: a process that has the old one loaded keeps its
    // inode (rewriting a mapped library in place can kill that process with SIGBUS).
    await copyFile(join(base, 'target', 'release', cdylibName(crate, process.platform)), `${out}.tmp`);
    await rename(`${out}.tmp`, out);
    await stamp(name, hash, [out], base);
  }
  return unavailable;
}
