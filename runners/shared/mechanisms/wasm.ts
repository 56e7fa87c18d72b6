/**
 * `wasm`: the same kernels and C ABI compiled to wasm32, instantiated with the runtime's own
 * WebAssembly engine. Wasm cannot see JS memory, so a byte argument is copied into linear
 * memory on every call; that copy is inside the figure and the cell says so.
 */
import { readFile } from 'node:fs/promises';
import type { Workload } from '../catalogue.ts';
import { freshFunction, lowerBytes, type Callable, type Mechanism } from '../mechanism.ts';

// The WebAssembly global differs between the three runtimes' type packages; declare the
// part used here once so this file typechecks the same everywhere.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
};

interface Exports {
  memory: { buffer: ArrayBuffer };
  bt_alloc(len: number): number;
  bt_free(ptr: number, len: number): void;
  [symbol: string]: unknown;
}

/** WebAssembly from the same Rust source. */
export const wasm: Mechanism = {
  id: 'wasm',
  load: async (ctx) => {
    const { instance } = await WebAssembly.instantiate(await readFile(ctx.artifacts.wasm), {});
    const x = instance.exports as unknown as Exports;
    const copyIn = scratch(x);
    return {
      bind: (w) => {
        const raw = x[`bt_${w.id}`];
        if (typeof raw !== 'function') throw new Error(`${ctx.artifacts.wasm} exports no function "bt_${w.id}"`);
        const f = lowerBytes(w, raw as Callable, copyIn);
        if (w.ret !== 'u32') return f;
        // wasm has no unsigned integers: a u32 comes back as a signed i32.
        const params = w.args.map((_, i) => `a${i}`);
        return freshFunction(params, `return f(${params.join(', ')}) >>> 0;`, { f });
      },
      note: (w: Workload) => (w.args.includes('bytes') ? 'includes copying the input into wasm linear memory' : undefined),
    };
  },
};

/**
 * One reusable buffer in linear memory, grown on demand, so a call pays for the copy but not
 * for an allocation. The byte view is renewed when memory growth detached the old one.
 */
function scratch(x: Exports): (bytes: Uint8Array) => number {
  let ptr = 0;
  let cap = 0;
  let heap = new Uint8Array(x.memory.buffer);
  return (bytes) => {
    if (bytes.length > cap) {
      if (cap > 0) x.bt_free(ptr, cap);
      ptr = x.bt_alloc(bytes.length) >>> 0;
      cap = bytes.length;
    }
    if (heap.buffer !== x.memory.buffer) heap = new Uint8Array(x.memory.buffer);
    heap.set(bytes, ptr);
    return ptr;
  };
}
