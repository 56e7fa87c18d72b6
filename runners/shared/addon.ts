/**
 * A Node-API addon whose exports are named like the workloads and take and return JS values
 * themselves (strings, arrays, functions, Promises): napi-rs, raw napi-sys and neon. Node, Bun
 * and Deno all load such an addon with `require` (Deno needs --allow-ffi for the file), so the
 * callable is the export as is.
 */
import { createRequire } from 'node:module';
import { exportOf } from '../../contract/workloads.ts';
import type { MechanismId } from '../../contract/registry.ts';
import type { Workload } from './catalogue.ts';
import type { Callable, Mechanism } from './mechanism.ts';

/** The mechanism `id` loading its addon from its artifact; `note` says what a cell includes. */
export function nodeApiAddon(id: MechanismId, note: (w: Workload) => string | undefined): Mechanism {
  return {
    id,
    load: async (ctx) => {
      const addon = createRequire(import.meta.url)(ctx.file) as Record<string, unknown>;
      return {
        bind: (w) => {
          const f = addon[exportOf(w)];
          // A missing export is a build fault, not a capability gap: fail, don't skip.
          if (typeof f !== 'function') throw new Error(`${ctx.file} exports no function "${exportOf(w)}"`);
          return f as Callable;
        },
        note,
      };
    },
  };
}
