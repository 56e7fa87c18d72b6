/**
 * Runners take their built files as `--artifact name=path`: any name in `artifactKinds`, each at
 * most once per name, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { parseRunnerArgs } from '../runners/shared/runner.ts';

describe('runner --artifact', () => {
  it('collects name=path pairs, paths kept whole', () => {
    const o = parseRunnerArgs(['--out', 'x.json', '--artifact', 'lib=/a/lib.so', '--artifact', 'wasm=/b/c=d.wasm']);
    expect(o.artifacts).toEqual({ lib: '/a/lib.so', wasm: '/b/c=d.wasm' });
  });
  it('refuses an unknown name, listing the valid ones', () => {
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact', 'libx=/a'])).toThrow(/unknown artifact "libx"; valid: lib, napi, wasm, wasm-bindgen/);
  });
  it('refuses a pair without a path', () => {
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact', 'lib'])).toThrow(/--artifact takes NAME=PATH, not "lib"/);
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact', 'lib='])).toThrow(/NAME=PATH/);
  });
  it('still needs --out', () => {
    expect(() => parseRunnerArgs(['--artifact', 'lib=/a'])).toThrow(/missing --out/);
  });
});
