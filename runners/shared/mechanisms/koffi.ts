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
import { callbackSignature, threaded } from '../../../contract/types.ts';
import { symbolOf, symbolTable } from '../../../contract/workloads.ts';
import type { CType } from '../../../contract/types.ts';
import type { Workload } from '../catalogue.ts';
import { callbackCache, keepAlive, lower, recordsNote, type Marshal } from '../lowering.ts';
import type { Callable, LoadContext, Loaded, Mechanism, SkipReason } from '../mechanism.ts';
import { compareVersions } from '../../../contract/versions.ts';
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
 * - `ptr` → `void *`: "Buffers and typed JS arrays can be used as values in place everywhere a
 *   pointer is expected" — a Uint8Array, Float64Array or Int32Array passes its own memory, so a
 *   kernel's writes land in the JS array; a pointer result (a returned string) comes back as an
 *   opaque value for `koffi.decode`.
 * - `cstr` → `const char *`: koffi converts a JS string to NUL-terminated UTF-8 for the call.
 * - `strptr` → `void *` as a parameter (`bt_str_free`); as a result, a *disposable* `str`
 *   (docs, "Disposable types"): koffi decodes the string and then calls `bt_str_free` on the
 *   pointer itself. Decoding a `void *` result with `koffi.decode(p, 'char', -1)` instead leaked
 *   about 18 bytes per call inside koffi (17.5 MiB over 1e6 `str_make(16)`; `pnpm soak`) and
 *   took 3x as long.
 * - `fnptr` → a pointer to the `bt_callback` prototype, fed with `koffi.register` pointers.
 * - `usize` → `size_t`.
 */
const KOFFI_TYPE: Readonly<Record<CType, string>> = {
  void: 'void',
  i32: 'int32_t',
  u32: 'uint32_t',
  i64: 'int64_t',
  f64: 'double',
  ptr: 'void *',
  usize: 'size_t',
  cstr: 'const char *',
  strptr: 'void *',
  fnptr: 'bt_callback *',
};

/**
 * The first Bun that survives koffi: koffi's finalizers delete their references while the GC
 * sweeps, which Bun before 1.4.0 treats as fatal ("Finalizer is calling a function that may
 * affect GC state", `panic: napi_reference_unref`, SIGILL) at the first collection after koffi
 * loaded (oven-sh/bun#39263, fixed by #31684). Seen here on Bun 1.2.23 and 1.3.14; whether it
 * strikes depends on when the GC runs, so the older ones are skipped, never tried.
 */
export const BUN_KOFFI_SINCE = '1.4.0';

/**
 * The first Deno where koffi's asynchronous calls keep up: before it, Deno ran a Node-API async
 * work's `execute` on the JS thread, and a timed loop of `fn.async` calls never finishes (one
 * such call verifies; the quick measurement of `async_job` hung every time on 2.4.4, 2.5.7,
 * 2.6.0 and 2.6.8, and ran on 2.7.1, the first 2.7 on npm). denoland/deno#32560 moved `execute`
 * to a worker thread in March 2026, which is very likely the fix.
 */
export const DENO_KOFFI_ASYNC_SINCE = '2.7.0';

/** koffi, the Node-API C FFI package. */
export const koffi: Mechanism = {
  id: 'koffi',
  async load(ctx: LoadContext): Promise<Loaded | SkipReason> {
    if (ctx.runtime.name === 'bun' && compareVersions(ctx.runtime.version, BUN_KOFFI_SINCE) < 0) {
      return { skip: `Bun before ${BUN_KOFFI_SINCE} aborts when koffi's finalizers run during GC (oven-sh/bun#39263); found Bun ${ctx.runtime.version}` };
    }
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

    // The callback prototype, declared once by name so `fnptr` can refer to it.
    const cb = callbackSignature;
    const proto = k.proto(`${KOFFI_TYPE[cb.ret]} bt_callback(${cb.args.map((t) => KOFFI_TYPE[t]).join(', ')})`);

    // Declare every symbol once, from the neutral table. A missing symbol is a broken build:
    // let it throw.
    const lib = k.load(ctx.file);
    const table = symbolTable();
    const free = lib.func('bt_str_free', KOFFI_TYPE.void, table.bt_str_free!.args.map((t) => KOFFI_TYPE[t]));
    const ownedString = k.disposable('bt_owned_str', 'str', free);
    const functions = new Map<string, Callable>();
    for (const [name, sig] of Object.entries(table)) {
      const ret = sig.ret === 'strptr' ? ownedString : KOFFI_TYPE[sig.ret];
      functions.set(name, lib.func(name, ret, sig.args.map((t) => KOFFI_TYPE[t])) as Callable);
    }

    const registered = callbackCache((fn) => k.register(fn, k.pointer(proto)));
    const marshal: Marshal = {
      // koffi takes typed arrays and strings themselves where a pointer / string is expected.
      pointer: (view) => view,
      length: (n) => n,
      cstring: (s) => s,
      callback: registered,
      // docs, "Asynchronous callbacks": a registered callback called from another thread is
      // queued to the JS thread, and that thread waits for its answer. The same registration.
      threadCallback: registered,
      // Nothing koffi queues keeps the event loop alive: without this, Node and Deno end the
      // process mid-call (an unsettled top-level await), seen with koffi 3.3.4.
      hold: keepAlive,
      // The disposable result type decoded and freed the string already (see KOFFI_TYPE).
      readCString: (s) => s as string,
      freeCString: () => {},
    };

    return {
      bind(workload: Workload): Callable | SkipReason {
        const raw = functions.get(symbolOf(workload));
        if (raw === undefined) throw new Error(`${symbolOf(workload)} was not declared at load`);
        // The C function starts its own thread and returns at once: called as it is.
        if (threaded(workload)) return lower(workload, raw, marshal);
        const { name, version } = ctx.runtime;
        if (workload.async && name === 'deno' && compareVersions(version, DENO_KOFFI_ASYNC_SINCE) < 0) {
          return { skip: `Deno before ${DENO_KOFFI_ASYNC_SINCE} runs Node-API async work on the JS thread, where timed koffi fn.async calls hang (denoland/deno#32560); found Deno ${version}` };
        }
        // docs, "Asynchronous calls": `fn.async(...args, callback)` runs the call on a worker
        // thread and calls back on the JS thread.
        const target = workload.async ? promisify(raw) : raw;
        return lower(workload, target, marshal);
      },
      note: (w) => (threaded(w) ? THREADED_NOTE : w.async ? 'the call runs on a koffi worker thread (fn.async)' : recordsNote(w)),
      libraries: { koffi: k.version },
    };
  },
};

/** What a koffi `callback_thread` cell includes. */
const THREADED_NOTE = 'fn is a koffi.register callback the C function\'s Rust thread calls: koffi queues each call to the JS thread '
  + 'and the thread waits for its answer; a timer keeps the event loop alive while a call is in flight';

/** koffi's node-style `fn.async(...args, (err, result) => …)` as a Promise. */
function promisify(raw: Callable): Callable {
  const run = (raw as unknown as { async: (...a: unknown[]) => void }).async;
  return (...args: unknown[]) => new Promise((resolve, reject) => {
    run(...args, (err: unknown, result: unknown) => (err ? reject(err) : resolve(result)));
  });
}
