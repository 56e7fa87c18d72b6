/** The workload declarations (contract/workloads.json) and their join with the JS halves. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declarationProblems, validateDeclarationFile } from '../contract/workloads-schema.ts';
import { declarationFile, declarations, paramsIn, symbolTable, type Declaration } from '../contract/workloads.ts';
import { jsHalves, joinCatalogue, workloads } from '../runners/shared/catalogue.ts';

const file = new URL('../contract/workloads.json', import.meta.url);

describe('workload declarations', () => {
  it('the built-in file is valid, and is what the contract exports', () => {
    const parsed = validateDeclarationFile(JSON.parse(readFileSync(file, 'utf8')), 'contract/workloads.json');
    expect(parsed.workloads.map((w) => w.id)).toEqual(declarations.map((w) => w.id));
    expect(declarationFile.host.workloads.map((w) => w.id)).toEqual(['engine_start', 'eval_fresh', 'eval_reused', 'fee_rule']);
  });

  it('refuses a bad type word, naming the file and the field', () => {
    const bad = JSON.parse(readFileSync(file, 'utf8'));
    bad.workloads[1].args = ['i32', 'int'];
    expect(() => validateDeclarationFile(bad, 'my/workloads.json')).toThrow(/my\/workloads\.json is not a valid declaration file[\s\S]*expected one of "i32"[\s\S]*at workloads\[1\]\.args\[1\]/);
  });

  it('finds duplicate ids, dangling aliases and an observe past the arguments', () => {
    const add = declarations.find((w) => w.id === 'add_i32')!;
    const all: Declaration[] = [add, { ...add }, { ...add, id: 'alias', kernel: 'missing' }, { ...add, id: 'seen', observe: 2 }];
    expect(declarationProblems(all)).toEqual([
      'workload add_i32 is declared twice',
      'workload alias: kernel names missing, which is not declared',
      'workload seen: observe 2 is past its 2 arguments',
    ]);
  });

  it('a quick run measures each workload at its headline size, the others at every size', () => {
    const bytes = declarations.find((w) => w.id === 'bytes_sum')!;
    expect(paramsIn(bytes, 'quick')).toEqual([65536]);
    expect(paramsIn(bytes, 'full')).toEqual([64, 65536, 1048576]);
    expect(paramsIn(bytes, 'verify')).toEqual([64, 65536, 1048576]);
    expect(paramsIn(declarations.find((w) => w.id === 'add_i32')!, 'quick')).toEqual([null]);
    // Every sized workload has one size a quick run answers at, and it is one of its own.
    for (const w of declarations) expect(w.params).toContain(paramsIn(w, 'quick')[0]);
  });

  it('refuses a headline that is not one of the params, and several params without one', () => {
    const sized = declarations.find((w) => w.id === 'f64_sum')!;
    const { headline: _, ...unchosen } = sized;
    expect(declarationProblems([{ ...sized, headline: 4096 }, { ...unchosen, id: 'unchosen' }])).toEqual([
      'workload f64_sum: headline 4096 is not one of its params (10, 1024, 10240, 102400, 1048576)',
      'workload unchosen: it has 5 params, so it needs a "headline": the one a quick run measures (one of 10, 1024, 10240, 102400, 1048576)',
    ]);
  });

  it('every declaration has its JS half, and the join refuses one without', () => {
    expect(workloads.map((w) => w.id)).toEqual(declarations.map((w) => w.id));
    const { add_i32: _, ...withoutAdd } = jsHalves;
    expect(() => joinCatalogue(declarations, withoutAdd)).toThrow('workload add_i32 is declared but has no JS reference and input maker');
    expect(() => joinCatalogue(declarations.filter((d) => d.id !== 'noop'), jsHalves)).toThrow('workload noop has a JS reference but no declaration');
  });

  it('lowers every exported declaration to a C signature', () => {
    expect(symbolTable().bt_add_i32).toEqual({ args: ['i32', 'i32'], ret: 'i32' });
    expect(symbolTable().bt_fin_metrics).toEqual({ args: ['ptr', 'usize', 'ptr'], ret: 'void' });
    expect(symbolTable('wasm').bt_sha256_strings).toBeUndefined();
  });
});
