/**
 * The worked examples under examples/ stay what docs/your-own.md says they are: workload folders
 * `compare --workloads-dir` accepts, whose Rust crate passes its own tests and whose JS
 * reference agrees with the library a user would call instead (`platform`) at every size.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { root } from '../orchestrator/paths.ts';
import { readUserFolders } from '../orchestrator/user/folder.ts';

describe('examples/base64', () => {
  const dir = join(root, 'examples', 'base64');

  it('is a workload folder compare accepts, with the base64 crate as a dependency', async () => {
    const [folder] = await readUserFolders(dir);
    expect(folder?.declaration).toMatchObject({ id: 'base64_encode', args: ['bytes'], ret: 'str', platform: true, params: [64, 65536, 1048576] });
    expect(folder?.crate).toBe('bt_workload_base64_encode');
  });

  it('has a JS reference that agrees with Buffer at every size, and RFC 4648\'s vectors', async () => {
    const mod = await import(join(dir, 'reference.ts')) as { input(p: number): [Uint8Array]; reference(d: Uint8Array): string; platform(d: Uint8Array): string };
    for (const size of [0, 1, 2, 3, 64, 65536, 1048576]) {
      const [data] = mod.input(size);
      expect(data.length).toBe(size);
      expect(mod.reference(data), `${size} bytes`).toBe(mod.platform(data));
    }
    const text = (s: string) => new TextEncoder().encode(s);
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => mod.reference(text(s)))).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
  });

  it('has a kernel that passes its own cargo test', async () => {
    const r = await execa('cargo', ['test', '--quiet', '--manifest-path', join(dir, 'Cargo.toml'), '--target-dir', join(root, 'target', 'examples')], { reject: false, cwd: root });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/test result: ok\. 1 passed/);
  }, 300_000);
});
