/**
 * The `wasm-bindgen` artifact: bindings/wasm-bindgen built for wasm32 by cargo, then the
 * wasm-bindgen CLI of exactly the version the crate pins writes the glue and its module under
 * target/wasm-bindgen. The crate builds with Rust 1.63 (Debian's rustc + cargo and
 * libstd-rust-dev-wasm32, no rustup) from its own lockfile, outside the main workspace.
 * Rebuilt only when the crate, the kernels or a tool's version changed (a content hash).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { start } from '../processes.ts';
import { glueModule, type ArtifactId } from '../../contract/registry.ts';
import { declarationInputs, failure, filesUnder, findCargo, findWasmToolchain, fresh, hashOf, stamp, type BuildOptions } from './common.ts';
import { userWasmCrates } from './user-wasm.ts';
import { artifactPaths, root } from '../paths.ts';

/** The crate behind the `wasm-bindgen` mechanism. */
export const wasmBindgenCrate = join(root, 'bindings', 'wasm-bindgen');

/** The wasm-bindgen version the crate pins (`wasm-bindgen = "=X"` in its Cargo.toml): the CLI
 *  must be the same version, since it refuses a module built by another version of the macro. */
export function pinnedWasmBindgen(manifest = join(wasmBindgenCrate, 'Cargo.toml')): string {
  const m = /^wasm-bindgen\s*=\s*"=([0-9][^"]*)"/m.exec(readFileSync(manifest, 'utf8'));
  if (!m) throw new Error(`${manifest} must pin wasm-bindgen exactly (wasm-bindgen = "=X.Y.Z")`);
  return m[1]!;
}

/** The first wasm-bindgen CLI of `version`: on PATH, or where `cargo install` puts it. */
async function findCli(version: string): Promise<{ cli: string } | { unavailable: string }> {
  const candidates = ['wasm-bindgen', join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'wasm-bindgen')];
  const seen: string[] = [];
  for (const cli of candidates) {
    const v = await start(cli, ['--version']).then((r) => r.stdout.trim(), () => undefined);
    if (v === `wasm-bindgen ${version}`) return { cli };
    if (v) seen.push(`${cli}: ${v}`);
  }
  const found = seen.length ? ` (found ${seen.join('; ')})` : '';
  return {
    unavailable: `no wasm-bindgen CLI ${version}${found}: run \`cargo install wasm-bindgen-cli --version ${version} --locked\` `
      + '(bash setup.sh does this; ~5 min)',
  };
}

/** What the wasm-bindgen build gives back: what could not be built and why (what to install),
 *  and a user's workloads it was built without, with the compiler's message. */
export interface WasmBindgenBuild {
  unavailable: Partial<Record<ArtifactId, string>>;
  userUnbuilt: Record<string, string>;
}

/**
 * Builds the `wasm-bindgen` artifact if stale. Throws when a build that could run failed (in a
 * user's tree, a build with the user's crates that fails is done again without them).
 */
export async function buildWasmBindgen(opts: BuildOptions = {}): Promise<WasmBindgenBuild> {
  const base = opts.root ?? root;
  const crateDir = join(base, 'bindings', 'wasm-bindgen');
  const glue = artifactPaths(base)['wasm-bindgen'];
  const outputs = [glue, glueModule(glue)];
  const none = (why: string): WasmBindgenBuild => ({ unavailable: { 'wasm-bindgen': why }, userUnbuilt: {} });
  const tool = await findWasmToolchain();
  if ('unavailable' in tool) return none(tool.unavailable);
  const cargo = await findCargo(tool.rustc);
  if ('unavailable' in cargo) return none(cargo.unavailable);
  const version = pinnedWasmBindgen(join(crateDir, 'Cargo.toml'));
  const cli = await findCli(version);
  if ('unavailable' in cli) return none(cli.unavailable);

  const inputs = [...await filesUnder(join(crateDir, 'src')), ...await filesUnder(join(base, 'kernels', 'src')),
    join(crateDir, 'Cargo.toml'), join(crateDir, 'Cargo.lock'), ...declarationInputs(opts)];
  const hash = await hashOf(inputs, `${tool.version} ${cargo.version} wasm-bindgen ${version} --target web`);
  const userUnbuilt: Record<string, string> = {};
  const stdio = opts.verbose ? 'inherit' : 'pipe';
  // The user's crates that Rust 1.63 compiles for wasm32 (the same check as the raw wasm build):
  // the kernels' features this crate turns on, the others left out with the compiler's message.
  let features: string[] = [];
  if (opts.userCrates) {
    const user = await userWasmCrates(base, opts.userCrates, tool, stdio);
    Object.assign(userUnbuilt, user.failed);
    features = Object.keys(user.rlibs);
  }
  const stamped = features.length ? `${hash} ${features.join(',')}` : hash;
  if (await fresh('wasm-bindgen', stamped, outputs, base) === true) return { unavailable: {}, userUnbuilt };

  const targetDir = join(base, 'target', 'wasm-bindgen-cargo');
  // A user's tree adds the user's crates to the lockfile; the pins stay as locked.
  const locked = opts.root ? [] : ['--locked'];
  // The tree's crate takes the kernels without their default features (every user crate).
  const featureArgs = features.length ? ['--features', features.map((f) => `kernels/${f}`).join(',')] : [];
  const what = `wasm-bindgen crate build (${cargo.version}, ${tool.version})`;
  const cargoBuild = (extra: string[]) => start(cargo.cargo, [...cargo.args, 'build', '--release', ...locked, ...extra, '--target', 'wasm32-unknown-unknown', '--target-dir', targetDir],
    { cwd: crateDir, env: { RUSTC: tool.rustc }, stdio, all: !opts.verbose });
  await cargoBuild(featureArgs).catch(async (e: { all?: string; shortMessage?: string; message: string }) => {
    if (!features.length) return failure(what)(e);
    // The user's crates compiled alone but not inside this crate: built without them.
    const why = `${e.shortMessage ?? e.message}\n${(e.all ?? '').trim().split('\n').slice(-12).join('\n')}`;
    for (const id of Object.keys(opts.userCrates ?? {})) userUnbuilt[id] ??= why;
    return cargoBuild([]).catch(failure(what));
  });
  const built = join(targetDir, 'wasm32-unknown-unknown', 'release', 'bt_wasm_bindgen.wasm');
  if (!existsSync(built)) throw new Error(`the wasm-bindgen crate build wrote no ${built}`);
  // Written beside, then renamed into place: a runner (or another build) never reads half a file.
  const scratch = `${dirname(glue)}.tmp-${process.pid}`;
  await mkdir(scratch, { recursive: true });
  // --target web: an ES module with initSync, the one glue Node, Bun and Deno all load
  // (--target deno fails in Node; nodejs is CommonJS).
  await start(cli.cli, ['--target', 'web', '--no-typescript', '--out-dir', scratch, '--out-name', basename(glue, '.js'), built],
    { cwd: base, stdio, all: !opts.verbose }).catch(failure(`wasm-bindgen ${version} (glue generation)`));
  await mkdir(dirname(glue), { recursive: true });
  for (const f of outputs) await rename(join(scratch, basename(f)), f);
  await rm(scratch, { recursive: true, force: true });
  await stamp('wasm-bindgen', stamped, outputs, base);
  return { unavailable: {}, userUnbuilt };
}
