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
import { symbolOf, symbolTable } from '../shared/catalogue.ts';
import type { CType, Workload } from '../shared/catalogue.ts';
import { lowerBytes } from '../shared/mechanism.ts';
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
 */
const DENO_TYPE: Readonly<Record<CType, Deno.NativeResultType>> = {
  void: 'void',
  i32: 'i32',
  u32: 'u32',
  i64: 'i64',
  f64: 'f64',
  ptr: 'buffer',
  usize: 'usize',
};

/** A parameter's Deno type word (`void` is a result type only). */
function parameterType(t: CType): Deno.NativeType {
  const word = DENO_TYPE[t];
  if (word === 'void') throw new Error('void is not a parameter type');
  return word;
}

/** `Deno.dlopen` passes a Uint8Array wherever a `buffer` is declared: the bytes go in untouched. */
const pointer = (bytes: Uint8Array): Uint8Array => bytes;

/** Lengths go in as BigInt (see the file comment): a Number length leaves the fast path. */
const usize = (n: number): bigint => BigInt(n);

/** `Deno.dlopen`, Deno's built-in C FFI. */
export const denoFfi: Mechanism = {
  id: 'deno-ffi',
  async load(ctx: LoadContext): Promise<Loaded | SkipReason> {
    if (typeof globalThis.Deno?.dlopen !== 'function') {
      return { skip: `Deno.dlopen is Deno-only; this is ${ctx.runtime.id}` };
    }
    const path = ctx.artifacts.lib;
    // Ask before dlopen so a missing grant fails at once instead of prompting on a terminal.
    // Not a skip: the runner is launched with --allow-ffi for this file, so a refusal is a fault.
    if (Deno.permissions.querySync({ name: 'ffi', path }).state !== 'granted') {
      throw new Error(`Deno.dlopen needs --allow-ffi=${path}`);
    }

    // Declare every symbol once, from the neutral table. A missing symbol is a broken build:
    // `dlopen` throws, and that is recorded as a failure.
    const declarations: Record<string, Deno.ForeignFunction> = {};
    for (const [name, sig] of Object.entries(symbolTable())) {
      declarations[name] = { parameters: sig.args.map(parameterType), result: DENO_TYPE[sig.ret] };
    }
    const lib = Deno.dlopen(path, declarations);

    return {
      bind(workload: Workload): Callable | SkipReason {
        const name = symbolOf(workload);
        // Taken out of `lib.symbols` once here, never per call: the fast path is the bare symbol.
        const raw = lib.symbols[name] as Callable | undefined;
        if (raw === undefined) throw new Error(`${name} was not declared at load`);
        return lowerBytes(workload, raw, pointer, usize);
      },
    };
  },
};
