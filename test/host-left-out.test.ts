/** A quick run on a machine whose host runner was never built leaves the host columns out
 *  (orchestrator/run/discover.ts `hostsLeftOut`); naming them, a full run, or a built runner
 *  keeps them. */
import { describe, expect, it } from 'vitest';
import { hostsLeftOut } from '../orchestrator/run/discover.ts';

describe('the host columns in a first quick run', () => {
  it('are left out only by a quick run that does not name them, where no host runner was ever built', () => {
    expect(hostsLeftOut('quick', undefined, false)).toBe(true);
    // Built before (fresh or stale): kept, and rebuilt where stale.
    expect(hostsLeftOut('quick', undefined, true)).toBe(false);
    // Named in --runtimes: built and measured whatever it costs.
    expect(hostsLeftOut('quick', ['rquickjs'], false)).toBe(false);
    // --runtimes without a host column: none was asked for in the first place.
    expect(hostsLeftOut('quick', [], false)).toBe(false);
    // A full run and a verify run build them.
    expect(hostsLeftOut('full', undefined, false)).toBe(false);
    expect(hostsLeftOut('verify', undefined, false)).toBe(false);
  });
});
