/**
 * A user's own workloads, as a user makes them: `bridgetax new` writes a folder outside the
 * repository, the user fills it in, and `compare --workloads-dir` measures it verified in every
 * Node, Bun and Deno column through every mechanism, with no file of the project changed. A
 * kernel that needs a newer Rust than the wasm toolchain's is skipped in the two wasm mechanisms
 * with the compiler's message. And a user's kernel that panics, answers wrong, hangs or
 * segfaults costs its own cells, never the column, the run or another workload's cells.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ResultsSchema, type Results } from '../contract/results.ts';
import { root } from '../orchestrator/paths.ts';
import { projectNode, runCli } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'bridgetax-user-'));
const out = mkdtempSync(join(tmpdir(), 'bridgetax-user-out-'));

/** `pnpm bridgetax <args>`, from the temporary folder (pnpm says where the user was in INIT_CWD). */
const bridgetax = (args: string[]) => execa(projectNode, [join(root, 'orchestrator', 'cli.ts'), ...args],
  { reject: false, cwd: root, env: { INIT_CWD: dir }, timeout: 60_000 });

/** A workload folder the way `new` writes it, then filled in: `files` replace its own. */
async function workload(name: string, files: Record<string, string>): Promise<void> {
  const r = await bridgetax(['new', name]);
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout).toContain(`Wrote ${join(dir, name)}/`);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
}

const declaration = (id: string, args: string[], ret: string, params: number[], extra: object = {}) => JSON.stringify({
  id, group: 'compute', summary: `${id}, a user's workload under test`, args, ret, params, ...(params.length > 1 ? { headline: params[0] } : {}), ...extra,
});

const gitStatus = async () => (await execa('git', ['status', '--porcelain'], { cwd: root })).stdout;

function resultsOf(stdout: string): Results {
  const file = /Wrote (\S+\.json)/.exec(stdout)?.[1];
  if (!file) throw new Error(`no results file in:\n${stdout}`);
  return ResultsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

describe('your own function through every bridge', () => {
  it('is scaffolded outside the repository, filled in and measured verified in every Node, Bun and Deno column', async () => {
    const before = await gitStatus();
    // Vowels in a string: the `str` type word, a crate-free kernel.
    await workload('vowels', {
      'workload.json': declaration('vowels', ['str'], 'u32', [1000], { paramUnit: 'chars' }),
      'src/lib.rs': 'pub fn vowels(s: &[u8]) -> u32 {\n    s.iter().filter(|b| b"aeiouAEIOU".contains(b)).count() as u32\n}\n',
      'reference.ts': [
        'export function input(param: number | null): unknown[] {',
        '  let s = \'\';',
        '  for (let i = 0; i < (param ?? 0); i++) s += \'bridgetax crosses into Rust \'[i % 28];',
        '  return [s];',
        '}',
        'export function reference(s: string): number {',
        '  let n = 0;',
        '  for (const c of s) if (\'aeiouAEIOU\'.includes(c)) n++;',
        '  return n;',
        '}',
        '',
      ].join('\n'),
    });
    // Records of the user's own shape: its crate defines the struct, every binding converts it.
    await workload('basket', {
      'workload.json': JSON.stringify({
        id: 'basket', group: 'data', summary: 'basket lines in, their total out', args: ['records<line>'], ret: 'f64', params: [100], paramUnit: 'lines',
        records: { line: { price: 'f64', qty: 'u32', sku: 'str' } },
      }),
      'src/lib.rs': [
        '#[derive(Clone, Debug, Default, PartialEq)]',
        'pub struct Line {',
        '    pub price: f64,',
        '    pub qty: u32,',
        '    pub sku: String,',
        '}',
        '',
        'pub fn basket(lines: &[Line]) -> f64 {',
        '    lines.iter().fold(0.0, |sum, l| sum + l.price * f64::from(l.qty))',
        '}',
        '',
      ].join('\n'),
      'reference.ts': [
        'export function input(param: number | null): unknown[] {',
        '  return [Array.from({ length: param ?? 0 }, (_, i) => ({ price: (i % 17) * 1.25 + 0.1, qty: i % 5, sku: `sku-${i}` }))];',
        '}',
        'export function reference(lines: { price: number; qty: number }[]): number {',
        '  let sum = 0;',
        '  for (const l of lines) sum += l.price * l.qty;',
        '  return sum;',
        '}',
        '',
      ].join('\n'),
    });
    // `let … else` is Rust 1.65: the wasm toolchain's 1.63 cannot compile it.
    await workload('modern', {
      'workload.json': declaration('modern', ['u32'], 'u32', [7]),
      'src/lib.rs': 'pub fn modern(n: u32) -> u32 {\n    let Some(m) = n.checked_mul(3) else {\n        return 0;\n    };\n    m\n}\n',
      'reference.ts': 'export function input(param: number | null): unknown[] { return [param ?? 0]; }\nexport function reference(n: number): number { return n * 3; }\n',
    });

    const r = await runCli(['--quick', '--workloads-dir', dir, '--workloads', 'vowels,basket,modern', '--runtimes', 'node,bun,deno', '--deno-unscoped-ffi', '--out-dir', out], { timeoutMs: 900_000 });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    const results = resultsOf(r.stdout);
    const columns = results.runtimes.map((c) => c.id);
    for (const name of ['node', 'bun', 'deno']) expect(columns.some((c) => c.startsWith(`${name}@`)), name).toBe(true);

    for (const column of columns) {
      const cells = results.cells.filter((c) => c.runtime === column);
      const vowels = cells.filter((c) => c.workload === 'vowels');
      // Every mechanism the column loads measured it, verified before and after timing.
      const mechanisms = new Set(cells.filter((c) => c.workload === 'vowels').map((c) => c.mechanism));
      for (const m of ['js', 'napi', 'napi-sys', 'neon', 'koffi', 'wasm', 'wasm-bindgen', 'http']) expect(mechanisms.has(m as never), `${column} ${m}`).toBe(true);
      const ffi = column.startsWith('bun') ? 'bun-ffi' : column.startsWith('deno') ? 'deno-ffi' : column === 'node@26.10.0' ? 'node-ffi' : undefined;
      if (ffi) expect(mechanisms.has(ffi), `${column} ${ffi}`).toBe(true);
      for (const c of vowels) expect(c.verified && c.verifiedAfterTiming, `${column} ${c.mechanism} vowels`).toBe(true);
      // The records of the user's own shape, through every mechanism as well.
      const basket = cells.filter((c) => c.workload === 'basket');
      expect(new Set(basket.map((c) => c.mechanism))).toEqual(mechanisms);
      for (const c of basket) expect(c.verified && c.verifiedAfterTiming, `${column} ${c.mechanism} basket`).toBe(true);
      // The kernel Rust 1.63 cannot compile: measured natively, skipped in both wasm mechanisms
      // with the compiler's own words.
      const modern = cells.filter((c) => c.workload === 'modern');
      expect(modern.find((c) => c.mechanism === 'napi')?.verified).toBe(true);
      for (const m of ['wasm', 'wasm-bindgen']) {
        const skip = results.skipped.find((s) => s.runtime === column && s.mechanism === m && s.workload === 'modern');
        expect(skip?.reason, `${column} ${m}`).toMatch(/^\S+ was built without this workload's kernel: .*could not compile bt_workload_modern/s);
        expect(skip?.reason).toMatch(/error(\[E\d+\])?:/);
      }
    }
    // Nothing of the project changed: everything built is under target/, which git ignores.
    expect(await gitStatus()).toBe(before);
  }, 1_200_000);

  it('a kernel that panics, answers wrong, hangs or segfaults costs its own cells, never the column or another workload', async () => {
    const identity = 'export function input(param: number | null): unknown[] { return [param ?? 0]; }\nexport function reference(n: number): number { return n; }\n';
    const kernels: Record<string, string> = {
      panics: 'pub fn panics(n: i32) -> i32 {\n    panic!("a user\'s kernel panicking on purpose at {}", n)\n}\n',
      wrong: 'pub fn wrong(n: i32) -> i32 {\n    n.wrapping_add(1)\n}\n',
      hangs: 'pub fn hangs(n: i32) -> i32 {\n    loop {\n        std::thread::sleep(std::time::Duration::from_secs(1));\n        if n == i32::MIN {\n            return n;\n        }\n    }\n}\n',
      // A write through a null pointer: a segfault natively (address 0 is ordinary memory in wasm).
      segfaults: 'pub fn segfaults(n: i32) -> i32 {\n    // SAFETY: none: it faults on purpose.\n    unsafe { std::ptr::null_mut::<i32>().write_volatile(n) };\n    n\n}\n',
    };
    for (const [id, kernel] of Object.entries(kernels)) {
      await workload(id, { 'workload.json': declaration(id, ['i32'], 'i32', [7]), 'src/lib.rs': kernel, 'reference.ts': identity });
    }
    const r = await runCli(['--verify-only', '--workloads-dir', dir, '--workloads', 'vowels,panics,wrong,hangs,segfaults', '--runtimes', 'node@26.10.0',
      '--mechanisms', 'js,napi,koffi,wasm', '--timeout', '30', '--out-dir', out], { timeoutMs: 900_000 });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).not.toBe(2);
    const results = resultsOf(r.stdout);
    // The column survived: it is not among the failures as a whole.
    expect(results.failures.filter((f) => f.mechanism === undefined)).toEqual([]);
    const cell = (m: string, w: string) => results.cells.find((c) => c.mechanism === m && c.workload === w);
    const failure = (m: string, w: string) => results.failures.find((f) => f.mechanism === m && f.workload === w);
    // Another workload, and the JS reference of each faulty one, verified in every mechanism.
    for (const m of ['js', 'napi', 'koffi', 'wasm']) expect(cell(m, 'vowels')?.verified, m).toBe(true);
    for (const w of Object.keys(kernels)) expect(cell('js', w)?.verified, w).toBe(true);

    for (const m of ['napi', 'koffi']) {
      expect(failure(m, 'panics')?.reason, m).toMatch(/^the runner process died in this call: runner died from SIGABRT/);
      expect(failure(m, 'panics')?.stderrTail, m).toContain('a user\'s kernel panicking on purpose at 7');
      expect(failure(m, 'hangs')?.reason, m).toMatch(/^the runner process died in this call: runner timed out after 30 s and was killed/);
      expect(failure(m, 'segfaults')?.reason, m).toMatch(/^the runner process died in this call: runner died from SIGSEGV/);
    }
    for (const m of ['napi', 'koffi', 'wasm']) {
      expect(failure(m, 'wrong'), m).toMatchObject({ reason: 'wrong answer', expected: '7', actual: '8' });
      expect(cell(m, 'wrong')?.verified, m).toBe(false);
    }
    // In wasm a panic is a trap, which JS sees as an exception; the null write is not a fault.
    expect(failure('wasm', 'panics')?.reason).toMatch(/^threw: .*unreachable/);
    expect(cell('wasm', 'segfaults')?.verified).toBe(true);
  }, 1_200_000);
});
