/**
 * Name filters are checked before anything runs; an unknown name is named, with the valid list.
 */
import { describe, expect, it } from 'vitest';
import { validateFilters } from '../orchestrator/compare.ts';

describe('filters', () => {
  it('accepts known names and column ids', () => {
    expect(() => validateFilters({ runtimes: ['node', 'deno@2.9.6'], mechanisms: ['napi', 'wasm'], workloads: ['bytes_sum'] })).not.toThrow();
  });

  it('names an unknown mechanism and lists the valid ones', () => {
    expect(() => validateFilters({ mechanisms: ['napi', 'ctypes'] }))
      .toThrow('unknown mechanism "ctypes"; valid mechanisms: js, platform, napi, napi-sys, neon, koffi, node-ffi, bun-ffi, deno-ffi, wasm');
  });

  it('names an unknown workload and lists the valid ones', () => {
    expect(() => validateFilters({ workloads: ['add_u8'] })).toThrow(/unknown workload "add_u8"; valid workloads: noop, add_i32, .*bytes_sum/);
  });

  it('names an unknown runtime', () => {
    expect(() => validateFilters({ runtimes: ['python'] })).toThrow(/unknown runtime "python"; valid runtimes: node, bun, deno/);
  });
});
