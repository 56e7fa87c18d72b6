/**
 * Fault injector (tests only, see inject.ts): napi's add_i32 made slower on purpose, about 50 %
 * of its own cost (every other call crosses twice; the answer is the real one), in the current
 * napi-rs build only (the pinned one loads another file). The A/B tests run it as column B beside
 * the real runner as A: that cell, and no other, must be called slower.
 */
import { runWithFault } from './inject.ts';

let calls = 0;
await runWithFault('napi', 'add_i32', (ctx, real, load) => (load.file !== ctx.artifacts.napi ? real : (a: number, b: number) => {
  if (++calls % 2 === 0) real(a, b);
  return real(a, b);
}));
