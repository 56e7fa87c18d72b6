/**
 * The names every results file keys on (DESIGN.md "Names"): runtimes, host columns, mechanisms,
 * and the built files each mechanism loads.
 */

/** Every mechanism id, in report order (see DESIGN.md "Names"). */
export const mechanismIds = ['js', 'platform', 'napi', 'napi-sys', 'neon', 'koffi', 'node-ffi', 'bun-ffi', 'deno-ffi', 'wasm', 'wasm-bindgen', 'http', 'http-fresh', 'rust'] as const;
/** A mechanism id. */
export type MechanismId = (typeof mechanismIds)[number];

/** What a built file is (see `artifactKinds`). */
export type ArtifactKind = 'native' | 'wasm' | 'glue';

/** Mechanisms that call the loopback HTTP service: the orchestrator starts it when one of them
 *  is wanted and passes its URL; when it cannot start or dies, they fail and nothing else does. */
export const serviceMechanisms: readonly MechanismId[] = ['http', 'http-fresh'];

/**
 * The built files runners load, by name, and what each one is: a `native` library is checked
 * for this machine's format before it is opened and needs Deno's FFI grant; a `wasm` module only
 * needs reading; `glue` is a JS module generated beside its wasm module (`artifactFiles`), both
 * read. The orchestrator builds them (orchestrator/build.ts) and passes each as
 * `--artifact <name>=<path>`; one it could not build is left out, with the reason.
 */
export const artifactKinds = {
  lib: 'native', napi: 'native', wasm: 'wasm',
  napiSys: 'native', neon: 'native',
  'napi-pinned': 'native',
  'wasm-bindgen': 'glue',
} as const satisfies Readonly<Record<string, ArtifactKind>>;
/** An artifact name. */
export type ArtifactId = keyof typeof artifactKinds;
/** Every artifact name. */
export const artifactIds = Object.keys(artifactKinds) as ArtifactId[];

/**
 * Every file an artifact at `path` consists of: itself, and for `glue` the wasm module the
 * wasm-bindgen CLI writes beside its glue (`x.js` + `x_bg.wasm`), which the glue's loader reads.
 */
export function artifactFiles(kind: ArtifactKind, path: string): string[] {
  return kind === 'glue' ? [path, glueModule(path)] : [path];
}

/** The wasm module beside a wasm-bindgen glue file. */
export const glueModule = (gluePath: string): string => gluePath.replace(/\.js$/, '_bg.wasm');

/** The built file each mechanism loads; a mechanism not listed loads nothing that is built. */
export const mechanismArtifact: Readonly<Partial<Record<MechanismId, ArtifactId>>> = {
  napi: 'napi', koffi: 'lib', 'node-ffi': 'lib', 'bun-ffi': 'lib', 'deno-ffi': 'lib', wasm: 'wasm',
  'napi-sys': 'napiSys', neon: 'neon',
  'wasm-bindgen': 'wasm-bindgen',
};

/**
 * A mechanism's other versions: an artifact built from the same wrapper source against another
 * release of its framework (napi-rs pinned at 3.5.2 beside rustlib's). The runner loads the
 * mechanism once per artifact it is given, and each artifact's cells carry the framework version
 * the build read from its lockfile (`--artifact-version`), so the mechanism id stays the same.
 */
export const versionArtifacts: Readonly<Partial<Record<ArtifactId, MechanismId>>> = {
  'napi-pinned': 'napi',
};

/** Every artifact a mechanism loads, its own first (none for a mechanism that loads nothing built). */
export function artifactsOf(m: MechanismId): ArtifactId[] {
  const own = mechanismArtifact[m];
  const others = artifactIds.filter((a) => versionArtifacts[a] === m);
  return [...(own ? [own] : []), ...others];
}

/**
 * npm packages a mechanism loads at run time besides its built file: their installed weight is
 * the library's own dependency cost, and the native addon among them is part of what it loads
 * (orchestrator/load-size.ts). A mechanism not listed depends on no package.
 */
export const mechanismPackage: Readonly<Partial<Record<MechanismId, string>>> = {
  koffi: 'koffi',
};

/** A capability Node's permission model (`--permission`) denies until it is granted. */
export type NodeGrant = 'addons' | 'ffi' | 'net';

/**
 * What each mechanism needs granted under Node's permission model beyond reading its artifact:
 * a runner is given the union for the mechanisms it runs, so a process that loads no addon is
 * refused addons. A mechanism not listed needs nothing more (js, platform, wasm, wasm-bindgen).
 */
export const mechanismNodeGrants: Readonly<Partial<Record<MechanismId, readonly NodeGrant[]>>> = {
  napi: ['addons'], 'napi-sys': ['addons'], neon: ['addons'], koffi: ['addons'],
  'node-ffi': ['ffi'],
  http: ['net'], 'http-fresh': ['net'],
};

/**
 * Mechanisms that are one runtime's own API: their adapter is `runners/<runtime>/<id>.ts`, and in
 * another runtime they are reported as skipped with `why`, never silently absent. `host`: only
 * the host columns have it. Every other mechanism's adapter is `runners/shared/mechanisms/<id>.ts`:
 * a new mechanism is that file and its id above (runners/shared/adapters.ts finds it).
 */
export const runtimeOwnMechanisms: Readonly<Partial<Record<MechanismId, { runtime: RuntimeName | 'host'; why: string }>>> = {
  'node-ffi': { runtime: 'node', why: "node:ffi is Node's own FFI module" },
  'bun-ffi': { runtime: 'bun', why: "bun:ffi is Bun's own FFI module" },
  'deno-ffi': { runtime: 'deno', why: "Deno.dlopen is Deno's own FFI API" },
  rust: { runtime: 'host', why: 'the kernel called natively from Rust, with no JS engine: a host column (rquickjs@…) has it' },
};

/** Runtime names. */
export const runtimeNames = ['node', 'bun', 'deno'] as const;
/** A runtime name. */
export type RuntimeName = (typeof runtimeNames)[number];

/**
 * Host columns: the other direction, a Rust program (host/) embedding a JS engine, named by the
 * crate that embeds it (`rquickjs@0.14.0`). Inside one, `js` is the reference running in the
 * engine and `rust` the kernel called natively.
 */
export const hostNames = ['rquickjs', 'deno_core'] as const;
/** A host column's crate name. */
export type HostName = (typeof hostNames)[number];
