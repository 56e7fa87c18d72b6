/**
 * Fault injector (tests only, see inject.ts): napi's add_i32 answers right for its first calls
 * and one too many once it is hot, the shape of nodejs/node#64638 (a fast FFI call that took
 * other values once V8 had optimized its call site). The check before timing makes one call and
 * passes; only the check after timing, through the call site the timing drove hot, can catch it.
 */
import { runWithFault } from './inject.ts';

/** Calls answered right: more than the check before timing makes, far fewer than timing makes. */
const COLD_CALLS = 100;

await runWithFault('napi', 'add_i32', (_ctx, real) => {
  let calls = 0;
  return (a: number, b: number) => (++calls <= COLD_CALLS ? real(a, b) : (real(a, b) as number) + 1);
});
