/**
 * Every Node-API addon (napi-rs at each version built, raw napi-sys, neon) refuses arguments of the wrong JS type: for
 * every exported workload and every argument, each wrong kind of value for that argument's
 * neutral type (a string for a number, a number for a typed array, the wrong typed array, a
 * plain array, a non-function for a callback, nothing at all) makes the call throw a
 * `TypeError`, never crash and never answer. napi-rs itself throws a plain `Error`;
 * node_api.rs's `Arg<T>` rethrows its conversion errors as `TypeError`s keeping napi-rs's code
 * (`NumberExpected`, `StringExpected`, `InvalidArg`, …), and the napi-sys addon throws the same
 * codes. neon's extractors throw `TypeError`s of their own, without a code.
 */
import { describe, expect, it } from 'vitest';
import { exported } from '../contract/workloads.ts';
import { workloads } from '../runners/shared/catalogue.ts';
import { argTypes, isRecords, type ArgType } from '../contract/types.ts';
import { addonArtifacts, loadAddon } from './helpers.ts';

/** Wrong values for each argument type (typed: a new type without an entry doesn't compile). */
const fixed: { readonly [T in (typeof argTypes)[number]]: readonly unknown[] } = {
  i32: ['1', 1n, undefined, null, {}],
  u32: ['1', 1n, undefined, null, {}],
  i64: [1, '1', undefined, null],
  f64: ['1.5', 1n, undefined, null, {}],
  bytes: [5, [1, 2], 'ab', undefined, new Int8Array(2), new Float64Array(1)],
  bytes_mut: [5, [1, 2], undefined, new Int8Array(2)],
  f64s: [5, [1.5], undefined, new Uint8Array(8), new Float32Array(2)],
  f64s_mut: [5, [1.5], undefined, new Uint8Array(8)],
  i32s: [5, [1], undefined, new Uint32Array(2), new Float64Array(2)],
  i32s_mut: [5, [1], undefined, new Uint32Array(2)],
  str: [5, undefined, null, {}, Symbol('s')],
  strs: ['ab', [1, 2], undefined, {}],
  callback: [5, 'f', undefined, {}],
};

/** Records (`records<shape>`): not an array, an element that is not an object, a field of the
 *  wrong type or missing (every shape's first field is a number). */
const records: readonly unknown[] = [5, 'ab', undefined, null, {}, [5], [null], [{}], [{ amountCents: 'x', day: 'x' }]];

const wrong = (t: ArgType): readonly unknown[] => (isRecords(t) ? records : fixed[t]);

const codes = new Set(['NumberExpected', 'BigintExpected', 'StringExpected', 'ArrayExpected', 'ObjectExpected', 'FunctionExpected', 'InvalidArg']);

/** Calls and awaits, so a synchronous throw and an async rejection are seen alike. */
async function outcome(f: () => unknown): Promise<{ threw: unknown } | { value: unknown }> {
  try {
    return { value: await f() };
  } catch (e) {
    return { threw: e };
  }
}

/** Addons whose `TypeError`s carry napi-rs's codes. */
const coded = new Set<string>(['napi', 'napi-pinned', 'napiSys']);

describe.each(addonArtifacts)('%s wrappers refuse wrong JS types', (name) => {
  const addon = loadAddon(name);
  for (const w of workloads.filter((x) => exported(x) && x.args.length > 0)) {
    it(`${w.id}(${w.args.join(', ')})`, async () => {
      const fn = addon[w.id]!;
      // Calls with each argument replaced by each wrong value, the others right; then with
      // the last argument missing.
      const good = () => w.input(w.params[0] ?? null);
      const calls: [string, unknown[]][] = w.args.flatMap((t, i) => wrong(t).map((v): [string, unknown[]] => {
        const args = good();
        args[i] = v;
        return [`argument ${i} (${t}) = ${typeof v === 'symbol' ? 'Symbol' : Array.isArray(v) ? 'Array' : (v as object)?.constructor?.name ?? String(v)}`, args];
      }));
      calls.push(['the last argument missing', good().slice(0, -1)]);
      for (const [what, args] of calls) {
        const o = await outcome(() => fn(...args));
        expect('threw' in o, `${w.id}: ${what} gave ${'value' in o ? String(o.value) : ''}`).toBe(true);
        const e = (o as { threw: { code?: string } }).threw;
        expect(e, what).toBeInstanceOf(TypeError);
        if (coded.has(name)) expect(codes.has(e.code ?? ''), `${what}: code ${e.code}`).toBe(true);
      }
    });
  }
});
