/**
 * A user's crates for the two wasm32 builds, which use Debian's Rust 1.63 (the machine has no
 * rustup wasm32 target): cargo 1.63 compiles each workload's crate and its dependencies for
 * wasm32 in a small workspace of the build tree (`wasm-user/`, written by
 * orchestrator/user/tree.ts), one crate at a time, so one that does not compile there costs
 * that workload's wasm cells only, with the compiler's message. The raw wasm build links the
 * rlibs (plain rustc, `--extern`); the wasm-bindgen build turns on the kernels' feature of each
 * one that compiled.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { start } from '../processes.ts';
import { findCargo, type WasmToolchain } from './common.ts';

/** The user's crates compiled for wasm32: each one's rlib by crate name, the folder of their
 *  dependencies, and why each one that did not compile failed, by workload id. */
export interface UserWasmCrates {
  rlibs: Record<string, string>;
  deps: string;
  failed: Record<string, string>;
}

/** The lines of a cargo failure worth reading: its errors, or its last lines. */
export function compilerMessage(output: string, shortMessage: string): string {
  const lines = output.trim().split('\n');
  const errors = lines.filter((l) => /^error(\[E\d+\])?:|^\s+-->|requires rustc/.test(l));
  const chosen = (errors.length ? errors : lines).slice(0, 12);
  return `${shortMessage}\n${chosen.join('\n')}`;
}

const memo = new Map<string, Promise<UserWasmCrates>>();

/**
 * Compiles every crate of `crates` (workload id → crate name) for wasm32 in `base`'s
 * `wasm-user` workspace; memoized per tree, so both wasm builds of one run share it.
 */
export function userWasmCrates(base: string, crates: Readonly<Record<string, string>>, tool: WasmToolchain, stdio: 'inherit' | 'pipe'): Promise<UserWasmCrates> {
  const key = `${base}\0${JSON.stringify(crates)}\0${tool.rustc}`;
  let p = memo.get(key);
  if (!p) {
    p = compile(base, crates, tool, stdio);
    memo.set(key, p);
  }
  return p;
}

async function compile(base: string, crates: Readonly<Record<string, string>>, tool: WasmToolchain, stdio: 'inherit' | 'pipe'): Promise<UserWasmCrates> {
  const workspace = join(base, 'wasm-user');
  const targetDir = join(base, 'target', 'wasm-user');
  const deps = join(targetDir, 'wasm32-unknown-unknown', 'release', 'deps');
  const out: UserWasmCrates = { rlibs: {}, deps, failed: {} };
  const cargo = await findCargo(tool.rustc);
  if ('unavailable' in cargo) {
    for (const id of Object.keys(crates)) out.failed[id] = cargo.unavailable;
    return out;
  }
  for (const [id, crate] of Object.entries(crates)) {
    try {
      await start(cargo.cargo, [...cargo.args, 'build', '--release', '-p', crate, '--target', 'wasm32-unknown-unknown', '--target-dir', targetDir],
        { cwd: workspace, env: { RUSTC: tool.rustc }, stdio, all: stdio === 'pipe' });
    } catch (e) {
      const { all, shortMessage, message } = e as { all?: string; shortMessage?: string; message: string };
      out.failed[id] = `${cargo.version} and ${tool.version} (the wasm32 toolchain) could not compile ${crate}: ${compilerMessage(all ?? '', shortMessage ?? message)}`;
      continue;
    }
    const rlib = await newest(deps, `lib${crate}-`, '.rlib');
    if (rlib) out.rlibs[crate] = rlib;
    else out.failed[id] = `cargo built ${crate} for wasm32 but wrote no lib${crate}-*.rlib under ${deps}`;
  }
  return out;
}

/** The most recently written file in `dir` named `prefix…suffix`. */
async function newest(dir: string, prefix: string, suffix: string): Promise<string | undefined> {
  if (!existsSync(dir)) return undefined;
  let best: { path: string; at: number } | undefined;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
    const path = join(dir, name);
    const at = (await stat(path)).mtimeMs;
    if (!best || at > best.at) best = { path, at };
  }
  return best?.path;
}
