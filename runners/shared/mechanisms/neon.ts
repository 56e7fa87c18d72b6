/**
 * `neon`: `bindings/neon`, a neon 1.x addon written with `#[neon::export]` functions, the API
 * neon's docs lead with today, rather than the classic `fn(FunctionContext) -> JsResult`
 * registered in `#[neon::main]` (which costs more per call: it is not what this column
 * measures). Numbers come in through neon's `f64` extractor, typed arrays are borrowed in place
 * (`JsTypedArray::as_slice`), strings are `String`, callbacks `JsFunction::bind(…).call()`, and
 * `async_job` is `#[neon::export(task)]` (libuv's thread pool, a Promise).
 */
import { isRecords, threaded } from '../../../contract/types.ts';
import { nodeApiAddon } from '../addon.ts';

/** The neon addon. */
export const neon = nodeApiAddon('neon', (w) => {
  if (threaded(w)) {
    return 'fn is called from a Rust thread started per call through a neon Channel: each channel.send is run on the JS thread '
      + 'and the thread blocks on its JoinHandle for the answer; the Promise is settled through the same channel';
  }
  if (w.async) return "the call runs on the runtime's Node-API async-work pool (libuv's in Node) (#[neon::export(task)])";
  if (w.group === 'call') return '#[neon::export] with f64 number arguments, not the classic FunctionContext API';
  if ([w.ret, ...w.args].some(isRecords)) return 'records by property access: the JsArray\'s elements, each field read with JsObject::get (set, for a result) by name';
  return undefined;
});
