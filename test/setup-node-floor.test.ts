/**
 * `bash setup.sh` refuses a Node on PATH older than the one it installs with, saying which it
 * found and which it needs, and exits non-zero before it installs anything; with no Node at all
 * it says so too. (Fake `node` binaries on a PATH of their own: nothing is installed.)
 */
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { onPath } from '../orchestrator/discover.ts';
import { root } from '../orchestrator/paths.ts';

/** A folder for PATH holding only the tools setup.sh uses before its Node check, and `node`
 *  answering `version` when given. */
function fakePath(version?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bridgetax-setup-'));
  for (const tool of ['bash', 'dirname']) symlinkSync(onPath(tool)[0]!, join(dir, tool));
  if (version) {
    writeFileSync(join(dir, 'node'), `#!${onPath('bash')[0]}\necho ${version}\n`);
    chmodSync(join(dir, 'node'), 0o755);
  }
  return dir;
}

const setup = (path: string) => execa(join(path, 'bash'), [join(root, 'setup.sh')], { env: { PATH: path }, extendEnv: false, reject: false, cwd: root });

describe('setup.sh and the Node on PATH', () => {
  it('refuses Node 18 with the version found and the one needed, exit 1', async () => {
    const r = await setup(fakePath('18.19.0'));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('setup: Node.js 18.19.0 is on PATH; bridgetax needs Node.js >= 20 to install');
    expect(r.stdout).not.toMatch(/installing/);
  });

  it('says Node is missing when there is none, exit 1', async () => {
    const r = await setup(fakePath());
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('setup: Node.js >= 20 with npm is required first');
  });

  it('goes past the check with Node 20 (and stops at the missing npm here)', async () => {
    const r = await setup(fakePath('20.20.2'));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('setup: npm is required beside Node.js 20.20.2');
  });
});
