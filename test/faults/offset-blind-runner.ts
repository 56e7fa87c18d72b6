/**
 * Fault injector (tests only, see inject.ts): napi's bytes_sum ignores a view's byteOffset (it
 * sums from the start of the underlying buffer), a classic FFI bug. The catalogue's fixed inputs
 * start at offset 0, so only the property checks' buffers at an offset can catch it.
 */
import { runWithFault } from './inject.ts';

await runWithFault('napi', 'bytes_sum', (_ctx, real) => (bytes: Uint8Array) =>
  real(new Uint8Array(bytes.buffer, 0, bytes.length)));
