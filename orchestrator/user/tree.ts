/**
 * The build tree of a user's workloads: a copy of the repository's Rust sources under
 * target/user/tree/, in which the kernels crate depends on each workload's crate and re-exports
 * its kernel, and contract/workloads.json lists the user's declarations after the built-in ones
 * (each naming its crate, which kernels/build.rs turns into the re-export). Every binding's
 * wrappers are then generated from it as they are for a built-in workload, by the same build
 * (orchestrator/build.ts with `root` set to the tree); no file of the repository is touched.
 *
 * Files are rewritten only when their content changed: cargo judges a path crate by its files'
 * times, so an unchanged tree rebuilds nothing.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { declarationFile } from '../../contract/workloads.ts';
import { failure } from '../build/common.ts';
import { root } from '../paths.ts';
import { start } from '../processes.ts';
import { userBase, type UserFolder } from './folder.ts';

/** The tree's folder. */
export const treeRoot = join(userBase, 'tree');

/** The crates copied, as the repository lays them out (the host runner is not: host columns run
 *  the built-in catalogue only). */
const copied = ['kernels', 'rustlib', 'service', 'bindings/napi-sys', 'bindings/neon', 'bindings/napi-pinned', 'bindings/wasm-bindgen'];

async function writeIfChanged(path: string, content: string | Buffer): Promise<void> {
  if (existsSync(path)) {
    const now = await readFile(path);
    if (now.equals(Buffer.isBuffer(content) ? content : Buffer.from(content))) return;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function copyTree(from: string, to: string): Promise<void> {
  for (const e of await readdir(from, { withFileTypes: true })) {
    // Build outputs (a .node the napi CLI wrote beside rustlib's sources) stay behind.
    if (e.name === 'target' || e.name.endsWith('.node')) continue;
    const src = join(from, e.name);
    if (e.isDirectory()) await copyTree(src, join(to, e.name));
    else await writeIfChanged(join(to, e.name), await readFile(src));
  }
}

/** A TOML basic string. */
const tomlString = (s: string): string => JSON.stringify(s);

/** The kernels crate's manifest with the user's crates: each an optional dependency, all on by
 *  default (the wasm-bindgen crate turns on only the ones Rust 1.63 compiles). */
export function kernelsManifest(original: string, folders: readonly UserFolder[]): string {
  const deps = folders.map((f) => `${f.crate} = { path = ${tomlString(f.dir)}, optional = true }`).join('\n');
  if (!/^\[dependencies\][ \t]*$/m.test(original)) throw new Error('kernels/Cargo.toml has no [dependencies] section to add the user\'s crates to');
  return `${original.replace(/^\[dependencies\][ \t]*$/m, `[dependencies]\n${deps}`)}\n[features]\ndefault = [${folders.map((f) => tomlString(f.crate)).join(', ')}]\n`;
}

/** Writes (or brings up to date) the tree for `folders`; returns its root. */
export async function writeTree(folders: readonly UserFolder[]): Promise<string> {
  for (const dir of copied) await copyTree(join(root, dir), join(treeRoot, dir));
  const kernels = await readFile(join(root, 'kernels', 'Cargo.toml'), 'utf8');
  await writeIfChanged(join(treeRoot, 'kernels', 'Cargo.toml'), kernelsManifest(kernels, folders));
  const wasmBindgen = await readFile(join(root, 'bindings', 'wasm-bindgen', 'Cargo.toml'), 'utf8');
  const kernelsDep = 'kernels = { path = "../../kernels" }';
  if (!wasmBindgen.includes(kernelsDep)) throw new Error(`bindings/wasm-bindgen/Cargo.toml no longer has the line ${kernelsDep}`);
  await writeIfChanged(join(treeRoot, 'bindings', 'wasm-bindgen', 'Cargo.toml'),
    wasmBindgen.replace(kernelsDep, 'kernels = { path = "../../kernels", default-features = false }'));
  // The workspace without the host runner.
  const workspace = await readFile(join(root, 'Cargo.toml'), 'utf8');
  await writeIfChanged(join(treeRoot, 'Cargo.toml'), workspace.replace(/^members = \[.*\]$/m, `members = [${['kernels', 'rustlib', 'bindings/napi-sys', 'bindings/neon', 'service'].map(tomlString).join(', ')}]`));
  // The repository's lockfile as a start (cargo adds the user's crates to the tree's copy).
  if (!existsSync(join(treeRoot, 'Cargo.lock'))) await writeIfChanged(join(treeRoot, 'Cargo.lock'), await readFile(join(root, 'Cargo.lock')));
  const merged = {
    ...declarationFile,
    $comment: `Generated from contract/workloads.json and the user's folders (${folders.map((f) => f.dir).join(', ')}) by orchestrator/user/tree.ts: do not edit.`,
    workloads: [...declarationFile.workloads, ...folders.map((f) => ({ ...f.declaration, crate: f.crate }))],
    // A user's shape names the crate that defines its struct (kernels/build.rs `$crate`).
    records: Object.assign({}, declarationFile.records, ...folders.map((f) => Object.fromEntries(
      Object.entries(f.records ?? {}).map(([name, fields]) => [name, { $crate: f.crate, ...fields }])))),
  };
  await writeIfChanged(join(treeRoot, 'contract', 'workloads.json'), `${JSON.stringify(merged, null, 1)}\n`);
  // The wasm32 builds' workspace of the user's crates alone (orchestrator/build/user-wasm.ts).
  await writeIfChanged(join(treeRoot, 'wasm-user', 'Cargo.toml'), [
    '[package]', 'name = "bt_wasm_user"', 'version = "0.0.0"', 'edition = "2021"', 'publish = false', '',
    '[lib]', 'path = "lib.rs"', '', '[dependencies]',
    ...folders.map((f) => `${f.crate} = { path = ${tomlString(f.dir)} }`), '',
    '[profile.release]', 'opt-level = 3', 'codegen-units = 1', 'panic = "abort"', '', '[workspace]', '',
  ].join('\n'));
  await writeIfChanged(join(treeRoot, 'wasm-user', 'lib.rs'), '//! Nothing: the crate exists so cargo builds the user\'s crates for wasm32.\n');
  // The lockfiles resolved now, not by the first build: each build hashes its lockfile, and one
  // that the build itself rewrote would make the next run rebuild for nothing.
  for (const manifest of ['Cargo.toml', 'bindings/napi-pinned/Cargo.toml']) {
    await start('cargo', ['metadata', '--format-version', '1', '--manifest-path', join(treeRoot, manifest)], { cwd: treeRoot })
      .catch(failure(`resolving your workloads' crates (cargo metadata for ${manifest} in ${treeRoot})`));
  }
  return treeRoot;
}
