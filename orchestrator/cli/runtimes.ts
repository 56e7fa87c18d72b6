/**
 * `bridgetax runtimes`: the runtimes installed and those fetched into the cache, and how to add a
 * version.
 */
import type { Command } from 'commander';
import { discoverRuntimes } from '../discover.ts';
import { listCached, npmRegistry, runtimeCacheDir, thisPlatform } from '../runtime-fetch.ts';
import { renderRuntimes } from '../runtimes-list.ts';

/** Declares `runtimes` on `program`. */
export function runtimesCommand(program: Command): Command {
  return program.command('runtimes')
    .description('list the runtimes installed and those fetched into the cache, and how to add a version')
    .action(async () => {
      const [found, registry] = await Promise.all([discoverRuntimes(), npmRegistry()]);
      console.log(renderRuntimes({ found, cached: await listCached(), cacheDir: runtimeCacheDir(), registry, platform: thisPlatform() }));
    });
}
