/**
 * Input makers: deterministic JS-level arguments for the workloads (runners/shared/catalogue.ts
 * says which workload uses which).
 */
import type { Payment } from './reference.ts';

/** Printable ASCII, n chars. */
export function asciiString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(32 + ((i * 7 + 3) % 95));
  return s;
}

/** n UTF-16 code units of accents, CJK and emoji (surrogate pairs), never split mid-pair. */
export function mixedString(n: number): string {
  const pieces = ['é', 'a', '中', 'ß', '😀', '文', 'ñ', '€', '🦀', ' '];
  let s = '';
  for (let i = 0; s.length < n; i++) {
    const p = pieces[i % pieces.length]!;
    s += s.length + p.length <= n ? p : 'a';
  }
  return s;
}

/** n strings of 0-40 chars mixing ASCII and non-ASCII. */
export function stringList(n: number): string[] {
  return Array.from({ length: n }, (_, i) => mixedString(i % 41).slice(0, i % 41) + asciiString(i % 7));
}

/** Deterministic pseudo-random doubles in [-1000, 1000) from a 32-bit LCG. */
export function randomF64s(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = (x / 2 ** 32) * 2000 - 1000;
  }
  return out;
}

/** A daily-return-like series: small returns in [-5 %, +5 %). */
export function returnSeries(n: number): Float64Array {
  return randomF64s(n, 3).map((v) => v / 20_000);
}

/** Two Int32Arrays of n values (some overflowing when added) and an output array. */
export function int32Pairs(n: number): [Int32Array, Int32Array, Int32Array] {
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = Math.imul(i, 2654435761) | 0;
    b[i] = (i * 40503) | 0;
  }
  return [a, b, new Int32Array(n)];
}

/** n payment records of the plugin scenario: every method, some across borders, amounts from
 *  1 cent to about 21 000 EUR (so the SEPA cap and the 5-cent floor both apply). */
export function payments(n: number): Payment[] {
  const methods = ['card', 'sepa', 'wallet'] as const;
  return Array.from({ length: n }, (_, i) => ({
    amountCents: 1 + ((Math.imul(i, 2654435761) >>> 0) % 2_100_000),
    method: methods[i % 3]!,
    crossBorder: i % 7 === 0,
  }));
}

/** Deterministic bytes covering every value 0..255, so a dropped or repeated byte changes the sum. */
export function patternBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/** n daily-return records (`records<quote>`): day i and the same returns as `returnSeries(n)`. */
export function quotes(n: number): { day: number; ret: number }[] {
  return Array.from(returnSeries(n), (ret, day) => ({ day, ret }));
}

/** The JSON text of `payments(n)`, as `JSON.stringify` writes it (about 58 bytes a record). */
export function paymentsJson(n: number): string {
  return JSON.stringify(payments(n));
}
