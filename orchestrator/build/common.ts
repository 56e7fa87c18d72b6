/**
 * What every build step shares: content-hash freshness stamps (a step rebuilds only when its
 * inputs or its outputs changed), the wasm32 toolchain, the build options and the failure
 * handler. orchestrator/build.ts and each step under build/ import it; it imports none of them.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { RunError } from '../errors.ts';
import { root } from '../paths.ts';
import { start } from '../processes.ts';
import type { ArtifactId } from '../../contract/registry.ts';

/** A rustc that can target wasm32-unknown-unknown. */
export interface WasmToolchain {
  rustc: string;
  version: string;
}

/** Where a build tree keeps its freshness stamps. */
const stampDir = (base: string) => join(base, 'target', 'bridgetax');

/** Every file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/**
 * What every Rust build compiles besides its own sources: the workload declarations and the
 * build script of the kernels crate that turns them into the `for_each_workload!` macros every
 * binding's wrappers are generated from (kernels/build.rs). The generated file is a function of
 * these two and the compiler, which each build hashes too, so a changed declaration rebuilds
 * every artifact.
 */
export function declarationInputs(o: Pick<BuildOptions, 'root' | 'userInputs'> = {}): string[] {
  const base = o.root ?? root;
  return [join(base, 'contract', 'workloads.json'), join(base, 'kernels', 'build.rs'), join(base, 'kernels', 'Cargo.toml'), ...(o.userInputs ?? [])];
}

/**
 * Generates the declarations' macros for a build without cargo (rustlib.wasm, plain rustc):
 * compiles kernels/build.rs with `rustc` for this machine and runs it as cargo would, with
 * `CARGO_MANIFEST_DIR` and `OUT_DIR`. Returns the `OUT_DIR` (holding `workloads.rs`), for the
 * rustc that compiles the kernels' `include!(concat!(env!("OUT_DIR"), …))`.
 */
export async function generateDeclarations(rustc: string, dir: string, stdio: 'inherit' | 'pipe', base = root, features: readonly string[] = []): Promise<string> {
  await mkdir(dir, { recursive: true });
  const exe = join(dir, process.platform === 'win32' ? 'kernels-build.exe' : 'kernels-build');
  await start(rustc, ['--edition', '2021', '-o', exe, join(base, 'kernels', 'build.rs')], { cwd: base, stdio, all: stdio === 'pipe' })
    .catch(failure('kernels/build.rs (the declarations\' macros) for the wasm build'));
  // Cargo's word for an enabled feature, for the user crates this build links (kernels/build.rs).
  const enabled = Object.fromEntries(features.map((f) => [`CARGO_FEATURE_${f.toUpperCase()}`, '1']));
  await start(exe, [], { cwd: base, env: { CARGO_MANIFEST_DIR: join(base, 'kernels'), OUT_DIR: dir, ...enabled }, stdio, all: stdio === 'pipe' })
    .catch(failure('kernels/build.rs (reading contract/workloads.json)'));
  return dir;
}

/** The content hash of `files` (by path relative to the repo, then bytes) and `extra`. */
export async function hashOf(files: string[], extra: string): Promise<string> {
  const h = createHash('sha256').update(extra);
  for (const f of [...files].sort()) {
    h.update(relative(root, f)).update('\0');
    h.update(existsSync(f) ? await readFile(f) : 'missing').update('\0');
  }
  return h.digest('hex');
}

/**
 * A stamp is the inputs' hash, then each output's: an output changed since it was built
 * (corrupted, truncated, replaced by a file from another machine) is stale like a changed input,
 * so a normal run rebuilds it instead of failing every mechanism that loads it.
 */
async function stampText(hash: string, outputs: string[]): Promise<string> {
  const digests = await Promise.all(outputs.map(async (o) => createHash('sha256').update(await readFile(o)).digest('hex')));
  return [hash, ...digests].join('\n');
}

/** Whether the outputs are fresh: `inputs` when only the outputs changed since the stamp. */
export async function fresh(name: string, hash: string, outputs: string[], base = root): Promise<boolean | 'outputs'> {
  const stamp = join(stampDir(base), `${name}.stamp`);
  if (!outputs.every((o) => existsSync(o)) || !existsSync(stamp)) return false;
  const text = await readFile(stamp, 'utf8');
  if (text === await stampText(hash, outputs)) return true;
  return text.split('\n')[0] === hash ? 'outputs' : false;
}

/** Records that `outputs` were built from inputs of `hash`. */
export async function stamp(name: string, hash: string, outputs: string[], base = root): Promise<void> {
  await mkdir(stampDir(base), { recursive: true });
  await writeFile(join(stampDir(base), `${name}.stamp`), await stampText(hash, outputs));
}

/**
 * Finds a rustc for wasm32: rustup's target where installed (preferred: same compiler as the
 * native build), else a system rustc whose sysroot has the wasm32 std (Debian's
 * `libstd-rust-dev-wasm32`).
 */
export async function findWasmToolchain(): Promise<WasmToolchain | { unavailable: string }> {
  const tryRustc = async (rustc: string): Promise<WasmToolchain | undefined> => {
    try {
      const sysroot = (await start(rustc, ['--print', 'sysroot'])).stdout.trim();
      if (!existsSync(join(sysroot, 'lib', 'rustlib', 'wasm32-unknown-unknown', 'lib'))) return undefined;
      return { rustc, version: (await start(rustc, ['--version'])).stdout.trim() };
    } catch {
      return undefined;
    }
  };
  const found = (await tryRustc('rustc')) ?? (await tryRustc('/usr/bin/rustc'));
  return found ?? {
    unavailable: 'no rustc with the wasm32-unknown-unknown target: run `rustup target add wasm32-unknown-unknown`, '
      + 'or on Debian/Ubuntu `apt-get install rustc libstd-rust-dev-wasm32` (bash setup.sh does this)',
  };
}

/** The cargo that goes with the wasm32 rustc: rustup's own, or Debian's next to its rustc (the
 *  modern cargo cannot drive rustc 1.63), whose pre-1.68 registry access needs the sparse flag. */
export async function findCargo(rustc: string): Promise<{ cargo: string; args: string[]; version: string } | { unavailable: string }> {
  const cargo = rustc === 'rustc' ? 'cargo' : join(dirname(rustc), 'cargo');
  const version = await start(cargo, ['--version']).then((r) => r.stdout.trim(), () => undefined);
  if (!version) {
    return { unavailable: `no ${cargo} beside ${rustc}: on Debian/Ubuntu \`apt-get install cargo\` (bash setup.sh does this)` };
  }
  const [, minor] = /^cargo 1\.(\d+)/.exec(version) ?? [];
  return { cargo, args: minor !== undefined && Number(minor) < 68 ? ['-Z', 'sparse-registry'] : [], version };
}

/** Options for `build`. */
export interface BuildOptions {
  /** Print the compilers' output as it comes (the CLI does; tests don't). */
  verbose?: boolean;
  /** Build the host runner too (default); a run with no host column skips its build. */
  host?: boolean;
  /** The host columns asked for (`--runtimes`): only their binaries are built (all by default). */
  hostWanted?: string[];
  /** The artifacts the mechanisms asked for load (`--mechanisms`): only they are built (all by
   *  default); the others are reported as not needed, never as unavailable. */
  artifacts?: ReadonlySet<ArtifactId>;
  /** Build the HTTP service (default): a run asked for no `http` mechanism does not need it. */
  service?: boolean;
  /** The tree to build (default: the repository): a user's workloads build in a copy of the
   *  Rust sources with their kernels added (orchestrator/user/tree.ts). */
  root?: string;
  /** Files every step hashes besides its own: a user's workload folders. */
  userInputs?: readonly string[];
  /** The crates of a user's workloads, by workload id: the wasm32 builds (Rust 1.63) leave out
   *  one that does not compile there, with the compiler's message. */
  userCrates?: Readonly<Record<string, string>>;
}

/** A catch handler that rethrows a build step's failure as a `RunError` with its whole output:
 *  a build prints one line when it works, so when it fails the compiler's message is the news. */
export function failure(what: string) {
  return (e: { all?: string; shortMessage?: string; message: string }): never => {
    const tail = (e.all ?? '').trimEnd();
    throw new RunError(`${what} failed: ${e.shortMessage ?? e.message}${tail ? `\n${tail}` : ''}`);
  };
}
