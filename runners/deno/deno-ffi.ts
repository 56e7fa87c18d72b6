/**
 * The `deno-ffi` mechanism: `Deno.dlopen` on the plain cdylib, in Deno only.
 *
 * Why this is the fastest documented path: Deno's FFI (ext/ffi README, "Performance") generates
 * an optimized path for every `dlopen` symbol, entered "when V8 decides to optimize the function,
 * hence call through the Fast API", through a JIT-compiled trampoline ("turbocall"); the fallback
 * path serves only values the Fast API cannot carry. So the adapter declares every symbol once
 * at load (synchronous: no `nonblocking`, which runs the call on another thread and returns a
 * Promise), takes each function out of `lib.symbols` once, and hands it to the runner unwrapped:
 * a scalar workload's callable *is* the `dlopen` symbol, with no JS frame of ours.
 *
 * Staying on the Fast API decides two type choices (see `DENO_TYPE`):
 * - `bytes` → `buffer`: the docs' `"buffer"` type takes a Uint8Array as is and passes its
 *   backing memory, with no copy and no per-call `Deno.UnsafePointer.of()`.
 * - the length (`usize`) goes in as a BigInt. Deno 1.44 made BigInt the only representation of
 *   the 64-bit types (`u64`, `i64`, `usize`, `isize`; ext/ffi change "make bigint the only
 *   representation", and `Deno.NativeBigIntType` maps them to `bigint`). A Number is still
 *   accepted but leaves the fast path: on Deno 2.9.6 a `(buffer, usize)` call measured ~65–100 ns
 *   with a Number length against ~19 ns with `BigInt(length)`, allocation included.
 */
import { callbackSignature, isRecords, threaded } from '../../contract/types.ts';
import { symbolOf, symbolTable } from '../../contract/workloads.ts';
import { workloads } from '../shared/catalogue.ts';
import type { CType } from '../../contract/types.ts';
import type { Workload } from '../shared/catalogue.ts';
import { callbackCache, keepAlive, lower, recordsNote, type Marshal } from '../shared/lowering.ts';
import type { Callable, LoadContext, Loaded, Mechanism, SkipReason } from '../shared/mechanism.ts';

/**
 * Neutral C type words → `Deno.dlopen` type words (Deno API docs, `Deno.NativeType`). The one
 * place the adapter knows about types: every declaration is derived from `symbolTable()`.
 * - `i64` → `i64`: results are always a BigInt (exact above 2^53); arguments take a BigInt on
 *   the fast path.
 * - `ptr` → `buffer`: as an argument it takes a Uint8Array directly (the only pointers a
 *   workload passes are `bytes`); as a result (`bt_alloc`) it is a pointer object, as `pointer`
 *   would give. `bt_alloc`/`bt_free` are the wasm mechanism's helpers, declared here only so a
 *   missing one fails the load like any other symbol (a `buffer` parameter would refuse
 *   `bt_alloc`'s pointer object, so `bt_free` is not callable through this declaration).
 * - `usize` → `usize`, fed a BigInt (see the file comment).
 * - `cstr` → `buffer`: Deno has no string argument type; the docs pass strings as
 *   `new TextEncoder().encode(s + "\0")`.
 * - `strptr` → `pointer`: a returned string is read with `UnsafePointerView.getCString` and
 *   handed back to `bt_str_free` as the same pointer object.
 * - `fnptr` → `function`, fed with an `UnsafeCallback`'s pointer.
 */
const DENO_TYPE: Readonly<Record<CType, Deno.NativeResultType>> = {
  void: 'void',
  i32: 'i32',
  u32: 'u32',
  i64: 'i64',
  f64: 'f64',
  ptr: 'buffer',
  usize: 'usize',
  cstr: 'buffer',
  strptr: 'pointer',
  fnptr: 'function',
};

/** A parameter's Deno type word (`void` is a result type only). */
function parameterType(t: CType): Deno.NativeType {
  const word = DENO_TYPE[t];
  if (word === 'void') throw new Error('void is not a parameter type');
  return word;
}

/** Symbols of async workloads, declared `nonblocking`: Deno runs the call on a blocking thread
 *  and returns a Promise (Deno API docs, `ForeignFunction.nonblocking`). Not a `threaded` one:
 *  its C function starts a thread of its own and returns at once. */
const nonblocking = new Set(workloads.filter((w) => w.async && !threaded(w)).map(symbolOf));
const encoder = new TextEncoder();

/** `Deno.dlopen`, Deno's built-in C FFI. */
export const denoFfi: Mechanism = {
  id: 'deno-ffi',
  async load(ctx: LoadContext): Promise<Loaded | SkipReason> {
    if (typeof globalThis.Deno?.dlopen !== 'function') {
      return { skip: `Deno.dlopen is Deno-only; this is ${ctx.runtime.id}` };
    }
    const path = ctx.file;
    // Ask before dlopen so a missing grant fails at once instead of prompting on a terminal.
    // Not a skip: the runner is launched with --allow-ffi for this file, so a refusal is a fault.
    if (Deno.permissions.querySync({ name: 'ffi', path }).state !== 'granted') {
      throw new Error(`Deno.dlopen needs --allow-ffi=${path}`);
    }

    // Declare every symbol once, from the neutral table. A missing symbol is a broken build:
    // `dlopen` throws, and that is recorded as a failure.
    const declarations: Record<string, Deno.ForeignFunction> = {};
    for (const [name, sig] of Object.entries(symbolTable())) {
      declarations[name] = {
        parameters: sig.args.map(parameterType), result: DENO_TYPE[sig.ret], ...(nonblocking.has(name) ? { nonblocking: true } : {}),
      };
    }
    const lib = Deno.dlopen(path, declarations);
    const free = lib.symbols.bt_str_free as Callable;
    const cb = callbackSignature;

    const marshal: Marshal = {
      // A typed array goes in as is wherever a `buffer` is declared: no copy, writes land in JS.
      pointer: (view) => view,
      // Lengths go in as BigInt (see the file comment): a Number length leaves the fast path.
      length: (n) => BigInt(n),
      cstring: (s) => encoder.encode(`${s}\0`),
      callback: callbackCache((fn) => new Deno.UnsafeCallback(
        { parameters: cb.args.map(parameterType), result: DENO_TYPE[cb.ret] } as const, fn as never).pointer),
      // `threadSafe` refs the callback so that a call from a foreign thread wakes the event loop
      // (Deno queues it to the JS thread and the calling thread waits for its answer), and it
      // keeps waking it once unref'd, which lets the process end; `hold` keeps the loop alive
      // while a call is in flight instead (API docs, `Deno.UnsafeCallback`).
      threadCallback: callbackCache((fn) => {
        const made = Deno.UnsafeCallback.threadSafe(
          { parameters: cb.args.map(parameterType), result: DENO_TYPE[cb.ret] } as const, fn as never);
        made.unref();
        return made.pointer;
      }),
      hold: keepAlive,
      readCString: (p) => Deno.UnsafePointerView.getCString(p as Deno.PointerObject),
      freeCString: (p) => free(p),
    };

    // Reading a returned pointer (UnsafePointerView) and making a callback (UnsafeCallback) need
    // FFI permission without a path: a grant scoped to the library is not enough
    // (denoland/deno#15511). bridgetax keeps Deno scoped unless asked to widen it.
    const unscoped = Deno.permissions.querySync({ name: 'ffi' }).state === 'granted';

    return {
      bind(workload: Workload): Callable | SkipReason {
        if (!unscoped && (workload.args.includes('callback') || workload.ret === 'str' || workload.ret === 'strs' || isRecords(workload.ret))) {
          return {
            skip: 'needs UnsafeCallback or UnsafePointerView, which need --allow-ffi for every path (denoland/deno#15511); ' +
              'bridgetax grants Deno FFI for its libraries only: run compare with --deno-unscoped-ffi to measure it',
          };
        }
        const name = symbolOf(workload);
        // Taken out of `lib.symbols` once here, never per call: the fast path is the bare symbol.
        const raw = lib.symbols[name] as Callable | undefined;
        if (raw === undefined) throw new Error(`${name} was not declared at load`);
        return lower(workload, raw, marshal);
      },
      note: (w) => (threaded(w)
        ? 'fn is a Deno.UnsafeCallback.threadSafe the C function\'s Rust thread calls: Deno queues each call to the JS thread '
          + 'and the thread waits for its answer; a timer keeps the event loop alive while a call is in flight'
        : w.async ? 'the call runs on a Deno blocking thread (nonblocking: true)' : recordsNote(w)),
    };
  },
};
