/**
 * Verification: a mechanism's answer must equal the JS reference before anything is timed.
 */
import type { Signature } from './catalogue.ts';

/** The outcome of checking one answer. */
export type Verdict = { ok: true } | { ok: false; expected: string; actual: string };

/**
 * Compares an answer with the reference, by the signature's result type. i64 answers are
 * compared as BigInt, so a Number is accepted only when it is exact; f64 answers must be
 * bit-identical (the kernels use the same operation order as the reference).
 */
export function verify(sig: Signature, expected: unknown, actual: unknown): Verdict {
  return same(sig.ret, expected, actual) ? { ok: true } : { ok: false, expected: show(expected), actual: show(actual) };
}

function same(ret: Signature['ret'], expected: unknown, actual: unknown): boolean {
  switch (ret) {
    case 'void':
      // FFIs disagree on how they spell "nothing" (undefined or null); both mean void.
      return actual === undefined || actual === null;
    case 'i64':
      return toBigInt(actual) === expected;
    default:
      return Object.is(actual, expected);
  }
}

function toBigInt(x: unknown): bigint | undefined {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number' && Number.isSafeInteger(x)) return BigInt(x);
  return undefined;
}

/** A value printed for a failure report: BigInt keeps its `n`, buffers show their length. */
export function show(x: unknown): string {
  if (typeof x === 'bigint') return `${x}n`;
  if (x instanceof Uint8Array) return `Uint8Array(${x.length})`;
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (x === undefined) return 'undefined';
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}
