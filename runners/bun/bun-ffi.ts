/**
 * The `bun-ffi` mechanism: `bun:ffi` `dlopen` on the plain cdylib, in Bun only.
 *
 * Why this is the fastest documented path: Bun's FFI docs ("Performance") say `dlopen` symbols
 * are implemented natively in JavaScriptCore, with argument conversion and result boxing done
 * in-engine, and that "hot call sites compile down through the DFG/FTL JIT tiers into direct
 * native calls with no per-argument JavaScript shim". So the adapter declares every symbol once
 * at load, takes each function out of `lib.symbols` once, and hands it to the runner unwrapped:
 * a scalar workload's callable *is* the `dlopen` symbol, with no JS frame of ours.
 *
 * For `bytes`, the docs ("Passing a pointer"): "Where FFI functions expect a pointer, pass a
 * `TypedArray`" — the engine passes its backing memory. The Uint8Array goes in as is (no copy;
 * calling `ptr()` first measured slower, an extra native call per crossing), and the length is a
 * plain number, which `usize` (= `u64`) accepts.
 */
import type { FFIFunction, FFITypeOrString, Pointer } from 'bun:ffi';
import { callbackSignature, threaded } from '../../contract/types.ts';
import { symbolOf, symbolTable } from '../../contract/workloads.ts';
import type { CType } from '../../contract/types.ts';
import type { Workload } from '../shared/catalogue.ts';
import { callbackCache, lower, recordsNote, type Marshal } from '../shared/lowering.ts';
import type { Callable, LoadContext, Loaded, Mechanism, SkipReason } from '../shared/mechanism.ts';

/**
 * Neutral C type words → `bun:ffi` type words (docs, "FFI types"). The one place the adapter
 * knows about types: every declaration is derived from `symbolTable()`.
 * - `i64` → `i64`, not `i64_fast`: `i64` always returns a BigInt, so results are exact above
 *   2^53; `i64_fast` returns "either a `number` or a `BigInt`, depending on the value", which
 *   would not equal the BigInt reference for small results. Arguments accept BigInt.
 * - `ptr` → `ptr`: as an argument it takes a TypedArray directly (see above); as a result
 *   (`bt_alloc`) it is a Number address ("Bun represents pointers as a `number`").
 * - `usize` → `usize`, Bun's alias of `u64`; it accepts a JS number argument.
 *   (`buffer` + `buffer_length`, the newer engine-native pair, measured no faster here and
 *   `buffer_length` wants the view itself rather than the length the lowering passes.)
 * - `cstr` → `ptr`: bun:ffi has no string argument type (`cstring` "in args is equivalent to
 *   `ptr`"), so a JS string goes in as a NUL-terminated UTF-8 Buffer, as Bun's docs show.
 * - `strptr` → `ptr`: a returned string is read with `new CString(ptr)` and then freed.
 * - `fnptr` → `function`, fed with a `JSCallback`'s pointer.
 */
const BUN_TYPE: Readonly<Record<CType, FFITypeOrString>> = {
  void: 'void',
  i32: 'i32',
  u32: 'u32',
  i64: 'i64',
  f64: 'f64',
  ptr: 'ptr',
  usize: 'usize',
  cstr: 'ptr',
  strptr: 'ptr',
  fnptr: 'function',
};

/**
 * Why `bun:ffi` cannot express a callback that a Rust thread calls and waits on. Measured here
 * on Bun 1.4.4: a `threadsafe: true` JSCallback called from the Rust thread runs on the JS
 * thread, in order, without crashing (2 million calls), but the call returns before the JS
 * function runs, so the thread reads no answer: declared `i32`, the Rust thread summed 0 (and
 * 10000 when declared `void`) where the answer is 1000000.
 */
export const BUN_THREADED_SKIP = 'a threadsafe: true JSCallback cannot answer the thread that calls it: Bun queues the call to the JS thread '
  + 'and returns at once, with no return value (its result register is left unset; oven-sh/bun#32782), so the Rust thread cannot '
  + 'sum fn(i) (it read 0 for 1000000 here)';

/** `bun:ffi` `dlopen`, Bun's built-in C FFI. */
export const bunFfi: Mechanism = {
  id: 'bun-ffi',
  async load(ctx: LoadContext): Promise<Loaded | SkipReason> {
    // `bun:ffi` exists only in Bun. Imported lazily so this file can be imported (e.g. by a test
    // listing adapters) in any runtime, where it reports a skip instead of failing to import.
    if (!('Bun' in globalThis)) return { skip: `bun:ffi is Bun-only; this is ${ctx.runtime.id}` };
    const { dlopen, CString, JSCallback } = await import('bun:ffi');

    // Declare every symbol once, from the neutral table. A missing symbol is a broken build:
    // `dlopen` throws, and that is recorded as a failure.
    const declarations: Record<string, FFIFunction> = {};
    for (const [name, sig] of Object.entries(symbolTable())) {
      declarations[name] = { args: sig.args.map((t) => BUN_TYPE[t]), returns: BUN_TYPE[sig.ret] };
    }
    const lib = dlopen(ctx.file, declarations);
    const free = lib.symbols.bt_str_free as Callable;
    const cb = callbackSignature;

    const marshal: Marshal = {
      // A TypedArray goes in as is wherever a `ptr` is declared: no copy, writes land in JS.
      pointer: (view) => view,
      length: (n) => n,
      cstring: (s) => Buffer.from(`${s}\0`, 'utf8'),
      callback: callbackCache((fn) => new JSCallback(fn, { args: cb.args.map((t) => BUN_TYPE[t]), returns: BUN_TYPE[cb.ret] }).ptr),
      readCString: (p) => new CString(p as Pointer).toString(),
      freeCString: (p) => free(p),
    };

    return {
      bind(workload: Workload): Callable | SkipReason {
        if (threaded(workload)) return { skip: BUN_THREADED_SKIP };
        if (workload.async) {
          return { skip: 'bun:ffi calls run on the JS thread; it has no asynchronous call (a threadsafe JSCallback is the other direction)' };
        }
        // Taken out of `lib.symbols` once here, never per call.
        const raw = lib.symbols[symbolOf(workload)] as Callable | undefined;
        if (raw === undefined) throw new Error(`${symbolOf(workload)} was not declared at load`);
        return lower(workload, raw, marshal);
      },
      note: recordsNote,
    };
  },
};
