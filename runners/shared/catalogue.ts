/**
 * The workload catalogue: the one table every runner, adapter, test and report reads.
 *
 * A workload is one Rust kernel, one `bt_<id>` C export, one napi export `<id>` and one entry
 * here. Its signature is written once, in neutral type words; each FFI adapter maps those words
 * to its own (see `cParams`).
 */
import * as ref from './reference.ts';

/** Scalar type words: the same at the JS level and in C. */
export type ScalarType = 'i32' | 'u32' | 'i64' | 'f64';

/**
 * JS-level argument types, in neutral words, and what the C ABI receives for each:
 * - `bytes`, `f64s`, `i32s`: a Uint8Array / Float64Array / Int32Array the kernel reads, as a
 *   pointer and an element count; the `_mut` forms are written in place by the kernel.
 * - `str`: a JS string, as a NUL-terminated UTF-8 `const char *` (what C FFIs convert strings to).
 * - `strs`: a `string[]`, packed (see `packStrings`) as UTF-8 bytes + length, u32 offsets + count.
 * - `callback`: a JS function `(i32) => i32`, as a C function pointer (`callbackSignature`).
 */
export type ArgType =
  | ScalarType | 'bytes' | 'bytes_mut' | 'f64s' | 'f64s_mut' | 'i32s' | 'i32s_mut' | 'str' | 'strs' | 'callback';

/**
 * JS-level result types. `str` and `strs` come back from C as an owned NUL-terminated string the
 * caller decodes and frees with `bt_str_free` (`strs` joined by `\n`, for entries that never hold
 * one); `f64x4` is an array of four numbers that C writes to a trailing `double[4]` out-pointer.
 */
export type RetType = 'void' | ScalarType | 'str' | 'strs' | 'f64x4';

/** Any neutral type word. */
export type NeutralType = ArgType | RetType;

/** C-level type words after lowering: `ptr` points into memory JS owns (a typed array), `cstr` is
 *  a `const char *` made from a JS string, `strptr` a string the library owns and the caller
 *  frees with `bt_str_free`, `fnptr` a function pointer. */
export type CType = 'void' | ScalarType | 'ptr' | 'usize' | 'cstr' | 'strptr' | 'fnptr';

/** The C signature of the one callback type, `int32_t (*)(int32_t)`. */
export const callbackSignature = { args: ['i32'], ret: 'i32' } as const;

/** A function signature in neutral words. */
export interface Signature {
  /** JS-level argument types, in order. */
  readonly args: readonly ArgType[];
  /** Result type. */
  readonly ret: RetType;
}

/** Workload groups (see DESIGN.md). */
export const groups = ['call', 'data', 'callback', 'async', 'compute', 'load', 'host'] as const;
/** A workload group. */
export type Group = (typeof groups)[number];

/** One benchmarked operation. */
export interface Workload extends Signature {
  /** snake_case id: the Rust kernel, `bt_<id>`, the napi export and the results key. */
  readonly id: string;
  readonly group: Group;
  /** One line for people. */
  readonly summary: string;
  /** Sizes the workload is measured at, or `[null]` for a workload without a size. */
  readonly params: readonly (number | null)[];
  /** What `param` counts (bytes, elements, n); absent when there is no param. */
  readonly paramUnit?: string;
  /** Deterministic JS-level arguments for one param; a new set on every call. */
  input(param: number | null): unknown[];
  /** The pure-JS reference; also what the `js` mechanism runs. */
  readonly reference: (...args: never[]) => unknown;
  /** Calls the export of this other workload (same kernel, other input) instead of its own. */
  readonly kernel?: string;
  /** A JS loop over another workload's function instead of an export of its own: the loop's
   *  source is compiled per mechanism, so each loop's call site sees one callee. */
  readonly via?: { readonly workload: string; readonly params: readonly string[]; readonly body: string };
  /** The answer is this argument's content after the call (the kernel writes it in place). */
  readonly observe?: number;
  /** Every timed call gets fresh copies of the written arguments (sorting sorted data is not
   *  the same work); the copying happens outside the timed region. */
  readonly freshArgs?: boolean;
  /** Runs off the JS thread and returns a Promise; `param` is how many calls are in flight. */
  readonly async?: boolean;
  /** Figures are also reported per this many units of work: per `param` callbacks, say. */
  readonly perItem?: string;
  /** Relative tolerance for floating results, where the same maths may round differently. */
  readonly tolerance?: number;
  /** Why the wasm build lacks this kernel, for a kernel that needs a crate. */
  readonly nativeOnly?: string;
  /** What a user would call instead: the runtime's own built-in, measured as `platform`. */
  readonly platform?: (...args: never[]) => unknown;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Every workload, in report order. */
export const workloads: readonly Workload[] = [
  {
    id: 'noop', group: 'call', summary: 'no arguments, no result',
    args: [], ret: 'void', params: [null],
    input: () => [], reference: ref.noop,
  },
  {
    id: 'add_i32', group: 'call', summary: 'two i32 in, wrapping sum out',
    args: ['i32', 'i32'], ret: 'i32', params: [null],
    // INT32_MAX + 1 proves the wrap is the same on both sides of the bridge.
    input: () => [2147483647, 1], reference: ref.add_i32,
  },
  {
    id: 'add_f64', group: 'call', summary: 'two f64 in, sum out',
    args: ['f64', 'f64'], ret: 'f64', params: [null],
    input: () => [1.5, 2.25], reference: ref.add_f64,
  },
  {
    id: 'add_i64', group: 'call', summary: 'two i64 (BigInt) in, wrapping sum out',
    args: ['i64', 'i64'], ret: 'i64', params: [null],
    // Above 2^53 and wrapping: a mechanism that returns an imprecise Number fails verification.
    input: () => [9223372036854775807n, 2n], reference: ref.add_i64,
  },
  {
    id: 'sum6_f64', group: 'call', summary: 'six f64 in, left-to-right sum out',
    args: ['f64', 'f64', 'f64', 'f64', 'f64', 'f64'], ret: 'f64', params: [null],
    input: () => [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], reference: ref.sum6_f64,
  },
  {
    id: 'bytes_sum', group: 'data', summary: 'a Uint8Array in, u32 wrapping sum of its bytes out',
    args: ['bytes'], ret: 'u32', params: [64, 64 * KiB, MiB], paramUnit: 'bytes',
    input: (param) => [patternBytes(param ?? 0)], reference: ref.bytes_sum,
  },
  {
    id: 'bytes_invert', group: 'data', summary: 'every byte of a Uint8Array flipped in place; JS sees the change',
    args: ['bytes_mut'], ret: 'void', params: [4 * KiB, MiB], paramUnit: 'bytes', observe: 0,
    input: (param) => [patternBytes(param ?? 0)], reference: ref.bytes_invert,
  },
  {
    id: 'str_hash', group: 'data', summary: 'FNV-1a 32 of an ASCII JS string, passed the mechanism\'s own way',
    args: ['str'], ret: 'u32', params: [16, KiB, 64 * KiB], paramUnit: 'chars',
    input: (param) => [asciiString(param ?? 0)], reference: ref.str_hash,
  },
  {
    id: 'str_hash_mixed', group: 'data', summary: 'str_hash of 1 Ki chars of accents, CJK and emoji',
    kernel: 'str_hash', args: ['str'], ret: 'u32', params: [KiB], paramUnit: 'chars',
    input: (param) => [mixedString(param ?? 0)], reference: ref.str_hash,
  },
  {
    id: 'str_hash_bytes', group: 'data', summary: 'FNV-1a 32 of the same ASCII text, pre-encoded as UTF-8 bytes',
    args: ['bytes'], ret: 'u32', params: [16, KiB, 64 * KiB], paramUnit: 'bytes',
    input: (param) => [new TextEncoder().encode(asciiString(param ?? 0))], reference: ref.str_hash_bytes,
  },
  {
    id: 'str_make', group: 'data', summary: 'Rust makes a string of n chars (1-3 UTF-8 bytes each); JS receives it',
    args: ['u32'], ret: 'str', params: [16, KiB, 64 * KiB], paramUnit: 'chars',
    input: (param) => [param ?? 0], reference: ref.str_make,
  },
  {
    id: 'f64_sum', group: 'data', summary: 'a Float64Array in, left-to-right sum out',
    args: ['f64s'], ret: 'f64', params: [10, KiB, 10 * KiB, 100 * KiB, MiB], paramUnit: 'elements',
    input: (param) => [randomF64s(param ?? 0, 1)], reference: ref.f64_sum,
  },
  {
    id: 'callback_sum', group: 'callback', summary: 'Rust calls a JS function fn(i) n times and sums the results',
    args: ['u32', 'callback'], ret: 'i32', params: [1, 1000], paramUnit: 'callbacks', perItem: 'callback',
    input: (param) => [param ?? 0, ref.callbackTarget], reference: ref.callback_sum,
  },
  {
    id: 'async_job', group: 'async', summary: 'a ~1 µs job run off the JS thread and awaited',
    args: ['u32'], ret: 'u32', params: [1, 64], paramUnit: 'in flight', async: true,
    input: () => [1000], reference: ref.async_job,
  },
  {
    id: 'fib', group: 'compute', summary: 'recursive Fibonacci',
    args: ['u32'], ret: 'u32', params: [20, 30], paramUnit: 'n',
    input: (param) => [param ?? 0], reference: ref.fib,
  },
  {
    id: 'count_primes', group: 'compute', summary: 'primes up to a limit, by sieve',
    args: ['u32'], ret: 'u32', params: [100_000, 1_000_000], paramUnit: 'limit',
    input: (param) => [param ?? 0], reference: ref.count_primes,
  },
  {
    id: 'hash_strings', group: 'compute', summary: 'strings in, FNV-1a hex digests out',
    args: ['strs'], ret: 'strs', params: [1000], paramUnit: 'strings',
    input: (param) => [stringList(param ?? 0)], reference: ref.hash_strings,
  },
  {
    id: 'sha256_strings', group: 'compute', summary: 'strings in, SHA-256 hex digests out (Rust: the sha2 crate)',
    args: ['strs'], ret: 'strs', params: [1000], paramUnit: 'strings',
    input: (param) => [stringList(param ?? 0)], reference: ref.sha256_strings, platform: ref.sha256_strings_platform,
    nativeOnly: 'SHA-256 comes from the sha2 crate, and the wasm build is crate-free (Rust 1.63 wasm32 toolchain)',
  },
  {
    id: 'sort_f64', group: 'compute', summary: 'a Float64Array sorted in place, against Float64Array.prototype.sort',
    args: ['f64s_mut'], ret: 'void', params: [KiB, 100 * KiB], paramUnit: 'elements', observe: 0, freshArgs: true,
    input: (param) => [randomF64s(param ?? 0, 2)], reference: ref.sort_f64,
  },
  {
    id: 'fin_metrics', group: 'compute', summary: 'mean, std deviation, Sharpe ratio, max drawdown of a return series',
    args: ['f64s'], ret: 'f64x4', params: [KiB, 100 * KiB, MiB], paramUnit: 'points', tolerance: 1e-9,
    input: (param) => [returnSeries(param ?? 0)], reference: ref.fin_metrics,
  },
  {
    id: 'each_add_i32', group: 'compute', summary: 'n add_i32 calls from a JS loop, one crossing each',
    args: ['i32s', 'i32s', 'i32s_mut'], ret: 'void', params: [10_000], paramUnit: 'pairs', observe: 2,
    via: { workload: 'add_i32', params: ['f', 'a', 'b', 'out'], body: 'for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);' },
    input: (param) => int32Pairs(param ?? 0), reference: ref.batch_add_i32,
  },
  {
    id: 'batch_add_i32', group: 'compute', summary: 'the same n additions in one call over Int32Arrays',
    args: ['i32s', 'i32s', 'i32s_mut'], ret: 'void', params: [10_000], paramUnit: 'pairs', observe: 2,
    input: (param) => int32Pairs(param ?? 0), reference: ref.batch_add_i32,
  },
];

/** Symbols the library exports besides the workloads: freeing returned strings, and the
 *  linear-memory helpers of the wasm mechanism. */
export const supportSymbols: Readonly<Record<string, { args: readonly CType[]; ret: CType }>> = {
  bt_str_free: { args: ['strptr'], ret: 'void' },
  bt_alloc: { args: ['usize'], ret: 'ptr' },
  bt_free: { args: ['ptr', 'usize'], ret: 'void' },
};

/** Exports of the wasm build only: the table index of the trampoline that calls JS back. */
export const wasmSupportSymbols: Readonly<Record<string, { args: readonly CType[]; ret: CType }>> = {
  bt_wasm_callback_ptr: { args: [], ret: 'usize' },
};

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

/**
 * The `load` group's one workload: a fresh runtime process to the first verified call of `via`,
 * per mechanism (runners/shared/load.ts is the process, orchestrator/load.ts times it). It is not
 * in `workloads`: it has no kernel and no export of its own, and no runner loop times it.
 */
export const coldStart = {
  id: 'cold_start', group: 'load', via: 'add_i32',
  summary: 'a fresh runtime process to its first verified add_i32 call, and the size of what the mechanism loads',
} as const satisfies { id: string; group: Group; via: string; summary: string };

/** Mechanisms that are one runtime's own API: in another runtime they are reported as skipped
 *  with this reason, never silently absent. */
export const runtimeOwnMechanisms: Readonly<Partial<Record<MechanismId, string>>> = {
  'node-ffi': "node:ffi is Node's own FFI module",
  'bun-ffi': "bun:ffi is Bun's own FFI module",
  'deno-ffi': "Deno.dlopen is Deno's own FFI API",
  rust: 'the kernel called natively from Rust, with no JS engine: a host column (rquickjs@…) has it',
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

/** The small script of the engine-cost workloads: one add_i32, wrapping (its answer is checked). */
export const hostScript = '(function (a, b) { return (a + b) | 0; })(2147483647, 1)';

/** A workload only host columns run (the Rust side of each lives in host/ and the kernels). */
export interface HostWorkload {
  readonly id: string;
  readonly group: Group;
  readonly summary: string;
  readonly params: readonly (number | null)[];
  readonly paramUnit?: string;
  /** The reference module's export the engine calls (none: the workload evaluates `hostScript`). */
  readonly function?: string;
  /** Deterministic arguments for one param. */
  input(param: number | null): unknown[];
  /** The answer, computed in JS. */
  expected(param: number | null): unknown;
  readonly perItem?: string;
  /** Why `rust` has no cell: what the workload measures needs an engine. */
  readonly rustSkip?: string;
}

const scriptNeedsEngine = 'evaluating a script needs an engine: there is no native counterpart';

/** What hosting an engine costs, and the plugin scenario. */
export const hostWorkloads: readonly HostWorkload[] = [
  {
    id: 'engine_start', group: 'host', summary: 'a new runtime and context, the reference module loaded, a first script evaluated',
    params: [null], input: () => [], expected: () => ref.add_i32(2147483647, 1), rustSkip: 'a native kernel has no engine to start',
  },
  {
    id: 'eval_fresh', group: 'host', summary: 'the small script in a new runtime and context per call',
    params: [null], input: () => [], expected: () => ref.add_i32(2147483647, 1), rustSkip: scriptNeedsEngine,
  },
  {
    id: 'eval_reused', group: 'host', summary: 'the same small script evaluated again in one reused context',
    params: [null], input: () => [], expected: () => ref.add_i32(2147483647, 1), rustSkip: scriptNeedsEngine,
  },
  {
    id: 'fee_rule', group: 'host', summary: 'a JS business rule (the fee of a payment record) called from Rust once per record',
    params: [10_000], paramUnit: 'records', perItem: 'record', function: 'fee_rule',
    input: (param) => [payments(param ?? 0)], expected: (param) => ref.fee_rules(payments(param ?? 0)),
  },
];

/** The catalogue workloads a host column runs too: Rust calling JS `add_i32`, and the compute
 *  group, each the reference inside the engine against the kernel natively. */
export const hostCatalogueWorkloads: readonly string[] = ['add_i32', ...workloads.filter((w) => w.group === 'compute').map((w) => w.id)];

/** Why a host column skips a catalogue workload it lists. */
export const hostSkips: Readonly<Record<string, string>> = {
  sha256_strings: 'its Rust side is the sha2 crate in rustlib, not a kernel, and its JS reference needs TextEncoder, which QuickJS-ng lacks',
};

/** The export a workload calls: its own, or its `kernel`'s. */
export const exportOf = (w: Workload): string => w.kernel ?? w.id;

/** The C symbol of a workload. */
export const symbolOf = (w: Workload): string => `bt_${exportOf(w)}`;

/** Workloads with an export of their own (not another's kernel, not a JS loop over one). */
export const exported = (w: Workload): boolean => w.kernel === undefined && w.via === undefined;

/** What each argument type becomes in C (see `ArgType`). */
export const cLowering: Readonly<Record<ArgType, readonly CType[]>> = {
  i32: ['i32'], u32: ['u32'], i64: ['i64'], f64: ['f64'],
  bytes: ['ptr', 'usize'], bytes_mut: ['ptr', 'usize'],
  f64s: ['ptr', 'usize'], f64s_mut: ['ptr', 'usize'],
  i32s: ['ptr', 'usize'], i32s_mut: ['ptr', 'usize'],
  str: ['cstr'], strs: ['ptr', 'usize', 'ptr', 'usize'], callback: ['fnptr'],
};

/** C parameter list of a signature (an `f64x4` result adds a trailing out-pointer). */
export function cParams(sig: Signature): CType[] {
  return [...sig.args.flatMap((t) => cLowering[t]), ...(sig.ret === 'f64x4' ? ['ptr' as const] : [])];
}

/** C result type of a signature. */
export function cRet(sig: Signature): CType {
  switch (sig.ret) {
    case 'str': case 'strs': return 'strptr';
    case 'f64x4': return 'void';
    default: return sig.ret;
  }
}

/**
 * The neutral symbol table: every C symbol the library must export, with its C signature.
 * `target: 'wasm'` leaves out native-only kernels and adds the wasm-only helpers.
 */
export function symbolTable(target: 'native' | 'wasm' = 'native'): Record<string, { args: CType[]; ret: CType }> {
  const table: Record<string, { args: CType[]; ret: CType }> = {};
  for (const w of workloads) {
    if (exported(w) && !(target === 'wasm' && w.nativeOnly)) table[symbolOf(w)] = { args: cParams(w), ret: cRet(w) };
  }
  for (const [name, sig] of Object.entries(supportSymbols)) table[name] = { args: [...sig.args], ret: sig.ret };
  if (target === 'wasm') for (const [name, sig] of Object.entries(wasmSupportSymbols)) table[name] = { args: [...sig.args], ret: sig.ret };
  return table;
}

/** Looks a workload up by id. */
export function workloadById(id: string): Workload | undefined {
  return workloads.find((w) => w.id === id);
}

/** Printable ASCII, n chars. */
export function asciiString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(32 + ((i * 7 + 3) % 95));
  return s;
}

/** n UTF-16 code units of accents, CJK and emoji (surrogate pairs), never split mid-pair. */
export function mixedString(n: number): string {
  const pieces = ['é', 'a', '中', 'ß', '😀', '文', 'ñ', '€', '🦀', ' '];
  let s = '';
  for (let i = 0; s.length < n; i++) {
    const p = pieces[i % pieces.length]!;
    s += s.length + p.length <= n ? p : 'a';
  }
  return s;
}

/** n strings of 0-40 chars mixing ASCII and non-ASCII. */
export function stringList(n: number): string[] {
  return Array.from({ length: n }, (_, i) => mixedString(i % 41).slice(0, i % 41) + asciiString(i % 7));
}

/** Deterministic pseudo-random doubles in [-1000, 1000) from a 32-bit LCG. */
export function randomF64s(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = (x / 2 ** 32) * 2000 - 1000;
  }
  return out;
}

/** A daily-return-like series: small returns in [-5 %, +5 %). */
export function returnSeries(n: number): Float64Array {
  return randomF64s(n, 3).map((v) => v / 20_000);
}

/** Two Int32Arrays of n values (some overflowing when added) and an output array. */
export function int32Pairs(n: number): [Int32Array, Int32Array, Int32Array] {
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = Math.imul(i, 2654435761) | 0;
    b[i] = (i * 40503) | 0;
  }
  return [a, b, new Int32Array(n)];
}

/** n payment records of the plugin scenario: every method, some across borders, amounts from
 *  1 cent to about 21 000 EUR (so the SEPA cap and the 5-cent floor both apply). */
export function payments(n: number): ref.Payment[] {
  const methods = ['card', 'sepa', 'wallet'] as const;
  return Array.from({ length: n }, (_, i) => ({
    amountCents: 1 + ((Math.imul(i, 2654435761) >>> 0) % 2_100_000),
    method: methods[i % 3]!,
    crossBorder: i % 7 === 0,
  }));
}

/** Deterministic bytes covering every value 0..255, so a dropped or repeated byte changes the sum. */
export function patternBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}
