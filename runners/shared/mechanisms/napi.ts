/**
 * `napi`: the napi-rs addon (`rustlib/src/node_api.rs`), built from the same cdylib as the C
 * ABI; `#[napi]` functions with napi-rs's default argument checks.
 */
import { nodeApiAddon } from '../addon.ts';

/** The napi-rs addon built from the same cdylib. */
export const napi = nodeApiAddon('napi',
  (w) => (w.async ? 'the call runs on the libuv thread pool (napi-rs AsyncTask)' : undefined));
