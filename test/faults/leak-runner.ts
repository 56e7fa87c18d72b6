/**
 * Fault injector (tests only, see inject.ts): koffi's bytes_sum answers right but leaks 256
 * bytes of native memory per call (`bt_alloc` never freed), the kind of leak a soak must see.
 */
import koffi from 'koffi';
import { libOf, runWithFault } from './inject.ts';

await runWithFault('koffi', 'bytes_sum', ({ artifacts }, real) => {
  const alloc = koffi.load(libOf(artifacts)).func('bt_alloc', 'uintptr_t', ['size_t']);
  return (bytes: Uint8Array) => {
    alloc(256);
    return real(bytes);
  };
});
