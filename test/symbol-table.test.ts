/**
 * The neutral symbol table and what the built artifacts really export, both ways: the C
 * symbols of the cdylib, the exports of every Node-API addon (napi-rs, napi-sys, neon), and the
 * wasm exports.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exported, symbolTable } from '../contract/workloads.ts';
import { workloads } from '../runners/shared/catalogue.ts';
import { addonArtifacts, artifacts, loadAddon } from './helpers.ts';

const table = Object.keys(symbolTable()).sort();

// @types/node declares WebAssembly's types but not the global's value shape used here.
interface ExportDescriptor { name: string; kind: string }
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(m: object): ExportDescriptor[] } };
};

describe('symbol table matches the built library', () => {
  it('the cdylib exports exactly the bt_ symbols of the table', () => {
    const nm = execFileSync('nm', ['-D', '--defined-only', artifacts.lib], { encoding: 'utf8' });
    const exported = nm.split('\n').map((l) => l.trim().split(/\s+/).pop() ?? '').filter((s) => s.startsWith('bt_')).sort();
    expect(exported).toEqual(table);
  });

  for (const name of addonArtifacts) {
    it(`the ${name} addon exports exactly one function per workload with an export`, () => {
      const addon = loadAddon(name);
      const own = workloads.filter(exported).map((w) => w.id);
      expect(Object.keys(addon).sort()).toEqual(own.sort());
      for (const id of own) expect(typeof addon[id]).toBe('function');
    });
  }

  it('the wasm module exports exactly the bt_ symbols of the table, and its memory', () => {
    const mod = new wasmApi.Module(readFileSync(artifacts.wasm));
    const exports = wasmApi.Module.exports(mod);
    const fns = exports.filter((e) => e.kind === 'function' && e.name.startsWith('bt_')).map((e) => e.name).sort();
    expect(fns).toEqual(Object.keys(symbolTable('wasm')).sort());
    expect(exports.some((e) => e.kind === 'memory' && e.name === 'memory')).toBe(true);
  });

  it('the table lowers bytes to pointer + length', () => {
    expect(symbolTable().bt_bytes_sum).toEqual({ args: ['ptr', 'usize'], ret: 'u32' });
    expect(symbolTable().bt_add_i64).toEqual({ args: ['i64', 'i64'], ret: 'i64' });
  });

  it('the table lowers strings, string lists, callbacks and out-arrays', () => {
    const t = symbolTable();
    expect(t.bt_str_hash).toEqual({ args: ['cstr'], ret: 'u32' });
    expect(t.bt_str_make).toEqual({ args: ['u32'], ret: 'strptr' });
    expect(t.bt_hash_strings).toEqual({ args: ['ptr', 'usize', 'ptr', 'usize'], ret: 'strptr' });
    expect(t.bt_callback_sum).toEqual({ args: ['u32', 'fnptr'], ret: 'i32' });
    expect(t.bt_fin_metrics).toEqual({ args: ['ptr', 'usize', 'ptr'], ret: 'void' });
    // Workloads sharing a kernel or looping over one add no symbol.
    expect(t.bt_str_hash_mixed).toBeUndefined();
    expect(t.bt_each_add_i32).toBeUndefined();
    expect(symbolTable('wasm').bt_sha256_strings).toBeUndefined();
    expect(symbolTable('wasm').bt_wasm_callback_ptr).toEqual({ args: [], ret: 'usize' });
  });
});
