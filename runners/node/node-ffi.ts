/**
 * The `node-ffi` mechanism: Node's built-in `node:ffi` (Node ≥ 26.1) calling the plain cdylib.
 *
 * Why this is the fastest documented path (Node docs, FFI → "Call paths"): `node:ffi` picks one
 * of three call paths per function when it is resolved — Fast API, then shared buffer, then
 * generic libffi — and uses the first that supports the signature. The Fast API path lets
 * optimized JS call a per-signature native trampoline directly. It applies on 64-bit hosts
 * (x86-64, AArch64, …) when no type is `function`, there are at most 8 arguments and every one
 * fits in an argument register (x86-64 SysV: 6 integer/pointer, or 4 when a buffer-shaped
 * argument is passed; 8 floating point). Every signature in our table qualifies, so we only have
 * to (1) declare each function once with `getFunction` so V8 can optimize the call site, and
 * (2) hand the returned wrapper to the runner as is: no extra JS frame for scalar workloads.
 *
 * Loading is decided through a dynamic `import('node:ffi')`, so Node 20 can import this file and
 * get a skip instead of a crash.
 */
import { cParams, symbolOf, symbolTable } from '../shared/catalogue.ts';
import type { CType, Workload } from '../shared/catalogue.ts';
import { lowerBytes } from '../shared/mechanism.ts';
import type { Callable, LoadContext, Loaded, Mechanism, SkipReason } from '../shared/mechanism.ts';

/** The first Node release that ships `node:ffi`. */
const MIN_NODE: readonly [number, number] = [26, 1];

/**
 * Neutral C type words → `node:ffi` type names (docs, FFI → "Type names"). The one place the
 * adapter knows about types: every declaration below is derived from `symbolTable()`.
 * - `i64` → `int64`: arguments take BigInt, and "Return values for 64-bit integer types are
 *   always exposed as `bigint` values", so the wrapping `add_i64` comes back exact.
 * - `ptr` → `pointer`: typed arrays "pass a pointer to their backing memory" (no copy); pointer
 *   results come back as BigInt addresses.
 * - `usize` → `uint64`: `size_t` on the 64-bit hosts Node 26 ships for (and the only hosts with
 *   the Fast API path).
 */
const FFI_TYPE: Readonly<Record<CType, string>> = {
  void: 'void',
  i32: 'int32',
  u32: 'uint32',
  i64: 'int64',
  f64: 'float64',
  ptr: 'pointer',
  usize: 'uint64',
};

/** The slice of `node:ffi` this adapter uses (typed here so the file also checks where the
 *  `node:ffi` typings are absent). */
interface NodeFfi {
  readonly DynamicLibrary: new (path: string) => NodeFfiLibrary;
  readonly getRawPointer: (source: ArrayBufferView | ArrayBuffer) => bigint;
}
interface NodeFfiLibrary {
  getFunction(name: string, signature: { arguments: string[]; return: string }): Callable;
}

/**
 * Passes every `usize` argument as a BigInt. The docs say 64-bit integer arguments also take
 * safe-integer Numbers "so buffer lengths ... can be passed without an explicit BigInt()", but
 * in 26.10 the Fast API wrapper's validator accepts only BigInt for `int64`/`uint64` and throws
 * ERR_INVALID_ARG_VALUE "Argument 1 must be a uint64" for a Number (nodejs/node#66198). The
 * 2-argument `(ptr, usize)` shape gets its own closure so no rest/spread array is built per call.
 */
function widenLengths(params: readonly CType[], fn: Callable): Callable {
  if (!params.includes('usize')) return fn;
  if (params.length === 2 && params[0] === 'ptr' && params[1] === 'usize') {
    return (p: unknown, n: number) => fn(p, BigInt(n));
  }
  return (...xs: unknown[]) => fn(...xs.map((x, i) => (params[i] === 'usize' ? BigInt(x as number) : x)));
}

/** Parses `major.minor` out of a version string such as `26.10.0`. */
function majorMinor(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split('.').map((p) => Number.parseInt(p, 10));
  return [major, minor];
}

/** `node:ffi` through Node's own foreign function interface. */
export const nodeFfi: Mechanism = {
  id: 'node-ffi',
  async load(ctx: LoadContext): Promise<Loaded | SkipReason> {
    const { runtime } = ctx;
    if (runtime.name !== 'node') return { skip: `node:ffi is a Node.js module; this runtime is ${runtime.id}` };
    const [major, minor] = majorMinor(runtime.version);
    if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
      return { skip: `node:ffi needs Node >= ${MIN_NODE.join('.')}; found Node ${runtime.version}` };
    }

    let ffi: NodeFfi;
    try {
      // A string the bundler/type checker cannot resolve statically keeps Node 20 (and the
      // `node` types of older @types/node) from failing on this file.
      const specifier = 'node:ffi';
      const mod = (await import(specifier)) as { default?: NodeFfi } & NodeFfi;
      ffi = mod.default ?? mod;
    } catch (err) {
      // 26.1–26.x before unflagging need --experimental-ffi; any release can be started with
      // --no-experimental-ffi or built without FFI support.
      const why = err instanceof Error ? err.message : String(err);
      return {
        skip: `node:ffi is not importable in Node ${runtime.version} (${why}); ` +
          'start Node with --experimental-ffi, or use a build with FFI support',
      };
    }

    // Declare every symbol once, from the neutral table. A missing symbol or a rejected
    // signature is a broken build, not a missing capability: let it throw.
    const lib = new ffi.DynamicLibrary(ctx.artifacts.lib);
    const functions = new Map<string, Callable>();
    for (const [name, sig] of Object.entries(symbolTable())) {
      functions.set(name, lib.getFunction(name, {
        arguments: sig.args.map((t) => FFI_TYPE[t]),
        return: FFI_TYPE[sig.ret],
      }));
    }

    // Pointer for a `bytes` argument. `bt_bytes_sum(ptr, usize)` has two arguments, so it does
    // not get the single-buffer Fast API entry point (docs: that one exists only "for signatures
    // with a single `pointer`, `buffer`, or `arraybuffer` argument"); on the multi-argument Fast
    // API path a typed array "is converted to a raw pointer bigint" in JS by the wrapper anyway
    // (lib/internal/ffi/fast-api.js calls `getRawPointer`). Converting with `ffi.getRawPointer`
    // ourselves is that same work without the wrapper's per-argument type dispatch; the
    // wrapper passes BigInt pointers straight through. No copy either way.
    const pointer = ffi.getRawPointer;

    return {
      bind(workload: Workload): Callable | SkipReason {
        const raw = functions.get(symbolOf(workload));
        if (raw === undefined) throw new Error(`${symbolOf(workload)} was not declared at load`);
        return lowerBytes(workload, widenLengths(cParams(workload), raw), pointer);
      },
      libraries: { node: runtime.version },
    };
  },
};
