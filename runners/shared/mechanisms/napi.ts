/**
 * `napi`: the napi-rs addon, loaded with `require` (Node, Bun and Deno all load Node-API
 * addons this way; Deno needs --allow-ffi for the file). Every export takes and returns JS
 * values itself (strings, arrays, functions, Promises), so the callable is the export as is.
 */
import { createRequire } from 'node:module';
import { exportOf } from '../catalogue.ts';
import type { Callable, Mechanism } from '../mechanism.ts';

/** The napi-rs addon built from the same cdylib. */
export const napi: Mechanism = {
  id: 'napi',
  load: async (ctx) => {
    const addon = createRequire(import.meta.url)(ctx.file) as Record<string, unknown>;
    return {
      bind: (w) => {
        const f = addon[exportOf(w)];
        // A missing export is a build fault, not a capability gap: fail, don't skip.
        if (typeof f !== 'function') throw new Error(`${ctx.file} exports no function "${exportOf(w)}"`);
        return f as Callable;
      },
      note: (w) => (w.async ? 'the call runs on the libuv thread pool (napi-rs AsyncTask)' : undefined),
    };
  },
};
