/**
 * `napi`: the napi-rs addon (`rustlib/src/node_api.rs`), built from the same cdylib as the C
 * ABI; `#[napi]` functions with napi-rs's default argument checks.
 */
import { isRecords, threaded } from '../../../contract/types.ts';
import { nodeApiAddon } from '../addon.ts';

/** The napi-rs addon built from the same cdylib. */
export const napi = nodeApiAddon('napi', (w) => {
  if (threaded(w)) {
    return 'fn is a napi-rs ThreadsafeFunction called from a Rust thread started per call: each call_with_return_value '
      + 'is queued to the JS thread and the thread waits for its answer on a channel; the Promise is an Env::create_deferred';
  }
  if (w.async) return "the call runs on the runtime's Node-API async-work pool (libuv's in Node) (napi-rs AsyncTask)";
  return [w.ret, ...w.args].some(isRecords) ? 'records as #[napi(object)] structs: napi-rs reads each object\'s properties into a Vec, and creates the result\'s objects' : undefined;
});
