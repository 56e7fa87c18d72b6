/**
 * `http` keeps one connection alive and `http-fresh` opens one per call, in every runtime found
 * here (each with its own fetch): the service counts the connections it accepts. Also: the
 * service has a route for every workload a request can carry, and no other.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { servicePath } from '../orchestrator/build.ts';
import { root } from '../orchestrator/paths.ts';
import { startService } from '../orchestrator/service.ts';
import { nodeStripsTypes } from '../contract/versions.ts';
import { exportOf } from '../contract/workloads.ts';
import { workloads } from '../runners/shared/catalogue.ts';
import { health } from '../runners/shared/mechanisms/http.ts';
import { runtimes } from './helpers.ts';

const service = await startService({ command: servicePath });
if ('failure' in service) throw new Error(service.failure);
afterAll(() => service.stop());
const script = join(root, 'test', 'http', 'count-connections.ts');
const calls = 20;
const found = await runtimes();

describe('connections per call', () => {
  it('the service routes every workload that does not take a callback, under its export name', async () => {
    const carried = workloads.filter((w) => !w.via && !w.args.includes('callback')).map(exportOf);
    expect((await health(service.url)).routes.sort()).toEqual([...new Set(carried)].sort());
  });

  for (const r of found) {
    it(`${r.id}: one kept-alive connection for http, one per call for http-fresh`, async () => {
      const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
      const args = r.name === 'deno' ? ['run', `--allow-net=127.0.0.1:${service.port}`, script]
        : r.name === 'node' && !nodeStripsTypes(r.version) ? ['--import', tsx, script] : [script];
      const out = await execa(r.execPath, [...args, service.url, String(calls)], { cwd: root });
      const counted = JSON.parse(out.stdout) as { keptAlive: number; fresh: number };
      // The closing health request may open one more connection of its own.
      expect(counted.keptAlive).toBeLessThanOrEqual(1);
      expect(counted.fresh).toBeGreaterThanOrEqual(calls);
      expect(counted.fresh).toBeLessThanOrEqual(calls + 1);
    });
  }
});
