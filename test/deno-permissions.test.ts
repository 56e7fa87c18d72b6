/**
 * Least privilege: Deno runs the runner with FFI for exactly the native library files and koffi's
 * addon folder, reads for those, the wasm file, wasm-bindgen's glue and its module, and the
 * document's folder, writes for the
 * document's folder only, no prompt, and no other grant (never -A).
 */
import { dirname, isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../orchestrator/paths.ts';
import { koffiNativeDir, runnerCommand } from '../orchestrator/spawn.ts';
import { artifactIds, artifactKinds, glueModule } from '../contract/registry.ts';
import { artifacts, runtimes } from './helpers.ts';

const deno = (await runtimes()).find((r) => r.name === 'deno')!;

describe('Deno command line', () => {
  const out = join('/tmp', 'bridgetax-perm', 'deno.json');
  const { file, args } = runnerCommand({ runtime: deno, artifacts, mode: 'verify', timeoutMs: 1000 }, out);
  const main = args.findIndex((a) => a.endsWith(join('runners', 'deno', 'main.ts')));
  const denoFlags = args.slice(0, main);
  const grant = (name: string) => denoFlags.filter((a) => a.startsWith(`--allow-${name}`)).map((a) => a.split('=')[1]?.split(',') ?? ['EVERYTHING']);

  it('runs the Deno that was found, as `deno run` with no prompt', () => {
    expect(file).toBe(deno.execPath);
    expect(args[0]).toBe('run');
    expect(main).toBeGreaterThan(0);
    expect(denoFlags).toContain('--no-prompt');
  });

  it('grants nothing wholesale: no -A, no --allow-all, no other kind of permission', () => {
    expect(args).not.toContain('-A');
    expect(args).not.toContain('--allow-all');
    const kinds = denoFlags.filter((a) => a.startsWith('--allow-') || /^-[A-Za-z]$/.test(a)).map((a) => a.split('=')[0]);
    expect(kinds.sort()).toEqual(['--allow-ffi', '--allow-read', '--allow-write']);
  });

  it('lists exactly the paths each grant needs', () => {
    const koffi = koffiNativeDir();
    expect(koffi, 'koffi is installed').toBeDefined();
    const ofKind = (kind: string) => artifactIds.filter((a) => artifactKinds[a] === kind).map((a) => artifacts[a]);
    const ffi = [...ofKind('native'), koffi!];
    expect(ffi).toEqual(expect.arrayContaining([artifacts.lib, artifacts.napi, artifacts['napi-pinned'], artifacts.napiSys, artifacts.neon]));
    expect(grant('ffi')).toEqual([ffi]);
    const glue = [artifacts['wasm-bindgen'], glueModule(artifacts['wasm-bindgen'])];
    // The runner and contract sources too: adapters are imported by a computed name, which Deno
    // checks like a read (runners/shared/adapters.ts).
    expect(grant('read')).toEqual([[...ffi, ...ofKind('wasm'), ...glue, dirname(out), join(root, 'runners'), join(root, 'contract')]]);
    expect(grant('write')).toEqual([[dirname(out)]]);
    for (const p of [...ffi, artifacts.wasm, ...glue, dirname(out)]) expect(isAbsolute(p), p).toBe(true);
  });

  it('with the HTTP service: the network for its address and port only', () => {
    const served = runnerCommand({ runtime: deno, artifacts, mode: 'verify', timeoutMs: 1000, serviceUrl: 'http://127.0.0.1:43210' }, out).args;
    const flags = served.slice(0, served.findIndex((a) => a.endsWith(join('runners', 'deno', 'main.ts'))));
    expect(flags.filter((a) => a.startsWith('--allow-net'))).toEqual(['--allow-net=127.0.0.1:43210']);
    expect(served.slice(served.indexOf('--service-url'), served.indexOf('--service-url') + 2)).toEqual(['--service-url', 'http://127.0.0.1:43210']);
    expect(denoFlags.some((a) => a.startsWith('--allow-net')), 'no service, no network').toBe(false);
  });

  it('the flags after the entry are the runner options, not Deno grants', () => {
    expect(args.slice(main + 1).filter((a) => a.startsWith('--allow'))).toEqual([]);
  });
});
