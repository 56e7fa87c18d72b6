/**
 * Property checks (`--property RUNS --seed SEED`): for every loaded mechanism and every selected
 * workload, fast-check draws RUNS random inputs from the workload's argument types and checks the
 * mechanism's answer against the JS reference with the same verify as the cells. Inputs cover
 * the edges the catalogue's fixed inputs don't: empty and large buffers, every byte value,
 * buffers at an offset in a larger one, every integer and float edge (NaN, -0, infinities,
 * subnormals). A failure is recorded with the shrunk counterexample and the seed to replay it.
 *
 * Generic over the catalogue's neutral types: `arbitraries` has one entry per argument type,
 * and its type makes a catalogue type without one a compile error.
 */
import fc from 'fast-check';
import type { MechanismId, NeutralType, Workload } from './catalogue.ts';
import type { Failure, PropertyRun } from './document.ts';
import { boundOrNone, type Callable, type Loaded } from './mechanism.ts';
import { show, verify } from './verify.ts';

/** Argument types: every neutral type but `void`, which is a result only. */
export type ArgumentType = Exclude<NeutralType, 'void'>;

const MiB = 1 << 20;

/** `length` bytes from a xorshift seed: large inputs cheap to make and to shrink (by length and
 *  seed), covering every byte value. */
function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Byte buffers: small ones byte by byte, large ones (to 1 MiB) from a seed, each placed at a
 *  random offset inside a larger buffer, so a mechanism that ignores `byteOffset` fails. */
const bytes: fc.Arbitrary<Uint8Array> = fc.tuple(
  fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: 256 }) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: MiB }), fc.integer()).map(([n, seed]) => seededBytes(n, seed)) },
  ),
  fc.integer({ min: 0, max: 15 }),
).map(([content, offset]) => {
  const backing = new Uint8Array(offset + content.length + 3).fill(0xa5);
  backing.set(content, offset);
  return backing.subarray(offset, offset + content.length);
});

/** One arbitrary per argument type. */
export const arbitraries: { readonly [T in ArgumentType]: fc.Arbitrary<unknown> } = {
  i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  u32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  i64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  f64: fc.double(),
  bytes,
};

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

/** A copy for the reference, so a workload that writes into its input can't change the
 *  mechanism's (typed arrays are copied with their offset; everything else is a value). */
function copyOf(v: unknown): unknown {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return v;
  const src = v as Uint8Array;
  const copy = new (src.constructor as Uint8ArrayConstructor)(src.length);
  copy.set(src);
  return copy;
}

/** An input for a failure report: a buffer with its offset and first bytes. */
function showArgument(v: unknown): string {
  if (!(v instanceof Uint8Array)) return show(v);
  const head = [...v.subarray(0, 16)].join(',');
  return `Uint8Array(${v.length}, offset ${v.byteOffset})[${head}${v.length > 16 ? ',…' : ''}]`;
}

/** Calls `fn` and awaits its answer; a throw becomes the answer's stand-in. */
async function answer(fn: Callable, args: unknown[]): Promise<{ value: unknown } | { threw: string }> {
  try {
    return { value: await fn(...args) };
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Runs the property checks; returns what was checked and a failure per mechanism × workload
 * whose answer differed from the reference (or threw) for some input.
 */
export async function checkProperties(
  loaded: readonly { id: MechanismId; m: Loaded }[], selected: readonly Workload[], opts: PropertyOptions, runtime: string,
): Promise<{ runs: PropertyRun[]; failures: Failure[] }> {
  const runs: PropertyRun[] = [];
  const failures: Failure[] = [];
  for (const w of selected) {
    const reference = w.reference as Callable;
    const inputs = fc.tuple(...w.args.map((t) => arbitraries[t as ArgumentType]));
    for (const { id, m } of loaded) {
      const fn = boundOrNone(m, w);
      if (!fn) continue;
      const wrong = async (args: unknown[]) => {
        const expected = await reference(...args.map(copyOf));
        const actual = await answer(fn, args);
        return { expected, actual, ok: 'value' in actual && verify(w, expected, actual.value).ok };
      };
      const r = await fc.check(fc.asyncProperty(inputs, async (args) => (await wrong(args)).ok), { numRuns: opts.runs, seed: opts.seed });
      runs.push({ mechanism: id, workload: w.id, runs: r.numRuns, seed: opts.seed });
      if (!r.failed) continue;
      const args = r.counterexample?.[0] ?? [];
      const { expected, actual } = await wrong(args);
      failures.push({
        runtime, mechanism: id, workload: w.id,
        reason: `property check: ${'threw' in actual ? `threw ${actual.threw}` : 'wrong answer'} for (${args.map(showArgument).join(', ')}) `
          + `after ${r.numRuns} inputs; replay with --property ${opts.runs} --seed ${opts.seed} (path ${r.counterexamplePath})`,
        expected: show(expected),
        actual: 'value' in actual ? show(actual.value) : `threw ${actual.threw}`,
      });
    }
  }
  return { runs, failures };
}
