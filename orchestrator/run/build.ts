/**
 * Phase 3 of a compare run: build whatever is stale (the native library and addons, wasm, the
 * service, and the host runner when a host column is asked for), in one status line unless it
 * fails, then one line saying what was built and what cannot be built here.
 */
import { build, type BuildResult } from '../build.ts';
import type { PhaseClock } from '../phases.ts';
import type { Discovered } from './discover.ts';
import type { CompareOptions } from './options.ts';

/** Phase 3: every artifact built or fresh, or why it cannot be built here. */
export async function buildArtifacts(o: CompareOptions, clock: PhaseClock, d: Pick<Discovered, 'hostsAsked' | 'hostsWanted'>): Promise<BuildResult> {
  const { hostsAsked, hostsWanted } = d;
  // One line, unless it fails: then the compiler's whole message (build.ts `failure`).
  o.statusLine?.('Building the Rust library (only what changed)...');
  const built = await clock.time('build', undefined, () => build({ verbose: false, host: hostsAsked, hostWanted: hostsWanted }));
  o.statusLine?.('');
  o.print(`Build: ${built.nativeBuilt ? 'native rebuilt' : 'native fresh'}, wasm ${'unavailable' in built.wasm ? 'unavailable' : built.wasm.built ? 'rebuilt' : 'fresh'}, host runner ${!hostsAsked ? 'not needed' : built.host.map((h) => `${h.build.name} ${'unavailable' in h ? 'unavailable' : h.built ? 'rebuilt' : 'fresh'}`).join(', ') || 'none'}`
    + `${Object.keys(built.unavailable).length ? `, not buildable here: ${Object.keys(built.unavailable).join(', ')}` : ''} (${built.seconds.toFixed(1)} s)`);
  return built;
}
