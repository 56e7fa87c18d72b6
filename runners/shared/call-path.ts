/**
 * Which path an FFI call takes, derived from the catalogue's neutral signature, lowered to C
 * (`cParams`, `cRet`), by each runtime's documented rules. A probe run can confirm or overturn
 * the verdict (basis `probe`); here everything is `docs`. A neutral or C type word without a
 * rule yields path `unknown` (never a guess, never a crash): add it to `cClass` when a workload
 * brings a new one.
 *
 * - `node:ffi` (Node docs, FFI → "Call paths"): each function gets the first path that supports
 *   its signature. Fast API when the host is 64-bit, no argument is a `function` (the adapter
 *   declares callbacks so), there are at most 8 arguments and each fits an argument register of
 *   the trampoline (integer, pointer and string arguments: 6 on x86-64, 7 on AArch64; floating
 *   point: 8). Else shared buffer, for signatures of numbers and pointers only on little-endian
 *   hosts. Else generic (libffi). Only Fast API skips the per-call conversion in C++, so it is
 *   the fast path here.
 * - `Deno.dlopen` (Deno FFI docs, "Performance"; ext/ffi README): every symbol of numeric,
 *   pointer, buffer or function types gets a V8 Fast API call into a JIT-compiled trampoline
 *   (turbocall) once the caller is optimized; 64-bit integers stay on it only as BigInt, which is
 *   what the adapter passes. `struct` values and `nonblocking` symbols take the slow path.
 * - `bun:ffi` (Bun docs, FFI → "Performance"): every `dlopen` symbol is compiled to a native
 *   trampoline when it is declared, and hot call sites go through the DFG/FTL JIT tiers into a
 *   direct native call: path `jit`.
 * Other mechanisms (js, napi, koffi, wasm) have one path each and carry no call path.
 */
import { argTypes, cParams, cRet, isRecords, type Signature } from '../../contract/types.ts';

const cLowering = Object.fromEntries(argTypes.map((t) => [t, true]));
import type { MechanismId, RuntimeName } from '../../contract/registry.ts';
import type { CallPath } from '../../contract/document.ts';

/** What a C type takes at the boundary: an integer register (numbers, pointers, lengths,
 *  strings), a floating-point register, or a function pointer (a callback). */
type CClass = 'void' | 'int' | 'float' | 'function';

/** C type word → class. */
const cClass: Readonly<Record<string, CClass>> = {
  void: 'void', i32: 'int', u32: 'int', i64: 'int', usize: 'int', ptr: 'int', cstr: 'int', strptr: 'int',
  f64: 'float', fnptr: 'function',
};
/** Result words `cRet` knows. */
const knownResults = new Set(['void', 'i32', 'u32', 'i64', 'f64', 'str', 'strs', 'f64x4']);

/** Where the call runs: the runtime and the host. */
export interface PathContext {
  runtime: { name: RuntimeName; version: string };
  /** `process.arch` (`x64`, `arm64`, …). */
  arch: string;
  littleEndian: boolean;
}

/** A neutral signature: JS-level argument words and the result word. */
export interface NeutralSignature {
  readonly args: readonly string[];
  readonly ret: string;
}

const docs = (path: string, fast: boolean | null, why: string): CallPath => ({ path, fast, basis: 'docs', why });

/** Integer/pointer argument registers the node:ffi trampoline can use, by arch. */
const nodeIntRegisters: Readonly<Record<string, number>> = { x64: 6, arm64: 7 };
const sixtyFourBit = new Set(['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el']);

/** The call path of one FFI cell, or undefined for a mechanism without a choice of paths. */
export function callPathOf(mechanism: MechanismId, sig: NeutralSignature, ctx: PathContext): CallPath | undefined {
  if (mechanism !== 'node-ffi' && mechanism !== 'deno-ffi' && mechanism !== 'bun-ffi') return undefined;
  const unknownWords = [...sig.args.filter((t) => !(t in cLowering) && !isRecords(t)), ...(knownResults.has(sig.ret) || isRecords(sig.ret) ? [] : [sig.ret])];
  const lowered = unknownWords.length ? [] : [...cParams(sig as Signature), cRet(sig as Signature)];
  const unknown = [...unknownWords, ...lowered.filter((t) => cClass[t] === undefined)];
  if (unknown.length) {
    return docs('unknown', null, `no call-path rule for type ${unknown.map((t) => `"${t}"`).join(', ')} (runners/shared/call-path.ts)`);
  }
  const classes = cParams(sig as Signature).map((t) => cClass[t]!);
  switch (mechanism) {
    case 'node-ffi': return nodeFfiPath(classes, ctx);
    case 'deno-ffi': return docs('fast-call', true, 'numbers, BigInt 64-bit integers and buffers: V8 fast call into the turbocall trampoline once the caller is optimized (Deno FFI docs)');
    case 'bun-ffi': return docs('jit', true, 'symbol compiled to a native trampoline at dlopen; hot call sites JIT into a direct call (Bun FFI docs)');
  }
}

function nodeFfiPath(classes: readonly CClass[], ctx: PathContext): CallPath {
  if (classes.includes('function')) {
    return docs('generic', false, 'a callback argument (declared `function`) rules out Fast API and shared buffer: generic libffi path (Node FFI docs, Call paths)');
  }
  const ints = classes.filter((c) => c === 'int').length;
  const floats = classes.filter((c) => c === 'float').length;
  const total = ints + floats;
  const intLimit = nodeIntRegisters[ctx.arch] ?? 6;
  const counts = `${ints} integer/pointer (max ${intLimit} on ${ctx.arch}) and ${floats} float (max 8) arguments`;
  if (!sixtyFourBit.has(ctx.arch)) {
    return docs(ctx.littleEndian ? 'shared-buffer' : 'generic', false, `no Fast API trampoline on 32-bit ${ctx.arch} (Node FFI docs, Call paths)`);
  }
  if (total <= 8 && ints <= intLimit && floats <= 8) {
    return docs('fast-api', true, `${counts}: Fast API trampoline once the caller is optimized (Node FFI docs, Call paths)`);
  }
  if (ctx.littleEndian) return docs('shared-buffer', false, `${counts} exceed the Fast API registers: shared-buffer path (Node FFI docs, Call paths)`);
  return docs('generic', false, `${counts} exceed the Fast API registers and the host is big-endian: generic libffi path`);
}

/** Whether this host stores numbers little-endian (node:ffi's shared buffer needs it). */
export function hostIsLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
