/** Builds the library once (only if stale) before any test file runs. */
import { build } from '../../orchestrator/build.ts';

export default async function setup(): Promise<void> {
  const r = await build();
  if ('unavailable' in r.wasm) throw new Error(`tests need the wasm build: ${r.wasm.unavailable}`);
  if (r.unavailable['wasm-bindgen']) throw new Error(`tests need the wasm-bindgen build: ${r.unavailable['wasm-bindgen']}`);
  // Every host binary the tests run (rquickjs, deno_core over QuickJS-ng), built once here.
  for (const h of r.host) if ('unavailable' in h) throw new Error(`tests need the host runner's ${h.build.name} build: ${h.unavailable}`);
}
