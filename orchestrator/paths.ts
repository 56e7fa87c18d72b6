/**
 * Where things live: the repo, the built artifacts for this platform, the results folder.
 * Library file names follow each OS's convention (cargo's cdylib naming and the napi-rs CLI's
 * platform suffix), so the same code finds them on Linux, macOS and Windows.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ArtifactId } from '../contract/registry.ts';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** Artifacts the runners load, by absolute path (the names are `artifactKinds`'). */
export type ArtifactPaths = Record<ArtifactId, string>;

/** The cdylib's file name as cargo writes it on `platform`. */
export function cdylibName(crate: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `${crate}.dll`;
  if (platform === 'darwin') return `lib${crate}.dylib`;
  return `lib${crate}.so`;
}

/** The napi-rs CLI's platform suffix (`linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`, …). */
export function napiPlatform(platform: NodeJS.Platform, arch: string, libc: 'gnu' | 'musl' = 'gnu'): string {
  if (platform === 'win32') return `win32-${arch}-msvc`;
  if (platform === 'linux') return `linux-${arch}-${libc}`;
  return `${platform}-${arch}`;
}

/** Rust's target triple for a Node platform/arch: the napi-rs CLI builds with `--target`, so
 *  cargo writes the cdylib under `target/<triple>/release`. */
export function rustTriple(platform: NodeJS.Platform, arch: string): string {
  const cpu = ({ x64: 'x86_64', arm64: 'aarch64', ia32: 'i686' } as Record<string, string>)[arch];
  const os = ({ linux: 'unknown-linux-gnu', darwin: 'apple-darwin', win32: 'pc-windows-msvc' } as Record<string, string>)[platform];
  if (!cpu || !os) throw new Error(`bridgetax does not know Rust's target triple for ${platform}-${arch}`);
  return `${cpu}-${os}`;
}

/** Artifact paths under `base` for a platform (defaults: this machine). */
export function artifactPaths(
  base = root, platform: NodeJS.Platform = process.platform, arch: string = process.arch,
): ArtifactPaths {
  return {
    lib: join(base, 'target', rustTriple(platform, arch), 'release', cdylibName('rustlib', platform)),
    napi: join(base, 'rustlib', `rustlib.${napiPlatform(platform, arch)}.node`),
    wasm: join(base, 'target', 'wasm32', 'rustlib.wasm'),
    ...addonPaths(base),
    // cargo's cdylib, copied to the name Node-API loaders expect (build/napi-pinned.ts).
    'napi-pinned': join(base, 'target', 'napi-pinned', `napi_pinned.${napiPlatform(platform, arch)}.node`),
    // The glue the wasm-bindgen CLI generates; its module is beside it (`artifactFiles`).
    'wasm-bindgen': join(base, 'target', 'wasm-bindgen', 'bt_wasm_bindgen.js'),
  };
}

/** The binding crates built as Node-API addons (`bindings/<dir>`, package `bt_<crate>`), by
 *  artifact name: cargo's cdylib is copied to a `.node` file, the name `require` loads. */
export const addonCrates = {
  napiSys: { dir: 'napi-sys', crate: 'bt_napi_sys' },
  neon: { dir: 'neon', crate: 'bt_neon' },
} as const satisfies Partial<Record<ArtifactId, { dir: string; crate: string }>>;

/** The `.node` file of every binding crate under `base`. */
export function addonPaths(base = root): Record<keyof typeof addonCrates, string> {
  const entries = Object.entries(addonCrates).map(([name, { crate }]) => [name, join(base, 'target', 'node-addons', `${crate}.node`)]);
  return Object.fromEntries(entries) as Record<keyof typeof addonCrates, string>;
}

/** Default results folder. */
export const resultsDir = join(root, 'results');
