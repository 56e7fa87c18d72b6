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
import { callbackSignature, threaded } from '../../contract/types.ts';
import { symbolOf, symbolTable } from '../../contract/workloads.ts';
import type { CType } from '../../contract/types.ts';
import type { Workload } from '../shared/catalogue.ts';
import { callbackCache, lower, recordsNote, type Marshal } from '../shared/lowering.ts';
import { compareVersions, NODE_FFI_SINCE } from '../../contract/versions.ts';
import type { Callable, LoadContext, Loaded, Mechanism, SkipReason } from '../shared/mechanism.ts';
// Types only: erased before run time, so Node 20 never resolves `node:ffi`.
import type * as NodeFfi from 'node:ffi';


/**
 * Neutral C type words → `node:ffi` type names (docs, FFI → "Type names"). The one place the
 * adapter knows about types: every declaration below is derived from `symbolTable()`.
 * - `i64` → `int64`: arguments take BigInt, and "Return values for 64-bit integer types are
 *   always exposed as `bigint` values", so the wrapping `add_i64` comes back exact.
 * - `ptr` → `pointer`: typed arrays "pass a pointer to their backing memory" (no copy); pointer
 *   results come back as BigInt addresses.
 * - `usize` → `uint64`: `size_t` on the 64-bit hosts Node 26 ships for (and the only hosts with
 *   the Fast API path).
 * - `cstr` → `string`: a JS string argument is converted to NUL-terminated UTF-8 for the call.
 * - `fnptr` → `function`: takes the BigInt pointer `registerCallback` returns. A `function`
 *   argument rules out the Fast API path (docs), so `callback_sum` is measured on the slower one.
 */
const FFI_TYPE: Readonly<Record<CType, NodeFfi.ReturnType>> = {
  void: 'void',
  i32: 'int32',
  u32: 'uint32',
  i64: 'int64',
  f64: 'f64', // documented spelling of `float64`; @types/node 26.6 lists only this one
  ptr: 'pointer',
  usize: 'uint64',
  cstr: 'string',
  strptr: 'pointer',
  fnptr: 'function',
};

/**
 * Why `node:ffi` cannot express a callback called from another thread: its docs
 * (`library.registerCallback`) say callbacks "must be invoked on the same system thread where
 * they were created", and Node 26.10 enforces it by aborting the process (seen here: "Callbacks
 * can only be invoked on the system thread they were created on", SIGABRT).
 */
export const NODE_FFI_THREADED_SKIP = 'node:ffi callbacks must be invoked on the thread that created them (docs, registerCallback); '
  + 'Node 26.10 aborts the process when a Rust thread calls one ("Callbacks can only be invoked on the system thread they were created on")';

/** `node:ffi` through Node's own foreign function interface. */
export const nodeFfi: Mechanism = {
  id: 'node-ffi',
  async load(ctx: LoadContext): Promise<Loaded | SkipReason> {
    const { runtime } = ctx;
    if (runtime.name !== 'node') return { skip: `node:ffi is a Node.js module; this runtime is ${runtime.id}` };
    if (compareVersions(runtime.version, NODE_FFI_SINCE) < 0) {
      return { skip: `node:ffi needs Node >= ${NODE_FFI_SINCE}; found Node ${runtime.version}` };
    }

    let ffi: typeof NodeFfi;
    try {
      // Dynamic, so that importing this file never fails: a Node without the module rejects
      // this promise instead.
      ffi = await import('node:ffi');
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
    const lib = new ffi.DynamicLibrary(ctx.file);
    const functions = new Map<string, Callable>();
    for (const [name, sig] of Object.entries(symbolTable())) {
      // `void` is never an argument type: the neutral table only uses it as a result.
      const args = sig.args.map((t) => FFI_TYPE[t] as NodeFfi.ArgumentType);
      functions.set(name, lib.getFunction(name, { arguments: args, return: FFI_TYPE[sig.ret] }));
    }

    // Pointer for a typed array. `bt_bytes_sum(ptr, usize)` has two arguments, so it does not
    // get the single-buffer Fast API entry point (docs: that one exists only "for signatures
    // with a single `pointer`, `buffer`, or `arraybuffer` argument"); on the multi-argument Fast
    // API path the JS wrapper converts a typed array to a raw pointer BigInt before the
    // trampoline anyway (docs, "Fast API call path"; lib/internal/ffi/fast-api.js calls
    // `getRawPointer`). Converting with `ffi.getRawPointer` ourselves is that same work without
    // the wrapper's per-argument type dispatch; the wrapper passes BigInt pointers straight
    // through. No copy either way, so a kernel's writes land in the JS array.
    //
    // A length is `usize`, declared `uint64`. The docs say 64-bit integer arguments also take
    // safe-integer Numbers "so buffer lengths ... can be passed without an explicit BigInt()",
    // but in 26.10 the Fast API wrapper's validator accepts only BigInt for int64/uint64 and
    // throws ERR_INVALID_ARG_VALUE "Argument 1 must be a uint64" for a Number
    // (nodejs/node#66198), so the length is converted here.
    const cb = callbackSignature;
    const free = functions.get('bt_str_free')!;
    const marshal: Marshal = {
      pointer: (view) => ffi.getRawPointer(view as NodeJS.TypedArray),
      length: (n) => BigInt(n),
      cstring: (s) => s,
      callback: callbackCache((fn) => lib.registerCallback(
        { arguments: cb.args.map((t) => FFI_TYPE[t] as NodeFfi.ArgumentType), return: FFI_TYPE[cb.ret] }, fn as never)),
      // docs: `ffi.toString(pointer)` "Reads a NUL-terminated UTF-8 string from native memory".
      readCString: (p) => ffi.toString(p as bigint) ?? '',
      freeCString: (p) => free(p),
    };

    return {
      bind(workload: Workload): Callable | SkipReason {
        // Never tried in a run: the call aborts the process, which would cost the column.
        if (threaded(workload)) return { skip: NODE_FFI_THREADED_SKIP };
        if (workload.async) return { skip: 'node:ffi calls run on the JS thread; it has no asynchronous call' };
        const raw = functions.get(symbolOf(workload));
        if (raw === undefined) throw new Error(`${symbolOf(workload)} was not declared at load`);
        return lower(workload, raw, marshal);
      },
      note: recordsNote,
    };
  },
};
