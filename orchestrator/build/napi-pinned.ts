/**
 * `napi-pinned`: rustlib's napi-rs wrappers (the same `node_api.rs`, included by path) built a
 * second time against the napi-rs release that bindings/napi-pinned/Cargo.lock pins. Plain
 * `cargo build --locked` (the lockfile is the pin: a build never moves it), then the cdylib is
 * copied to the `.node` name Node-API loaders expect. Rebuilt only when an input's content
 * changed, like every other artifact.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { start } from '../processes.ts';
import { declarationInputs, failure, filesUnder, fresh, hashOf, stamp, type BuildOptions } from './common.ts';
import { cdylibName, root } from '../paths.ts';

/** Builds the pinned napi-rs addon to `output` if stale. A failure costs this artifact only:
 *  the reason comes back, and the `napi` column at the pinned version is skipped with it. */
export async function buildNapiPinned(output: string, o: { verbose: boolean; toolchain: string; build?: Pick<BuildOptions, 'root' | 'userInputs'> }): Promise<{ built: boolean } | { unavailable: string }> {
  const base = o.build?.root ?? root;
  const crate = join(base, 'bindings', 'napi-pinned');
  const targetDir = join(base, 'target', 'napi-pinned');
  const rustlib = join(base, 'rustlib');
  const inputs = [
    ...(await filesUnder(join(crate, 'src'))), join(crate, 'Cargo.toml'), join(crate, 'Cargo.lock'),
    // What it compiles of rustlib's, by path, and the kernels beneath.
    join(rustlib, 'src', 'node_api.rs'), join(rustlib, 'src', 'digest.rs'), join(rustlib, 'build.rs'),
    ...(await filesUnder(join(base, 'kernels', 'src'))), ...declarationInputs(o.build),
  ];
  const hash = await hashOf(inputs, `${process.platform}-${process.arch} ${o.toolchain}`);
  if (await fresh('napi-pinned', hash, [output], base) === true) return { built: false };
  try {
    // A user's tree adds the user's crates to the lockfile (the napi-rs pin stays as locked).
    const locked = o.build?.root ? [] : ['--locked'];
    await start('cargo', ['build', '--release', ...locked, '--manifest-path', join(crate, 'Cargo.toml'), '--target-dir', targetDir],
      { cwd: base, stdio: o.verbose ? 'inherit' : 'pipe', all: !o.verbose }).catch(failure('napi-pinned build (cargo build --locked)'));
  } catch (e) {
    return {
      unavailable: `${(e as Error).message}\n(napi-rs at the version bindings/napi-pinned/Cargo.lock pins could not be built; `
        + 'its first build fetches those crates from crates.io)',
    };
  }
  await mkdir(dirname(output), { recursive: true });
  // A copy, not a link: a damaged .node must never be cargo's own file, which cargo would reuse.
  await copyFile(join(targetDir, 'release', cdylibName('napi_pinned', process.platform)), output);
  await stamp('napi-pinned', hash, [output], base);
  return { built: true };
}
