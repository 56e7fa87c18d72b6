/**
 * `napi-sys`: the Node-API floor. `bindings/napi-sys` writes every export against raw Node-API
 * through the `napi-sys` crate, with no framework: `napi_get_cb_info`, one `napi_get_value_*` per
 * argument (typed arrays borrowed with `napi_get_typedarray_info`, strings copied out with
 * `napi_get_value_string_utf8`), one `napi_create_*` for the result, and `napi_create_async_work`
 * with a Promise for `async_job`. What a framework's column costs over this one is what the
 * framework adds.
 */
import { nodeApiAddon } from '../addon.ts';

/** The raw Node-API addon. */
export const napiSys = nodeApiAddon('napi-sys',
  (w) => (w.async ? 'the call runs on the libuv thread pool (napi_create_async_work + a Promise)' : undefined));
