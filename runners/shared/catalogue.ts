/**
 * The workload catalogue: the one table every runner, adapter, test and report reads.
 *
 * A workload is one Rust kernel, one `bt_<id>` C export, one napi export `<id>` and one entry
 * here. Its signature is written once, in neutral type words; each FFI adapter maps those words
 * to its own (see `cParams`).
 */
import * as ref from './reference.ts';

/** Neutral type words for JS-level arguments and results. `bytes` is a Uint8Array that the C ABI
 *  receives as a pointer followed by a length. */
export type NeutralType = 'void' | 'i32' | 'u32' | 'i64' | 'f64' | 'bytes';

/** C-level type words after lowering `bytes` into `ptr` + `usize`. */
export type CType = 'void' | 'i32' | 'u32' | 'i64' | 'f64' | 'ptr' | 'usize';

/** A C function signature in neutral words. */
export interface Signature {
  /** JS-level argument types, in order. */
  readonly args: readonly NeutralType[];
  /** Result type. */
  readonly ret: Exclude<NeutralType, 'bytes'>;
}

/** Workload groups (see DESIGN.md). */
export const groups = ['call', 'data', 'callback', 'async', 'compute'] as const;
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
  /** Deterministic JS-level arguments for one param. */
  input(param: number | null): unknown[];
  /** The pure-JS reference; also what the `js` mechanism runs. */
  readonly reference: (...args: never[]) => unknown;
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
];

/** Symbols the library exports besides the workloads: linear-memory helpers for wasm. */
export const supportSymbols: Readonly<Record<string, { args: readonly CType[]; ret: CType }>> = {
  bt_alloc: { args: ['usize'], ret: 'ptr' },
  bt_free: { args: ['ptr', 'usize'], ret: 'void' },
};

/** Every mechanism id, in report order (see DESIGN.md "Names"). */
export const mechanismIds = ['js', 'napi', 'koffi', 'node-ffi', 'bun-ffi', 'deno-ffi', 'wasm'] as const;
/** A mechanism id. */
export type MechanismId = (typeof mechanismIds)[number];

/** Mechanisms that are one runtime's own API: in another runtime they are reported as skipped
 *  with this reason, never silently absent. */
export const runtimeOwnMechanisms: Readonly<Partial<Record<MechanismId, string>>> = {
  'node-ffi': "node:ffi is Node's own FFI module",
  'bun-ffi': "bun:ffi is Bun's own FFI module",
  'deno-ffi': "Deno.dlopen is Deno's own FFI API",
};

/** Runtime names. */
export const runtimeNames = ['node', 'bun', 'deno'] as const;
/** A runtime name. */
export type RuntimeName = (typeof runtimeNames)[number];

/** The C symbol of a workload. */
export const symbolOf = (w: Workload): string => `bt_${w.id}`;

/** C parameter list of a signature: each `bytes` argument becomes a pointer and a length. */
export function cParams(sig: Signature): CType[] {
  return sig.args.flatMap((t): CType[] => (t === 'bytes' ? ['ptr', 'usize'] : [t]));
}

/** The neutral symbol table: every C symbol the library must export, with its C signature. */
export function symbolTable(): Record<string, { args: CType[]; ret: CType }> {
  const table: Record<string, { args: CType[]; ret: CType }> = {};
  for (const w of workloads) table[symbolOf(w)] = { args: cParams(w), ret: w.ret };
  for (const [name, sig] of Object.entries(supportSymbols)) table[name] = { args: [...sig.args], ret: sig.ret };
  return table;
}

/** Looks a workload up by id. */
export function workloadById(id: string): Workload | undefined {
  return workloads.find((w) => w.id === id);
}

/** Deterministic bytes covering every value 0..255, so a dropped or repeated byte changes the sum. */
export function patternBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}
