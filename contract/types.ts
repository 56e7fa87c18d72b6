/**
 * The neutral type words every workload's signature is written in, and what the C ABI receives
 * for each. Every adapter maps these words to its own; nothing else names a type.
 */

/** Scalar type words: the same at the JS level and in C. */
export const scalarTypes = ['i32', 'u32', 'i64', 'f64'] as const;
/** A scalar type word. */
export type ScalarType = (typeof scalarTypes)[number];

/** The field types of a record shape (contract/workloads.json `records`). */
export const fieldTypes = ['i32', 'u32', 'f64', 'str', 'bool'] as const;
/** A record field's type. */
export type FieldType = (typeof fieldTypes)[number];

/** `records<shape>`: an array of flat records of a declared shape (JS objects with the shape's
 *  keys, a `Vec` of `kernels::records::<Shape>` in Rust); in C, their JSON text (`cstr` in,
 *  `strptr` out), the form every C FFI can pass; a mechanism with an object API passes objects. */
export type RecordsType = `records<${string}>`;

/** The shape a `records<shape>` type word names; undefined for any other word. */
export function recordShape(t: string): string | undefined {
  return /^records<([a-z][a-z0-9_]*)>$/.exec(t)?.[1];
}

/** Whether a type word is `records<…>`. */
export function isRecords(t: string): t is RecordsType {
  return recordShape(t) !== undefined;
}

/**
 * JS-level argument types, in neutral words, and what the C ABI receives for each:
 * - `bytes`, `f64s`, `i32s`: a Uint8Array / Float64Array / Int32Array the kernel reads, as a
 *   pointer and an element count; the `_mut` forms are written in place by the kernel.
 * - `str`: a JS string, as a NUL-terminated UTF-8 `const char *` (what C FFIs convert strings to).
 * - `strs`: a `string[]`, packed (see `packStrings`) as UTF-8 bytes + length, u32 offsets + count.
 * - `callback`: a JS function `(i32) => i32`, as a C function pointer (`callbackSignature`).
 *   In an `async` signature it is called from a thread other than the JS thread (`threaded`).
 */
export const argTypes = [...scalarTypes, 'bytes', 'bytes_mut', 'f64s', 'f64s_mut', 'i32s', 'i32s_mut', 'str', 'strs', 'callback'] as const;
/** A JS-level argument type word (`records<shape>` besides the fixed words). */
export type ArgType = (typeof argTypes)[number] | RecordsType;

/**
 * JS-level result types. `str` and `strs` come back from C as an owned NUL-terminated string the
 * caller decodes and frees with `bt_str_free` (`strs` joined by `\n`, for entries that never hold
 * one); `f64x4` is an array of four numbers that C writes to a trailing `double[4]` out-pointer.
 */
export const retTypes = ['void', ...scalarTypes, 'str', 'strs', 'f64x4'] as const;
/** A JS-level result type word (`records<shape>` besides the fixed words). */
export type RetType = (typeof retTypes)[number] | RecordsType;

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
  /** Runs off the JS thread and answers with a Promise (see `threaded` for what that does to
   *  one that takes a callback). */
  readonly async?: boolean;
}

/**
 * Whether a signature runs on a thread that calls JS back: `async` with a `callback`. Its C
 * function starts a thread and returns at once (`void`); the thread calls the callback, and
 * hands the result to a trailing `done` callback of the same C type (`callbackSignature`),
 * called once, from that thread: a C function cannot return a value it does not have yet.
 */
export function threaded(sig: Signature): boolean {
  return sig.async === true && sig.args.includes('callback');
}

/** What each fixed argument type word becomes in C (see `ArgType`; `cOf` for any word). */
const cFixed: Readonly<Record<(typeof argTypes)[number], readonly CType[]>> = {
  i32: ['i32'], u32: ['u32'], i64: ['i64'], f64: ['f64'],
  bytes: ['ptr', 'usize'], bytes_mut: ['ptr', 'usize'],
  f64s: ['ptr', 'usize'], f64s_mut: ['ptr', 'usize'],
  i32s: ['ptr', 'usize'], i32s_mut: ['ptr', 'usize'],
  str: ['cstr'], strs: ['ptr', 'usize', 'ptr', 'usize'], callback: ['fnptr'],
};

/** What an argument type word becomes in C: `records<…>` is their JSON text, a `cstr`. */
export function cOf(t: ArgType): readonly CType[] {
  return isRecords(t) ? ['cstr'] : cFixed[t];
}

/** C parameter list of a signature (an `f64x4` result adds a trailing out-pointer, a `threaded`
 *  one a trailing `done` callback). */
export function cParams(sig: Signature): CType[] {
  const trailing: CType[] = sig.ret === 'f64x4' ? ['ptr'] : threaded(sig) ? ['fnptr'] : [];
  return [...sig.args.flatMap(cOf), ...trailing];
}

/** C result type of a signature (`void` for a `threaded` one: its result goes to `done`). */
export function cRet(sig: Signature): CType {
  if (threaded(sig)) return 'void';
  if (isRecords(sig.ret)) return 'strptr';
  switch (sig.ret) {
    case 'str': case 'strs': return 'strptr';
    case 'f64x4': return 'void';
    default: return sig.ret;
  }
}
