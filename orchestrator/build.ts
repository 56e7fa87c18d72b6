/**
 * Builds the Rust library only when its sources changed: a content hash of the inputs is kept
 * beside the outputs, so a fresh checkout (new mtimes, same bytes) does not rebuild, and an
 * edit always does.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactIds, type ArtifactId } from '../contract/registry.ts';
import type { Run } from '../contract/results.ts';
import { addonCrates, artifactPaths, root, rustTriple, type ArtifactPaths } from './paths.ts';
import { buildAddons } from './build/addons.ts';
import { declarationInputs, failure, filesUnder, findWasmToolchain, fresh, generateDeclarations, hashOf, stamp, type BuildOptions } from './build/common.ts';
import { frameworkVersions } from './build/frameworks.ts';
import { buildNapiPinned } from './build/napi-pinned.ts';
import { buildWasmBindgen } from './build/wasm-bindgen.ts';
import { userWasmCrates } from './build/user-wasm.ts';
import { buildHost, type HostBuild } from './host.ts';
import { start } from './processes.ts';

/** What the build produced, or why a part could not be built. */
export interface BuildResult {
  artifacts: ArtifactPaths;
  /** Artifacts that could not be built on this machine, and why (what to install): the
   *  mechanisms that load them are skipped with that reason. */
  unavailable: Partial<Record<ArtifactId, string>>;
  /** Native (cdylib + napi addon) was rebuilt this time. */
  nativeBuilt: boolean;
  /** wasm: built now or already fresh (and by which rustc), or why it cannot be built here. */
  wasm: { built: boolean; rustc: string } | { unavailable: string };
  /** The host runner's binaries (host/, one per engine), each built or why not (its column
   *  fails with that reason; the other columns are untouched). */
  host: HostBuild[];
  /** The HTTP service's executable (service/), or why it could not be built. */
  service: { path: string; built: boolean } | { unavailable: string };
  /** Seconds spent building. */
  seconds: number;
  /** Seconds per part of the build, in build order (`native`, `wasm`, `host runner`,
   *  `napi-pinned`, `wasm-bindgen`, `napi-sys and neon`, `service`), a fresh part near 0. */
  steps: Record<string, number>;
  /** What was not built because no mechanism asked for loads it (`BuildOptions.artifacts`):
   *  artifact ids, and `service` for the HTTP service. */
  notNeeded: string[];
  /** The framework version each artifact was built against, from its lockfile (`napi`: 3.16.1,
   *  `napi-pinned`: 3.5.2): its cells' `mechanismVersion`. */
  versions: Partial<Record<ArtifactId, string>>;
  /** Per artifact, its framework crates' locked versions: provenance (`environment.frameworks`). */
  frameworks: Record<string, Record<string, string>>;
  /** A user's workloads an artifact was built without, with the compiler's message, by
   *  workload id (a wasm32 build, whose Rust 1.63 could not compile the kernel's crate). */
  userUnbuilt: Record<string, Partial<Record<ArtifactId, string>>>;
  /** A run with a user's workloads (`--workloads-dir`): the manifest its runners are given
   *  (contract/user-workloads.ts) and the folders of the JS modules it names. Set by the run's
   *  build phase (orchestrator/run/build.ts), not by `build`. */
  user?: { manifest: string; modules: string; provenance: NonNullable<Run['userWorkloads']> };
}

/** Rebuilds whatever is stale and returns the artifact paths. Throws when a build fails. */
export async function build(opts: BuildOptions = {}): Promise<BuildResult> {
  const t0 = performance.now();
  // Where the time goes, part by part (they run one after another): the build line's breakdown.
  const steps: Record<string, number> = {};
  let mark = t0;
  const lap = (part: string) => {
    const now = performance.now();
    steps[part] = (now - mark) / 1000;
    mark = now;
  };
  const base = opts.root ?? root;
  const artifacts = artifactPaths(base);
  const stdio = opts.verbose ? 'inherit' : 'pipe';
  const src = join(base, 'rustlib', 'src');
  const rustFiles = await filesUnder(src);
  const kernelFiles = await filesUnder(join(base, 'kernels', 'src'));
  const userUnbuilt: BuildResult['userUnbuilt'] = {};

  const nativeInputs = [...rustFiles, ...kernelFiles, ...declarationInputs(opts), join(base, 'Cargo.toml'), join(base, 'Cargo.lock'),
    join(base, 'rustlib', 'Cargo.toml'), join(base, 'rustlib', 'build.rs')];
  // The compiler is an input too: a toolchain upgrade must rebuild.
  const cargoVersion = (await start('cargo', ['--version'], { cwd: base })).stdout.trim();
  const nativeHash = await hashOf(nativeInputs, `${process.platform}-${process.arch} ${cargoVersion}`);
  let nativeBuilt = false;
  const wanted = (a: ArtifactId) => !opts.artifacts || opts.artifacts.has(a);
  // The napi-rs build makes the plain library too: asking for either builds both.
  const native = wanted('lib') || wanted('napi');
  const notNeeded = artifactIds.filter((a) => !wanted(a) && !(native && (a === 'lib' || a === 'napi'))) as string[];
  if (opts.service === false) notNeeded.push('service');
  const notAsked = 'not built: no mechanism asked for loads it';
  const nativeFresh = native ? await fresh('native', nativeHash, [artifacts.lib, artifacts.napi], base) : true;
  if (nativeFresh !== true) {
    // Sources unchanged but a library changed: cargo judges freshness by its sources' mtimes and
    // would hand back the damaged file (target/ keeps hard links to it), so forget its build.
    if (nativeFresh === 'outputs') {
      await start('cargo', ['clean', '--quiet', '--release', '-p', 'rustlib', '--target', rustTriple(process.platform, process.arch)],
        { cwd: base, stdio, all: !opts.verbose }).catch(failure('cargo clean of the damaged library'));
    }
    // The napi-rs CLI runs `cargo build` and copies the cdylib to the addon name; the plain
    // cdylib stays in target/release for the C-ABI mechanisms.
    await start(join(root, 'node_modules', '.bin', 'napi'),
      ['build', '--release', '--platform', '--no-js', '--manifest-path', 'rustlib/Cargo.toml', '--output-dir', 'rustlib', '--package-json-path', join(root, 'package.json')],
      { cwd: base, stdio, all: !opts.verbose }).catch(failure(opts.root ? 'native build of your workloads (napi build): your kernel must compile with this machine\'s Rust' : 'native build (napi build)'));
    await stamp('native', nativeHash, [artifacts.lib, artifacts.napi], base);
    nativeBuilt = true;
  }

  lap('native');
  let wasm: BuildResult['wasm'];
  const tool = await findWasmToolchain();
  if (!wanted('wasm')) {
    wasm = { unavailable: notAsked };
  } else if ('unavailable' in tool) {
    wasm = tool;
  } else {
    // The declarations and their generator are inputs: the wrappers in c_abi.rs are generated
    // from them (see `generateDeclarations`).
    const wasmInputs = [...kernelFiles, ...declarationInputs(opts), ...rustFiles.filter((f) => /(c_abi|wasm)\.rs$/.test(f))];
    const wasmHash = await hashOf(wasmInputs, tool.version);
    // A user's crates, compiled for wasm32 by the same Rust 1.63 (each one that fails is left
    // out of both wasm builds, with the compiler's message).
    const user = opts.userCrates ? await userWasmCrates(base, opts.userCrates, tool, stdio) : undefined;
    for (const [id, why] of Object.entries(user?.failed ?? {})) userUnbuilt[id] = { ...userUnbuilt[id], wasm: why };
    if (await fresh('wasm', wasmHash, [artifacts.wasm], base) === true) {
      wasm = { built: false, rustc: tool.version };
    } else {
      await mkdir(join(base, 'target', 'wasm32'), { recursive: true });
      // No cargo here (Debian's rustc 1.63 builds it as is), so no build script either: the
      // declarations' macros are generated first, into an OUT_DIR of the wasm build's own.
      const outDir = await generateDeclarations(tool.rustc, join(base, 'target', 'wasm32', 'declarations'), stdio, base, Object.keys(user?.rlibs ?? {}));
      const links = user ? ['-L', `dependency=${user.deps}`, ...Object.entries(user.rlibs).flatMap(([c, rlib]) => ['--extern', `${c}=${rlib}`])] : [];
      await start(tool.rustc, ['--edition', '2021', '--crate-type', 'cdylib', '--target', 'wasm32-unknown-unknown',
        '-C', 'opt-level=3', '-C', 'panic=abort', '-C', 'strip=debuginfo', ...links, '-o', artifacts.wasm, join(src, 'wasm.rs')],
      { cwd: base, env: { OUT_DIR: outDir }, stdio, all: !opts.verbose }).catch(failure(`wasm build (${tool.version})`));
      await stamp('wasm', wasmHash, [artifacts.wasm], base);
      wasm = { built: true, rustc: tool.version };
    }
  }
  lap('wasm');
  const host: HostBuild[] = opts.host === false || opts.root ? [] : await buildHost({ verbose: opts.verbose, wanted: opts.hostWanted });
  lap('host runner');
  const unavailable: BuildResult['unavailable'] = {};
  if ('unavailable' in wasm && wanted('wasm')) unavailable.wasm = wasm.unavailable;
  if (wanted('napi-pinned')) {
    const pinned = await buildNapiPinned(artifacts['napi-pinned'], { verbose: opts.verbose ?? false, toolchain: cargoVersion, build: opts });
    if ('unavailable' in pinned) unavailable['napi-pinned'] = pinned.unavailable;
  }
  lap('napi-pinned');
  if (wanted('wasm-bindgen')) {
    const wb = await buildWasmBindgen(opts);
    Object.assign(unavailable, wb.unavailable);
    for (const [id, why] of Object.entries(wb.userUnbuilt)) userUnbuilt[id] = { ...userUnbuilt[id], 'wasm-bindgen': why };
  }
  lap('wasm-bindgen');
  const addons = new Set(Object.keys(addonCrates).filter((a) => wanted(a as ArtifactId)));
  if (addons.size) Object.assign(unavailable, await buildAddons({ stdio, verbose: opts.verbose ?? false, only: addons, build: opts }));
  lap('napi-sys and neon');
  const service: BuildResult['service'] = opts.service === false ? { unavailable: 'not built: no mechanism asked for calls the service' }
    : await buildService(kernelFiles, cargoVersion, stdio, opts);
  lap('service');
  const { versions, provenance } = await frameworkVersions(base);
  return { artifacts, unavailable, nativeBuilt, wasm, host, service, seconds: (performance.now() - t0) / 1000, versions, frameworks: provenance, notNeeded, steps, userUnbuilt };
}

/** Where cargo writes the service's executable in the tree `base`. */
export const serviceIn = (base: string): string => join(base, 'target', 'release', process.platform === 'win32' ? 'bridgetax-service.exe' : 'bridgetax-service');

/** Where cargo writes the repository's service executable. */
export const servicePath = serviceIn(root);

/**
 * Builds the HTTP service when its sources changed. A failure here (its crates could not be
 * fetched, say) is not the run's: the `http` mechanisms are skipped with the reason.
 */
async function buildService(kernelFiles: string[], cargoVersion: string, stdio: 'inherit' | 'pipe', opts: BuildOptions): Promise<BuildResult['service']> {
  const base = opts.root ?? root;
  const inputs = [...(await filesUnder(join(base, 'service', 'src'))), ...kernelFiles, ...declarationInputs(opts),
    join(base, 'rustlib', 'src', 'digest.rs'), join(base, 'service', 'Cargo.toml'), join(base, 'Cargo.toml'), join(base, 'Cargo.lock')];
  const hash = await hashOf(inputs, `${process.platform}-${process.arch} ${cargoVersion}`);
  const path = serviceIn(base);
  if (await fresh('service', hash, [path], base) === true) return { path, built: false };
  try {
    await start('cargo', ['build', '--release', '-p', 'service'], { cwd: base, stdio, all: stdio === 'pipe' });
  } catch (e) {
    const { all, shortMessage } = e as { all?: string; shortMessage?: string };
    const tail = (all ?? '').trim().split('\n').slice(-10).join('\n');
    return { unavailable: `the HTTP service did not build (${shortMessage ?? String(e)})${tail ? `:\n${tail}` : ''}` };
  }
  await stamp('service', hash, [path], base);
  return { path, built: true };
}
