/**
 * `neon`: `bindings/neon`, a neon 1.x addon written with `#[neon::export]` functions, the API
 * neon's docs lead with today, rather than the classic `fn(FunctionContext) -> JsResult`
 * registered in `#[neon::main]` (which costs more per call: it is not what this column
 * measures). Numbers come in through neon's `f64` extractor, typed arrays are borrowed in place
 * (`JsTypedArray::as_slice`), strings are `String`, callbacks `JsFunction::bind(…).call()`, and
 * `async_job` is `#[neon::export(task)]` (libuv's thread pool, a Promise).
 */
import { nodeApiAddon } from '../addon.ts';

/** The neon addon. */
export const neon = nodeApiAddon('neon', (w) => {
  if (w.async) return 'the call runs on the libuv thread pool (#[neon::export(task)])';
  if (w.group === 'call') return '#[neon::export] with f64 number arguments, not the classic FunctionContext API';
  return undefined;
});
