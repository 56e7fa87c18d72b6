/**
 * `wasm`: the same kernels and C ABI compiled to wasm32, instantiated with the runtime's own
 * WebAssembly engine. Wasm cannot see JS memory, so every array or string argument is copied
 * into linear memory on every call (and back out when the kernel writes it); those copies are
 * inside the figure and the cell says so.
 */
import { readFile } from 'node:fs/promises';
import { isRecords, threaded } from '../../../contract/types.ts';
import type { Workload } from '../catalogue.ts';
import { lower, recordsNote, type Marshal } from '../lowering.ts';
import { freshFunction, type Callable, type Mechanism } from '../mechanism.ts';

// The WebAssembly global differs between the three runtimes' type packages; declare the
// part used here once so this file typechecks the same everywhere.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
};

interface Exports {
  memory: { buffer: ArrayBuffer };
  bt_alloc(len: number): number;
  bt_free(ptr: number, len: number): void;
  bt_str_free(ptr: number): void;
  bt_wasm_callback_ptr(): number;
  [symbol: string]: unknown;
}

const copies = new Set(['bytes', 'bytes_mut', 'f64s', 'f64s_mut', 'i32s', 'i32s_mut', 'str', 'strs']);

/** WebAssembly from the same Rust source. */
export const wasm: Mechanism = {
  id: 'wasm',
  load: async (ctx) => {
    // The callback import calls whichever JS function the current call passed (see wasm.rs:
    // a JS function cannot sit in a wasm table, so C gets the trampoline that calls this).
    let current: (i: number) => number = () => 0;
    const imports = { env: { bt_js_callback: (i: number) => current(i) } };
    const { instance } = await WebAssembly.instantiate(await readFile(ctx.file), imports);
    const x = instance.exports as unknown as Exports;
    const trampoline = x.bt_wasm_callback_ptr();
    const memory = linearMemory(x);
    const marshal: Marshal = {
      pointer: memory.copyIn,
      copyBack: memory.copyOut,
      length: (n) => n,
      cstring: memory.cstring,
      callback: (fn) => ((current = fn), trampoline),
      readCString: (p) => memory.readCString(p as number),
      freeCString: (p) => x.bt_str_free(p as number),
    };
    return {
      bind: (w) => {
        if (threaded(w)) return { skip: 'wasm32-unknown-unknown has no threads: no Rust thread can call JS back from there' };
        if (w.async) return { skip: 'a wasm call runs on the calling thread; leaving it takes a Worker with its own instance' };
        if (w.nativeOnly) return { skip: w.nativeOnly };
        const raw = x[`bt_${w.kernel ?? w.id}`];
        if (typeof raw !== 'function') throw new Error(`${ctx.file} exports no function "bt_${w.kernel ?? w.id}"`);
        const f = lower(w, raw as Callable, marshal);
        if (w.ret !== 'u32') return f;
        // wasm has no unsigned integers: a u32 comes back as a signed i32.
        const params = w.args.map((_, i) => `a${i}`);
        return freshFunction(params, `return f(${params.join(', ')}) >>> 0;`, { f });
      },
      note: (w: Workload) => [recordsNote(w), w.args.some((t) => copies.has(t) || isRecords(t)) ? 'includes copying arguments into (and written ones out of) wasm linear memory' : undefined]
        .filter(Boolean).join('; ') || undefined,
    };
  },
};

/**
 * Reusable regions of linear memory, one per argument slot, grown on demand and 8-byte aligned
 * (a Float64Array's elements must be), so a call pays for the copies but not for allocations:
 * an array is copied through a view of memory of its own element type, made once and renewed
 * only when memory growth detached it (a byte view of the argument made per call cost ~20 ns,
 * half of bytes_sum over 64 B).
 */
function linearMemory(x: Exports) {
  const regions: { ptr: number; cap: number; base: number; size: number }[] = [];
  let heap = new Uint8Array(x.memory.buffer);
  const view = () => (heap.buffer === x.memory.buffer ? heap : (heap = new Uint8Array(x.memory.buffer)));
  const region = (slot: number, bytes: number): number => {
    let r = regions[slot];
    if (!r || r.cap < bytes) {
      if (r) x.bt_free(r.base, r.size);
      const size = Math.max(bytes, 64) + 8;
      const base = x.bt_alloc(size) >>> 0;
      if (base === 0) throw new Error(`wasm: bt_alloc(${size}) failed`);
      r = regions[slot] = { ptr: (base + 7) & ~7, cap: size - 8, base, size };
    }
    return r.ptr;
  };
  type Typed = Uint8Array | Int32Array | Float64Array;
  type TypedCtor = { new (b: ArrayBuffer): Typed; BYTES_PER_ELEMENT: number };
  const views = new Map<TypedCtor, Typed>();
  const memoryAs = (ctor: TypedCtor): Typed => {
    let m = views.get(ctor);
    if (!m || m.buffer !== x.memory.buffer) views.set(ctor, (m = new ctor(x.memory.buffer)));
    return m;
  };
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return {
    copyIn: (view: ArrayBufferView, slot: number): number => {
      const v = view as Typed;
      if (v.length === 0) return 0;
      const ptr = region(slot, v.byteLength);
      const ctor = v.constructor as TypedCtor;
      memoryAs(ctor).set(v, ptr / ctor.BYTES_PER_ELEMENT);
      return ptr;
    },
    copyOut: (view: ArrayBufferView, slot: number): void => {
      const v = view as Typed;
      if (v.length === 0) return;
      const ctor = v.constructor as TypedCtor;
      const at = regions[slot]!.ptr / ctor.BYTES_PER_ELEMENT;
      v.set(memoryAs(ctor).subarray(at, at + v.length));
    },
    cstring: (s: string, slot: number): number => {
      const ptr = region(slot, s.length * 3 + 1);
      const { written } = encoder.encodeInto(s, view().subarray(ptr, ptr + s.length * 3));
      heap[ptr + written] = 0;
      return ptr;
    },
    readCString: (ptr: number): string => {
      const h = view();
      const end = h.indexOf(0, ptr);
      return decoder.decode(h.subarray(ptr, end));
    },
  };
}
