/**
 * Verification: a mechanism's answer must equal the JS reference before anything is timed.
 */
import { isRecords } from '../../contract/types.ts';
import type { Workload } from './catalogue.ts';

/** The outcome of checking one answer. */
export type Verdict = { ok: true } | { ok: false; expected: string; actual: string };

/** What `verify` needs of a workload: its result type, and how answers are compared. */
export type Checked = Pick<Workload, 'ret'> & Partial<Pick<Workload, 'observe' | 'tolerance'>>;

/**
 * Compares an answer with the reference. By the result type: i64 answers are compared as
 * BigInt, so a Number is accepted only when it is exact; floating answers must be bit-identical
 * (the kernels use the same operation order as the references) unless the workload states a
 * relative tolerance; strings and string lists exactly. For a workload that writes an argument
 * (`observe`), the answers are that argument's contents, compared element by element.
 */
export function verify(w: Checked, expected: unknown, actual: unknown): Verdict {
  const ok = w.observe !== undefined ? sameElements(expected, actual, w.tolerance) : same(w, expected, actual);
  return ok ? { ok: true } : { ok: false, expected: show(expected), actual: show(actual) };
}

function same(w: Checked, expected: unknown, actual: unknown): boolean {
  if (isRecords(w.ret)) return sameRecords(expected, actual, w.tolerance);
  switch (w.ret) {
    case 'void':
      // FFIs disagree on how they spell "nothing" (undefined or null); both mean void.
      return actual === undefined || actual === null;
    case 'i64':
      return toBigInt(actual) === expected;
    case 'f64':
      return close(expected, actual, w.tolerance);
    case 'strs':
    case 'f64x4':
      return sameElements(expected, actual, w.tolerance);
    default:
      return Object.is(actual, expected);
  }
}

function close(expected: unknown, actual: unknown, tolerance?: number): boolean {
  if (Object.is(expected, actual)) return true;
  if (tolerance === undefined || typeof expected !== 'number' || typeof actual !== 'number') return false;
  return Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(expected), Number.MIN_VALUE);
}

function sameElements(expected: unknown, actual: unknown, tolerance?: number): boolean {
  const list = (x: unknown) => (Array.isArray(x) || ArrayBuffer.isView(x) ? (x as ArrayLike<unknown>) : undefined);
  const e = list(expected);
  const a = list(actual);
  if (!e || !a || e.length !== a.length) return false;
  for (let i = 0; i < e.length; i++) if (!close(e[i], a[i], tolerance)) return false;
  return true;
}

/** Records: as many, each with the same keys in the same order and equal values (a float
 *  within the tolerance): what JSON.stringify would write for both, but checked value by value. */
function sameRecords(expected: unknown, actual: unknown, tolerance?: number): boolean {
  if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) return false;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as Record<string, unknown>;
    const a = actual[i] as Record<string, unknown> | null;
    if (typeof a !== 'object' || a === null) return false;
    const keys = Object.keys(e);
    const got = Object.keys(a);
    if (keys.length !== got.length || keys.some((k, j) => got[j] !== k)) return false;
    for (const k of keys) if (!close(e[k], a[k], tolerance)) return false;
  }
  return true;
}

function toBigInt(x: unknown): bigint | undefined {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number' && Number.isSafeInteger(x)) return BigInt(x);
  return undefined;
}

/** A value printed for a failure report: BigInt keeps its `n`, long strings and arrays show
 *  their length and their start. */
export function show(x: unknown): string {
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'string') return x.length > 80 ? `${JSON.stringify(x.slice(0, 60))}… (${x.length} chars)` : JSON.stringify(x);
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (x === undefined) return 'undefined';
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const items = Array.from(x as ArrayLike<unknown>);
    const name = Array.isArray(x) ? 'Array' : x.constructor.name;
    return `${name}(${items.length}) [${items.slice(0, 6).map(show).join(', ')}${items.length > 6 ? ', …' : ''}]`;
  }
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}
