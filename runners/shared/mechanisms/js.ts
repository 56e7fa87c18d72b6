/**
 * `js`: the pure-JS reference itself, the baseline every other mechanism is compared with.
 */
import type { Mechanism } from '../mechanism.ts';

/** The pure-JS baseline. */
export const js: Mechanism = {
  id: 'js',
  load: async () => ({ bind: (w) => w.reference }),
};
