/**
 * The HTTP service's faults cost the `http` cells only. Real processes: the built service
 * killed with SIGKILL, and a stand-in (test/faults/dying-service.ts) that fails to start or dies
 * on its first request in the middle of a real `compare`, whose other cells stay verified.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servicePath } from '../orchestrator/build.ts';
import { compare } from '../orchestrator/compare.ts';
import { startService } from '../orchestrator/service.ts';
import { alive, faultEntry, runtimes } from './helpers.ts';

const dying = (mode: string) => ({ command: process.execPath, args: [faultEntry('dying-service.ts'), mode] });

/** A verify-only compare of js and http over add_i32 in two Node columns, with `service`. */
async function compareWith(service: { command: string; args: string[] }) {
  const nodes = (await runtimes()).filter((r) => r.name === 'node').map((r) => r.id);
  expect(nodes.length, 'PATH Node and the project Node').toBeGreaterThanOrEqual(2);
  const lines: string[] = [];
  const r = await compare({
    mode: 'verify', runtimes: nodes, mechanisms: ['js', 'http'], workloads: ['add_i32'],
    outDir: mkdtempSync(join(tmpdir(), 'bridgetax-service-')), timeoutSeconds: 120, seed: 1, argv: [],
    print: (l) => lines.push(l), width: 100, service,
  });
  return { ...r, nodes, lines };
}

describe('the HTTP service', () => {
  it('starts, answers its health check, and reports how it died when killed', async () => {
    const s = await startService({ command: servicePath });
    if ('failure' in s) throw new Error(s.failure);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    process.kill(s.pid, 'SIGKILL');
    await expect.poll(() => s.exited()).toBe('killed by SIGKILL');
    await s.stop();
    expect(alive(s.pid)).toBe(false);
  });

  it('a service that does not exist fails with the reason', async () => {
    const s = await startService({ command: join(tmpdir(), 'no-such-bridgetax-service') });
    expect('failure' in s && s.failure).toMatch(/no-such-bridgetax-service/);
  });

  it('a service that fails to start fails every column\'s http cells with its stderr, nothing else', async () => {
    const { results, nodes, exitCode } = await compareWith(dying('fail-to-start'));
    expect(exitCode).toBe(1);
    for (const id of nodes) {
      const f = results.failures.find((x) => x.runtime === id && x.mechanism === 'http');
      expect(f?.reason, id).toMatch(/exited with code 1 before it printed the port/);
      expect(f?.stderrTail).toMatch(/simulated start failure/);
      expect(results.cells.find((c) => c.runtime === id && c.mechanism === 'js')?.verified, id).toBe(true);
    }
    expect(results.failures.every((x) => x.mechanism === 'http')).toBe(true);
  });

  it('a service that dies mid-run fails the http cells from then on, with its stderr, nothing else, and is started again for the next column', async () => {
    const { results, nodes, lines } = await compareWith(dying('die-on-request'));
    const [first, second] = nodes;
    // The column it died in: the runner's first request (a warm-up in its load) found it dead,
    // no http cell was verified, and the death is reported with the stderr tail.
    const inFirst = results.failures.filter((x) => x.runtime === first && x.mechanism === 'http');
    expect(inFirst.length).toBeGreaterThanOrEqual(2);
    expect(results.cells.some((c) => c.runtime === first && c.mechanism === 'http' && c.verified)).toBe(false);
    const death = results.failures.find((x) => x.runtime === first && x.mechanism === 'http' && !x.workload);
    expect(death?.reason).toMatch(/exited with code 3 during this column/);
    expect(death?.stderrTail).toMatch(/dying on purpose mid-run/);
    // The next column gets the service started again (this one dies again on its first request).
    expect(lines.join('\n')).toMatch(/HTTP service: started again at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\), after it exited with code 3/);
    const later = results.failures.filter((x) => x.runtime === second && x.mechanism === 'http' && !x.workload);
    expect(later.map((x) => x.reason)).toEqual([expect.stringMatching(/exited with code 3 during this column/)]);
    for (const id of nodes) expect(results.cells.find((c) => c.runtime === id && c.mechanism === 'js')?.verified, id).toBe(true);
    expect(results.failures.every((x) => x.mechanism === 'http')).toBe(true);
    expect(lines.join('\n')).toMatch(/HTTP service: exited with code 3 during this column/);
  });
});
