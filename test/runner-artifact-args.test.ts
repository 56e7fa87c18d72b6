/**
 * Runners take their built files as `--artifact name=path`: any name in `artifactKinds`, each at
 * most once per name, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { parseRunnerArgs } from '../runners/shared/runner.ts';
import { artifactIds } from '../contract/registry.ts';

describe('runner --artifact', () => {
  it('collects name=path pairs, paths kept whole', () => {
    const o = parseRunnerArgs(['--out', 'x.json', '--artifact', 'lib=/a/lib.so', '--artifact', 'wasm=/b/c=d.wasm']);
    expect(o.artifacts).toEqual({ lib: '/a/lib.so', wasm: '/b/c=d.wasm' });
  });
  it('refuses an unknown name, listing the valid ones', () => {
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact', 'libx=/a'])).toThrow(`unknown artifact "libx"; valid: ${artifactIds.join(', ')}\n`);
  });
  it('refuses a pair without a path', () => {
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact', 'lib'])).toThrow(/--artifact takes NAME=PATH, not "lib"/);
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact', 'lib='])).toThrow(/NAME=PATH/);
  });
  it('still needs --out', () => {
    expect(() => parseRunnerArgs(['--artifact', 'lib=/a'])).toThrow(/missing --out/);
  });
});

describe('runner --artifact-version', () => {
  it('collects name=version pairs beside the paths', () => {
    const o = parseRunnerArgs(['--out', 'x.json', '--artifact', 'napi-pinned=/a.node', '--artifact-version', 'napi-pinned=3.5.2']);
    expect(o.artifactVersions).toEqual({ 'napi-pinned': '3.5.2' });
  });
  it('refuses a version that is not one, and an unknown name', () => {
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact-version', 'napi=latest'])).toThrow(/--artifact-version takes NAME=VERSION \(such as 3\.5\.2\), not "napi=latest"/);
    expect(() => parseRunnerArgs(['--out', 'x.json', '--artifact-version', 'neonx=1.0.0'])).toThrow(/unknown artifact "neonx"/);
  });
});
