/**
 * Ctrl-C (or a SIGTERM) in the middle of a real `pnpm compare`: the orchestrator stops its
 * runners and the HTTP service and waits until they are gone (no runner or server process is left
 * the moment it has died, even on a loaded machine), writes nothing, and dies of the same signal;
 * the results folder still holds the previous run byte for byte, with no temporary file beside it.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeResults } from '../orchestrator/store.ts';
import { mergedFixture } from './fixtures.ts';
import { alive, descendantsOf, node26, processes, runCli } from './helpers.ts';

/** A process's command line (empty once it is gone). */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

describe.skipIf(process.platform !== 'linux')('Ctrl-C during a run', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s stops every runner and the service, writes nothing, keeps latest.json', async (signal) => {
    const dir = mkdtempSync(join(tmpdir(), 'bridgetax-sigint-'));
    await writeResults(mergedFixture(), dir);
    const before = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));

    const runtime = await node26();
    const cli = runCli(['--quick', '--runtimes', runtime.id, '--mechanisms', 'js,napi,koffi,node-ffi,wasm,http', '--out-dir', dir]);
    let seen: { pid: number; pgid: number; command: string }[] = [];
    // Interrupt once the runner is measuring: its first timed cell has printed.
    await new Promise<void>((resolve, reject) => {
      cli.stdout!.on('data', (chunk: Buffer) => {
        if (!/ per call/.test(chunk.toString()) || seen.length) return;
        seen = descendantsOf(cli.pid!).map((p) => ({ ...p, command: commandOf(p.pid) }));
        cli.kill(signal);
        resolve();
      });
      cli.then(() => reject(new Error('the run ended before it was interrupted')), reject);
    });
    const r = await cli;

    expect(seen.length, 'a runner was running').toBeGreaterThan(0);
    expect(seen.some((p) => p.command.includes('bridgetax-service')), 'the service was running').toBe(true);
    expect(r.signal, r.stderr).toBe(signal);
    expect(r.stdout).not.toMatch(/Wrote /);
    // A SIGKILLed process can take a moment to finish dying on a loaded machine; one that was
    // left behind stays alive.
    for (const p of seen) await expect.poll(() => alive(p.pid), { message: `pid ${p.pid} (${p.command})`, timeout: 3000 }).toBe(false);
    const groups = new Set(seen.map((p) => p.pgid));
    expect(processes().filter((p) => groups.has(p.pgid) && alive(p.pid))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of before) expect(readFileSync(join(dir, f)).equals(bytes), f).toBe(true);
  });
});
