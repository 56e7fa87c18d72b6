/**
 * `napi-sys`: the Node-API floor. `bindings/napi-sys` writes every export against raw Node-API
 * through the `napi-sys` crate, with no framework: `napi_get_cb_info`, one `napi_get_value_*` per
 * argument (typed arrays borrowed with `napi_get_typedarray_info`, strings copied out with
 * `napi_get_value_string_utf8`), one `napi_create_*` for the result, and `napi_create_async_work`
 * with a Promise for `async_job`, a threadsafe function called from a Rust thread for
 * `callback_thread`. What a framework's column costs over this one is what the framework adds.
 */
import { isRecords, threaded } from '../../../contract/types.ts';
import { nodeApiAddon } from '../addon.ts';

/** The raw Node-API addon. */
export const napiSys = nodeApiAddon('napi-sys', (w) => {
  if (threaded(w)) {
    return 'fn is a napi_create_threadsafe_function called from a Rust thread started per call: each '
      + 'napi_call_threadsafe_function is answered on the JS thread over a channel the thread waits on; a Promise settled there';
  }
  if (w.async) return "the call runs on the runtime's Node-API async-work pool (libuv's in Node) (napi_create_async_work + a Promise)";
  return [w.ret, ...w.args].some(isRecords) ? 'records by property access: napi_get_element, then napi_get_named_property per field (napi_create_object and napi_set_named_property for a result)' : undefined;
});
