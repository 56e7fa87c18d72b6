/**
 * Property checks (`--property RUNS --seed SEED`): for every loaded mechanism and every selected
 * workload, fast-check draws RUNS random inputs from the workload's argument types and checks the
 * mechanism's answer against the JS reference, the way the cells are checked (same binding, same
 * answer, same verify). Inputs cover the edges the catalogue's fixed inputs don't: empty and
 * large arrays placed at an offset inside a larger buffer, every byte value, every integer and
 * float edge (NaN, -0, infinities, subnormals), non-ASCII strings and lone surrogates, arbitrary
 * pure callbacks. A failure carries the shrunk counterexample and the seed to replay it.
 *
 * Generic over the catalogue's neutral types: `arbitraries` has one entry per argument type, and
 * its type makes a catalogue type without one a compile error. Two facts about a workload shape
 * the draw, both from the catalogue: the arrays of one call share a length (as C's pointer and
 * length pairs of one operation do: batch_add_i32 writes `out[i] = a[i] + b[i]`), and a workload
 * measured at sizes takes its `u32` and its strings up to its largest size (a `u32` there is a
 * count of work: fib(4e9) would never end).
 */
import fc from 'fast-check';
import { isRecords, type ArgType, type argTypes, type FieldType } from '../../contract/types.ts';
import { recordFields } from '../../contract/workloads.ts';
import type { MechanismId } from '../../contract/registry.ts';
import type { Workload } from './catalogue.ts';
import type { Failure, PropertyRun } from '../../contract/document.ts';
import { boundOrNone, versionField, type Callable, type Loaded, type LoadedAt, type SkipReason } from './mechanism.ts';
import { show, verify } from './verify.ts';

/** What an arbitrary may depend on: the call's shared array length, the workload's largest size. */
export interface Draw {
  /** Elements of every array argument of this call. */
  readonly length: number;
  /** The workload's largest `param`, for a sized workload. */
  readonly size?: number;
}

const I32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const MiB = 1 << 20;

/** xorshift32: large inputs from a seed, cheap to make and to shrink (by length and seed). */
function stream(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

type TypedArray = Uint8Array | Int32Array | Float64Array;
type TypedArrayOf = { new (n: number): TypedArray; new (b: ArrayBufferLike, offset: number, n: number): TypedArray };

/**
 * Arrays of exactly `length` elements: small ones element by element from `element` (edges
 * included), larger ones from a seed through `fromBits`; each placed at a random offset inside
 * a larger buffer, so a mechanism that ignores `byteOffset` fails.
 */
function typedArray(Type: TypedArrayOf, length: number, element: fc.Arbitrary<number>, fromBits: (bits: number) => number): fc.Arbitrary<TypedArray> {
  const place = (offset: number, fill: (view: TypedArray) => void) => {
    const backing = new Type(offset + length + 3);
    const view = new Type(backing.buffer, offset * backing.BYTES_PER_ELEMENT, length);
    fill(view);
    return view;
  };
  const offset = fc.integer({ min: 0, max: 7 });
  if (length <= 64) {
    return fc.tuple(fc.array(element, { minLength: length, maxLength: length }), offset)
      .map(([values, at]) => place(at, (view) => view.set(values)));
  }
  return fc.tuple(fc.integer(), offset).map(([seed, at]) => place(at, (view) => {
    const next = stream(seed);
    for (let i = 0; i < length; i++) view[i] = fromBits(next());
  }));
}

/** Mostly small, sometimes up to `max`: sizes cost time, and the edges are at the small end. */
function upTo(max: number): fc.Arbitrary<number> {
  return fc.oneof({ weight: 7, arbitrary: fc.integer({ min: 0, max: Math.min(max, 64) }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max }) });
}

/** UTF-16 code units that make every kind of string: ASCII, 2- and 3-byte UTF-8, pairs for
 *  astral code points, and lone surrogates (which every conversion to UTF-8 turns into U+FFFD). */
const codeUnits = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)) },
);

/** Strings up to `max` UTF-16 units: short ones unit by unit, long ones from a seed. No U+0000:
 *  `str` crosses as a NUL-terminated C string (catalogue `ArgType`), which cannot hold one. */
function text(max: number): fc.Arbitrary<string> {
  const pieces = ['a', 'Z', ' ', 'é', 'ж', '€', '中', '😀', '🦀', '\ud800', '\udfff', '\n'];
  return upTo(max).chain((n) => (n <= 64
    ? fc.array(codeUnits, { minLength: n, maxLength: n }).map((units) => units.join(''))
    : fc.integer().map((seed) => {
      const next = stream(seed);
      let s = '';
      while (s.length < n) s += pieces[next() % pieces.length];
      return s.slice(0, n);
    })));
}

const bytes = (d: Draw) => typedArray(Uint8Array, d.length, fc.integer({ min: 0, max: 255 }), (b) => b & 0xff);
const f64s = (d: Draw) => typedArray(Float64Array, d.length, fc.double(), (b) => ((b / 2 ** 32) - 0.5) * 10 ** ((b % 40) - 20));
const i32s = (d: Draw) => typedArray(Int32Array, d.length, fc.integer(I32), (b) => b | 0);

/** One arbitrary per argument type. */
export const arbitraries: { readonly [T in (typeof argTypes)[number]]: (d: Draw) => fc.Arbitrary<unknown> } = {
  i32: () => fc.integer(I32),
  u32: (d) => (d.size === undefined ? fc.integer({ min: 0, max: 2 ** 32 - 1 }) : upTo(d.size)),
  i64: () => fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  f64: () => fc.double(),
  bytes, bytes_mut: bytes,
  f64s, f64s_mut: f64s,
  i32s, i32s_mut: i32s,
  str: (d) => text(d.size ?? 4096),
  // Packed as bytes and offsets, not C strings: NUL is fine here.
  strs: (d) => fc.array(fc.oneof(text(64), fc.constant('\0 NUL')), { maxLength: Math.min(d.size ?? 64, 64) }),
  // Pure and deterministic: the reference and the mechanism see the same answers.
  callback: () => fc.func(fc.integer(I32)),
};

/** One arbitrary per record field type: what a record can carry through every mechanism, JSON
 *  text included, which has no NaN, infinity or -0 (a float field is finite, its zero +0) and
 *  no lone surrogate (a string field is whole code points). */
const fieldArbitraries: { readonly [T in FieldType]: fc.Arbitrary<unknown> } = {
  i32: fc.integer(I32),
  u32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  f64: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
  str: fc.string({ unit: 'binary', maxLength: 16 }),
  bool: fc.boolean(),
};

/** Records of the shape `t` names, at most 256 of them (each is an object, not an element). */
function recordsArbitrary(t: ArgType, d: Draw): fc.Arbitrary<unknown> {
  const fields = recordFields(t);
  if (!fields) throw new Error(`${t} names no declared record shape`);
  const one = fc.tuple(...fields.map(([, type]) => fieldArbitraries[type])).map((values) => Object.fromEntries(fields.map(([k], i) => [k, values[i]])));
  return fc.array(one, { maxLength: Math.min(d.length, 256) });
}

/** The arbitrary of any argument type word. */
const arbitraryOf = (t: ArgType, d: Draw): fc.Arbitrary<unknown> => (isRecords(t) ? recordsArbitrary(t, d) : arbitraries[t](d));

/** Bytes per element of the array types (the shared length is capped at 1 MiB of the widest). */
const elementBytes: Readonly<Partial<Record<ArgType, number>>> = {
  bytes: 1, bytes_mut: 1, f64s: 8, f64s_mut: 8, i32s: 4, i32s_mut: 4,
};

/** All the arguments of one call of `w`. */
export function inputsOf(w: Workload): fc.Arbitrary<unknown[]> {
  const sizes = w.params.filter((p): p is number => p !== null);
  const size = sizes.length ? Math.max(...sizes) : undefined;
  const widest = Math.max(1, ...w.args.map((t) => elementBytes[t] ?? 0));
  const longest = Math.min(size ?? 64 * 1024, MiB / widest);
  // A string in and records out parses the records' text (json_parse): its inputs are the JSON
  // of records, which is all the reference accepts.
  if (w.args.length === 1 && w.args[0] === 'str' && isRecords(w.ret)) {
    return recordsArbitrary(w.ret, { length: 256 }).map((records) => [JSON.stringify(records)]);
  }
  return upTo(longest).chain((n) => fc.tuple(...w.args.map((t) => arbitraryOf(t, { length: n, ...(size === undefined ? {} : { size }) }))));
}

/** `--property RUNS`, with the runner's `--seed` (recorded in its document). */
export interface PropertyOptions {
  runs: number;
  seed: number;
}

/** Parses the runner's `--property` value; the seed is the runner's own. */
export function propertyOptions(runs: string | undefined, seed: number): PropertyOptions | undefined {
  if (runs === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(runs)) throw new Error(`--property takes a whole number of runs above 0, not "${runs}"`);
  return { runs: Number(runs), seed };
}

/** A copy for each side, so that neither sees what the other (or an earlier run of the same
 *  input, when fast-check shrinks) wrote into it; at the same offset in a copy of its buffer. */
function copyOf(v: unknown): unknown {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return v;
  const t = v as TypedArray;
  return new (t.constructor as TypedArrayOf)((t.buffer as ArrayBuffer).slice(0), t.byteOffset, t.length);
}

/** An input for a failure report: typed arrays with their offset. */
function showArgument(v: unknown): string {
  if (typeof v === 'function') return String(v);
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return show(v);
  return `${show(v)} at byte offset ${v.byteOffset}`;
}

/** How the runner binds and calls a cell, so a property check calls exactly the same way. */
export interface CellCalls {
  bind(w: Workload, m: Loaded): Callable | SkipReason;
  answer(w: Workload, param: number | null, fn: Callable, args: unknown[]): Promise<unknown>;
}

/**
 * Runs the property checks; returns what was checked and a failure per mechanism × workload
 * whose answer differed from the reference (or threw) for some input.
 */
export async function checkProperties(
  loaded: readonly LoadedAt[], selected: readonly Workload[], opts: PropertyOptions, runtime: string,
  calls: CellCalls,
): Promise<{ runs: PropertyRun[]; failures: Failure[] }> {
  const runs: PropertyRun[] = [];
  const failures: Failure[] = [];
  for (const w of selected) {
    const inputs = inputsOf(w);
    for (const at of loaded) {
      const { id, m } = at;
      const fn = boundOrNone(() => calls.bind(w, m));
      if (!fn) continue;
      const outcome = async (args: unknown[]) => {
        const expected = await calls.answer(w, null, w.reference as Callable, args.map(copyOf));
        try {
          const actual = await calls.answer(w, null, fn, args.map(copyOf));
          return { expected, actual, ok: verify(w, expected, actual).ok };
        } catch (e) {
          return { expected, threw: e instanceof Error ? e.message : String(e), ok: false };
        }
      };
      const r = await fc.check(fc.asyncProperty(inputs, async (args) => (await outcome(args)).ok), { numRuns: opts.runs, seed: opts.seed });
      runs.push({ mechanism: id, ...versionField(at), workload: w.id, runs: r.numRuns, seed: opts.seed });
      if (!r.failed) continue;
      const args = r.counterexample?.[0] ?? [];
      const o = await outcome(args);
      failures.push({
        runtime, mechanism: id, ...versionField(at), workload: w.id,
        reason: `property check: ${'threw' in o ? `threw ${o.threw}` : 'wrong answer'} for (${args.map(showArgument).join(', ')}) `
          + `after ${r.numRuns} inputs; replay with --property ${opts.runs} --seed ${opts.seed} (path ${r.counterexamplePath})`,
        expected: show(o.expected),
        actual: 'threw' in o ? `threw ${o.threw}` : show(o.actual),
      });
    }
  }
  return { runs, failures };
}
