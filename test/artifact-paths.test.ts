/**
 * Library names and locations per platform: cargo's cdylib naming under the napi CLI's
 * per-target folder, and the napi-rs platform suffix.
 */
import { describe, expect, it } from 'vitest';
import { artifactPaths } from '../orchestrator/paths.ts';

describe('artifact paths', () => {
  it('linux x64', () => {
    expect(artifactPaths('/r', 'linux', 'x64')).toEqual({
      lib: '/r/target/x86_64-unknown-linux-gnu/release/librustlib.so',
      napi: '/r/rustlib/rustlib.linux-x64-gnu.node',
      wasm: '/r/target/wasm32/rustlib.wasm',
      'napi-pinned': '/r/target/napi-pinned/napi_pinned.linux-x64-gnu.node',
      'wasm-bindgen': '/r/target/wasm-bindgen/bt_wasm_bindgen.js',
      napiSys: '/r/target/node-addons/bt_napi_sys.node',
      neon: '/r/target/node-addons/bt_neon.node',
    });
  });

  it('macOS arm64', () => {
    const p = artifactPaths('/r', 'darwin', 'arm64');
    expect(p.lib).toBe('/r/target/aarch64-apple-darwin/release/librustlib.dylib');
    expect(p.napi).toBe('/r/rustlib/rustlib.darwin-arm64.node');
    expect(p['napi-pinned']).toBe('/r/target/napi-pinned/napi_pinned.darwin-arm64.node');
  });

  it('Windows x64', () => {
    const p = artifactPaths('/r', 'win32', 'x64');
    expect(p.lib).toMatch(/x86_64-pc-windows-msvc[\\/]release[\\/]rustlib\.dll$/);
    expect(p.napi).toMatch(/rustlib\.win32-x64-msvc\.node$/);
  });

  it('macOS x64 (Intel runners)', () => {
    const p = artifactPaths('/r', 'darwin', 'x64');
    expect(p.lib).toBe('/r/target/x86_64-apple-darwin/release/librustlib.dylib');
    expect(p.napi).toBe('/r/rustlib/rustlib.darwin-x64.node');
  });

  it('Windows arm64, and no lib prefix on a Windows DLL', () => {
    const p = artifactPaths('/r', 'win32', 'arm64');
    expect(p.lib).toMatch(/aarch64-pc-windows-msvc[\\/]release[\\/]rustlib\.dll$/);
    expect(p.lib).not.toMatch(/librustlib/);
    expect(p.napi).toMatch(/rustlib\.win32-arm64-msvc\.node$/);
  });

  it('refuses a platform it cannot name', () => {
    expect(() => artifactPaths('/r', 'aix', 'ppc64')).toThrow(/target triple for aix-ppc64/);
  });
});
