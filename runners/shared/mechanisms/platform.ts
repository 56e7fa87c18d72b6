/**
 * `platform`: what a user would call instead of crossing into Rust at all — the runtime's own
 * built-in for the job (`node:crypto`, which Node, Bun and Deno all provide), where one exists.
 * The catalogue names it per workload (`Workload.platform`); other workloads are skipped.
 */
import type { Mechanism } from '../mechanism.ts';
import { asRealCall } from './js.ts';

/** The runtime's own built-in. */
export const platform: Mechanism = {
  id: 'platform',
  load: async () => ({
    bind: (w) => (w.platform ? asRealCall(w, w.platform) : { skip: 'the runtime has no built-in for this workload; js is the plain-JS answer' }),
  }),
};
