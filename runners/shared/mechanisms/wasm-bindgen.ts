/**
 * `wasm-bindgen`: the same kernels behind `#[wasm_bindgen]` wrappers (bindings/wasm-bindgen),
 * called through the JS glue the wasm-bindgen CLI generated for them, as a Rust→WASM user ships
 * it. The glue is `--target web` (an ES module): the one output that loads unchanged in Node,
 * Bun and Deno, instantiated with its own `initSync` from the module bytes read here. Every
 * argument and result is marshalled by the glue, never by bridgetax, so its copies, string
 * encoding and object table are inside the figures: that is what its users pay.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { exportOf } from '../../../contract/workloads.ts';
import { glueModule } from '../../../contract/registry.ts';
import { isRecords, threaded } from '../../../contract/types.ts';
import type { Workload } from '../catalogue.ts';
import type { Callable, Mechanism } from '../mechanism.ts';

// The WebAssembly global differs between the three runtimes' type packages; declare the part
// used here once so this file typechecks the same everywhere.
declare const WebAssembly: {
  Module: { new (bytes: Uint8Array): object; customSections(m: object, name: string): ArrayBuffer[] };
};

/** What the generated glue exports besides the workloads. */
interface Glue {
  initSync(init: { module: object }): unknown;
  [name: string]: unknown;
}

/** Argument and result types the glue copies through linear memory. */
const copied = new Set(['bytes', 'bytes_mut', 'f64s', 'f64s_mut', 'i32s', 'i32s_mut', 'str', 'strs']);

/**
 * Why wasm-bindgen cannot express a workload, or undefined when the module exports it. The
 * export test (test/wasm-bindgen-exports.test.ts) checks the built glue against this both ways.
 */
export function wasmBindgenSkip(w: Workload): string | undefined {
  if (threaded(w)) return 'wasm32-unknown-unknown has no threads: no Rust thread can call JS back from there';
  if (w.async) return 'wasm32-unknown-unknown has no threads: a wasm-bindgen Promise would still run the job on the JS thread';
  if (w.nativeOnly) return `the wasm-bindgen crate wraps the crate-free kernels only: ${w.nativeOnly}`;
  return undefined;
}

/** The kernels through wasm-bindgen's generated glue. */
export const wasmBindgen: Mechanism = {
  id: 'wasm-bindgen',
  load: async (ctx) => {
    const module = new WebAssembly.Module(await readFile(glueModule(ctx.file)));
    const glue = (await import(pathToFileURL(ctx.file).href)) as Glue;
    glue.initSync({ module });
    const version = producer(module, 'wasm-bindgen');
    return {
      bind: (w) => {
        const skip = wasmBindgenSkip(w);
        if (skip) return { skip };
        const f = glue[exportOf(w)];
        // A missing export is a build fault, not a capability gap: fail, don't skip.
        if (typeof f !== 'function') throw new Error(`${ctx.file} exports no function "${exportOf(w)}"`);
        return f as Callable;
      },
      note: (w: Workload) => {
        const words = [...w.args, w.ret];
        // Records are JS arrays of plain objects both ways: the crate converts them with
        // serde-wasm-bindgen (bindings/wasm-bindgen/src/lib.rs), so the glue passes them as is.
        if (words.some(isRecords)) return 'includes serde-wasm-bindgen converting every record between JS objects and Rust structs (a call out to JS per field)';
        return words.some((t) => copied.has(t))
          ? "includes the glue's copies of arguments into (and of written ones and results out of) wasm linear memory"
          : undefined;
      },
      ...(version ? { libraries: { 'wasm-bindgen': version } } : {}),
    };
  },
};

/**
 * The version a tool recorded in the module's `producers` section (the wasm tool-conventions
 * format: fields of name → [tool, version] pairs), without the commit hash after it; the CLI
 * adds itself there, so this names the glue's real generator.
 */
export function producer(module: object, tool: string): string | undefined {
  const [section] = WebAssembly.Module.customSections(module, 'producers');
  if (!section) return undefined;
  const b = new Uint8Array(section);
  let at = 0;
  const uleb = () => {
    let v = 0;
    for (let shift = 0; at < b.length; shift += 7) {
      const byte = b[at++]!;
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    return v;
  };
  const text = () => {
    const n = uleb();
    return new TextDecoder().decode(b.subarray(at, (at += n)));
  };
  for (let fields = uleb(); fields > 0; fields--) {
    text();
    for (let values = uleb(); values > 0; values--) {
      const name = text();
      const version = text();
      if (name === tool) return version.split(' ')[0];
    }
  }
  return undefined;
}
