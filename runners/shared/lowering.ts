/**
 * From a workload's JS-level signature to a C-ABI call, once for every FFI: each adapter says
 * how its FFI takes a typed array, a length, a string and a callback and how it reads a returned
 * C string (`Marshal`); `lower` compiles the wrapper that does the rest the same way for all of
 * them: packing string lists, out-pointers, decoding and freeing returned strings.
 */
import { cOf, isRecords, threaded, type ArgType, type Signature } from '../../contract/types.ts';
import { freshFunction, type Callable } from './mechanism.ts';

/** What an FFI adapter supplies to lower a call. */
export interface Marshal {
  /** What the FFI takes for a pointer to a typed array's elements. `slot` numbers the arrays of
   *  one call, so a mechanism that must copy (wasm) keeps each in its own region. */
  pointer(view: ArrayBufferView, slot: number): unknown;
  /** After the call, for arrays the kernel wrote: only a mechanism that copied in copies back. */
  copyBack?(view: ArrayBufferView, slot: number): void;
  /** What the FFI takes for a `usize` element count. */
  length(n: number): unknown;
  /** What the FFI takes for a `const char *` made from a JS string. */
  cstring(s: string, slot: number): unknown;
  /** A C function pointer that calls `fn` (see `callbackSignature`); made once per function. */
  callback(fn: (i: number) => number): unknown;
  /** A C function pointer that calls `fn` when called from a thread other than the JS thread
   *  (a `threaded` signature's callback and its `done`): the FFI queues the call to the JS
   *  thread and the calling thread waits for its answer. Absent where the FFI cannot answer
   *  a foreign thread (its adapter skips those workloads before lowering). */
  threadCallback?(fn: (i: number) => number): unknown;
  /** Keeps the runtime's event loop alive while a threaded call is in flight, for an FFI whose
   *  queued callbacks do not (nothing else is pending while the runner awaits the call);
   *  returns the release. */
  hold?(): () => void;
  /** Decodes a NUL-terminated UTF-8 string the library returned (without freeing it); the
   *  identity for an FFI that returns it decoded already. */
  readCString(p: unknown): string;
  /** `bt_str_free` as the FFI declared it; a no-op for an FFI that freed it already. */
  freeCString(p: unknown): void;
}

const ARRAY_TYPES: readonly ArgType[] = ['bytes', 'bytes_mut', 'f64s', 'f64s_mut', 'i32s', 'i32s_mut'];
const WRITTEN: readonly ArgType[] = ['bytes_mut', 'f64s_mut', 'i32s_mut'];

/**
 * The JS-level function for a C-ABI symbol. A signature of scalars only gets `raw` back: no JS
 * frame is added where there is nothing to convert.
 */
export function lower(sig: Signature, raw: Callable, m: Marshal): Callable {
  if (threaded(sig)) return lowerThreaded(sig, raw, m);
  const plain = sig.args.every((t) => cOf(t).length === 1 && cOf(t)[0] === t);
  if (plain && (sig.ret === 'void' || !['str', 'strs', 'f64x4'].includes(sig.ret)) && !isRecords(sig.ret)) return raw;

  const params = sig.args.map((_, i) => `a${i}`);
  const before: string[] = [];
  const call: string[] = [];
  const after: string[] = [];
  let slot = 0;
  sig.args.forEach((t, i) => {
    const a = `a${i}`;
    if (ARRAY_TYPES.includes(t)) {
      const s = slot++;
      call.push(`pointer(${a}, ${s}), length(${a}.length)`);
      if (WRITTEN.includes(t) && m.copyBack) after.push(`copyBack(${a}, ${s});`);
    } else if (t === 'str') {
      call.push(`cstring(${a}, ${slot++})`);
    } else if (isRecords(t)) {
      // Records cross a C ABI as their JSON text: what any C FFI can pass.
      call.push(`cstring(JSON.stringify(${a}), ${slot++})`);
    } else if (t === 'strs') {
      const s = slot;
      slot += 2;
      before.push(`const p${i} = pack(${a});`);
      call.push(`pointer(p${i}.bytes, ${s}), length(p${i}.bytes.length), pointer(p${i}.offsets, ${s + 1}), length(${a}.length)`);
    } else if (t === 'callback') {
      call.push(`callback(${a})`);
    } else {
      call.push(a);
    }
  });
  if (sig.ret === 'f64x4') {
    const s = slot++;
    call.push(`pointer(out, ${s})`);
    if (m.copyBack) after.push(`copyBack(out, ${s});`);
  }
  const invoke = `raw(${call.join(', ')})`;
  let body: string;
  const ret = isRecords(sig.ret) ? 'records' : sig.ret;
  switch (ret) {
    case 'records':
    case 'str':
    case 'strs': {
      const decoded = ret === 'str' ? 'text' : ret === 'records' ? 'JSON.parse(text)' : `(text === '' ? [] : text.split('\\n'))`;
      body = `const r = ${invoke}; ${after.join(' ')}
        if (r === null || r === undefined || r === 0 || r === 0n) throw new Error('the library returned a null string');
        let text; try { text = readCString(r); } finally { freeCString(r); }
        return ${decoded};`;
      break;
    }
    case 'f64x4':
      body = `${invoke}; ${after.join(' ')} return [out[0], out[1], out[2], out[3]];`;
      break;
    default:
      body = after.length ? `const r = ${invoke}; ${after.join(' ')} return r;` : `return ${invoke};`;
  }
  return freshFunction(params, `${before.join(' ')} ${body}`, {
    raw, pack: packStrings, out: new Float64Array(4),
    pointer: m.pointer, length: m.length, cstring: m.cstring, callback: m.callback,
    copyBack: m.copyBack, readCString: m.readCString, freeCString: m.freeCString,
  });
}

/** How a lowered call passes records (`records<shape>`), for its cells' notes: as their JSON
 *  text, the form every C FFI can pass; undefined for a signature without records. */
export function recordsNote(sig: Signature): string | undefined {
  const into = sig.args.some(isRecords);
  const back = isRecords(sig.ret);
  if (!into && !back) return undefined;
  const parts = [...(into ? ['JSON.stringify in JS, parsed in Rust (kernels/src/json.rs)'] : []), ...(back ? ['written as JSON in Rust, JSON.parse in JS'] : [])];
  return `records cross as JSON text: ${parts.join('; ')}`;
}

/**
 * A `threaded` signature (contract/types.ts): the C function starts a thread and returns at
 * once; the thread calls the callback (through `threadCallback`, so each call waits for the JS
 * thread's answer) and then `done(result)`, which settles the Promise the JS function returns.
 * One `done` per bound function, so its calls run one after another: a call starts once the
 * one before it is done (a runner keeps one in flight; this keeps a second one from taking the
 * first one's answer).
 */
function lowerThreaded(sig: Signature, raw: Callable, m: Marshal): Callable {
  const make = m.threadCallback;
  if (!make) throw new Error('this FFI cannot take a callback called from another thread');
  if (!sig.args.every((t) => t === 'callback' || (cOf(t).length === 1 && cOf(t)[0] === t))) {
    throw new Error(`a threaded call takes numbers and one callback, not (${sig.args.join(', ')})`);
  }
  let settle: ((answer: number) => void) | undefined;
  let release: (() => void) | undefined;
  const done = make((answer) => {
    const s = settle;
    settle = undefined;
    release?.();
    release = undefined;
    s?.(answer);
    return 0;
  });
  let last: Promise<number> | undefined;
  const run = (start: (done: unknown) => void): Promise<number> => {
    const call = () => new Promise<number>((resolve) => {
      settle = resolve;
      release = m.hold?.();
      start(done);
    });
    const p = last ? last.then(call) : call();
    last = p;
    void p.then(() => {
      if (last === p) last = undefined;
    });
    return p;
  };
  const params = sig.args.map((_, i) => `a${i}`);
  const call = sig.args.map((t, i) => (t === 'callback' ? `threadCallback(a${i})` : `a${i}`));
  return freshFunction(params, `return run((done) => raw(${[...call, 'done'].join(', ')}));`, { raw, run, threadCallback: make });
}

/** A `string[]` packed for C: the UTF-8 of every string back to back, and `count + 1` offsets
 *  (string i is `bytes[offsets[i]..offsets[i + 1]]`). */
export interface PackedStrings {
  bytes: Uint8Array;
  offsets: Uint32Array;
}

const encoder = new TextEncoder();

/** Packs strings with one `encodeInto` per string into one buffer (3 bytes per UTF-16 unit is
 *  the most UTF-8 can need), the idiomatic way to hand a list of strings to C. */
export function packStrings(items: readonly string[]): PackedStrings {
  let max = 0;
  for (const s of items) max += s.length * 3;
  const bytes = new Uint8Array(max);
  const offsets = new Uint32Array(items.length + 1);
  let at = 0;
  for (let i = 0; i < items.length; i++) {
    at += encoder.encodeInto(items[i]!, bytes.subarray(at)).written;
    offsets[i + 1] = at;
  }
  return { bytes: bytes.subarray(0, at), offsets };
}

/** A timer that keeps the event loop alive until released (`Marshal.hold`): about a
 *  microsecond a call, against the milliseconds of a threaded call's callbacks. */
export function keepAlive(): () => void {
  const timer = setTimeout(() => {}, 2 ** 31 - 1);
  return () => clearTimeout(timer);
}

/** `fn` → its native callback, made on first use and kept: creating a trampoline per call would
 *  measure trampoline creation, and per call is not how anyone uses one. */
export function callbackCache<P>(make: (fn: (i: number) => number) => P): (fn: (i: number) => number) => P {
  const made = new Map<(i: number) => number, P>();
  return (fn) => {
    let p = made.get(fn);
    if (p === undefined) made.set(fn, (p = make(fn)));
    return p;
  };
}
