/**
 * The `koffi` mechanism: the koffi npm package, a general C FFI shipped as a Node-API addon,
 * calling the plain cdylib. Being an N-API addon, it is measured in every runtime that can load
 * it (Node, Bun, Deno); where it cannot load, `load` returns a skip with the reason.
 *
 * Why this is the fastest documented path: koffi's docs declare a function once with
 * `lib.func(name, result, arguments)` and call the returned JS function directly; there is no
 * other call API (the `.async` variant runs off-thread and costs more). Declaring every symbol
 * once at load and handing the returned function to the runner unwrapped means scalar workloads
 * add no JS frame of ours. koffi additionally routes a function to its internal "fast call"
 * translator when it has ≤ 6 parameters and none of them is a pointer/callback (koffi
 * src/call.cc, `CanUseFastCall`), which every scalar signature here meets.
 *
 * For `bytes`, koffi's docs ("Output buffers" / "Handling void pointers"): "Buffers and typed JS
 * arrays can be used as values in place everywhere a pointer is expected", and the native
 * function "will receive a pointer to its contents" — so the Uint8Array is passed as is, with no
 * copy and no JS-side pointer conversion.
 */
import { symbolOf, symbolTable } from '../catalogue.ts';
import type { CType, Workload } from '../catalogue.ts';
import { lowerBytes } from '../mechanism.ts';
import type { Callable, LoadContext, Loaded, Mechanism, SkipReason } from '../mechanism.ts';
import type KoffiDefault from 'koffi';

/** koffi's default export. */
type KoffiModule = typeof KoffiDefault;

/**
 * Neutral C type words → koffi type names (docs, "Number types"/"How pointers are used"). The
 * one place the adapter knows about types: every declaration is derived from `symbolTable()`.
 * - `i64` → `int64_t`: koffi accepts BigInt arguments and returns a Number when the result lies
 *   within ±2^53 and a BigInt beyond ("BigInt values are automatically used when needed for big
 *   64-bit integers"), so results are always exact. There is no switch to force BigInt, and
 *   converting in JS would add a frame that is not koffi's cost.
 * - `ptr` → `const uint8_t *`: our only pointers are byte buffers (`bt_bytes_sum`) and the
 *   `bt_alloc`/`bt_free` block; a typed array passes its backing memory, a pointer result comes
 *   back as a BigInt address (koffi 3).
 * - `usize` → `size_t`.
 */
const KOFFI_TYPE: Readonly<Record<CType, string>> = {
  void: 'void',
  i32: 'int32_t',
  u32: 'uint32_t',
  i64: 'int64_t',
  f64: 'double',
  ptr: 'const uint8_t *',
  usize: 'size_t',
};

/** koffi, the Node-API C FFI package. */
export const koffi: Mechanism = {
  id: 'koffi',
  async load(ctx: LoadContext): Promise<Loaded | SkipReason> {
    let k: KoffiModule;
    try {
      // A dynamic ESM import (the package's documented `import koffi from 'koffi'`, deferred to
      // here so that a runtime where the addon cannot load gets a skip, not a crash of the
      // runner's module graph). Each runtime's module loader resolves it: Deno reads
      // node_modules for module loading without an --allow-read grant, which a
      // `createRequire()` lookup would need for every parent `node_modules` folder.
      k = (await import('koffi')).default;
    } catch (err) {
      // In Node, koffi is a regular dependency: failing to load it is a broken install. A Deno
      // permission error (NotCapable) means the runner was started without the grant koffi
      // needs (--allow-ffi for its addon, koffi.node): a misconfiguration, not a missing
      // capability, so it is a failure too.
      if (ctx.runtime.name === 'node' || (err instanceof Error && err.name === 'NotCapable')) throw err;
      // Bun and Deno implement Node-API to their own extent: an addon that does not load there
      // is a capability the runtime lacks.
      const why = err instanceof Error ? err.message : String(err);
      return { skip: `koffi (a Node-API addon) does not load in ${ctx.runtime.id}: ${why}` };
    }

    // Declare every symbol once, from the neutral table. A missing symbol is a broken build:
    // let it throw.
    const lib = k.load(ctx.artifacts.lib);
    const functions = new Map<string, Callable>();
    for (const [name, sig] of Object.entries(symbolTable())) {
      functions.set(name, lib.func(name, KOFFI_TYPE[sig.ret], sig.args.map((t) => KOFFI_TYPE[t])) as Callable);
    }

    // koffi takes the Uint8Array itself where a pointer is expected.
    const pointer = (bytes: Uint8Array): Uint8Array => bytes;

    return {
      bind(workload: Workload): Callable | SkipReason {
        const raw = functions.get(symbolOf(workload));
        if (raw === undefined) throw new Error(`${symbolOf(workload)} was not declared at load`);
        return lowerBytes(workload, raw, pointer);
      },
      libraries: { koffi: k.version },
    };
  },
};
