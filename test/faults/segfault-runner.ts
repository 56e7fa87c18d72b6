/**
 * Fault injector (tests only, see inject.ts): the Node runner verifies the call workloads, then
 * crashes with a real segmentation fault inside the Rust library, the way a native bug would:
 * the js cell of bytes_sum calls `bt_bytes_sum` through koffi with address 8 and 1 MiB to read.
 */
import koffi from 'koffi';
import { libOf, runWithFault } from './inject.ts';

await runWithFault('js', 'bytes_sum', ({ artifacts }) => {
  const raw = koffi.load(libOf(artifacts)).func('bt_bytes_sum', 'uint32_t', ['uintptr_t', 'size_t']);
  return () => raw(8, 1 << 20);
});
