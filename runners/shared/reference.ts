/**
 * Pure-JS reference implementations: the answer every mechanism is checked against, and the
 * body of the `js` mechanism. Written the way a JS developer would write them for speed.
 */

export function noop(): void {}

export function add_i32(a: number, b: number): number {
  return (a + b) | 0;
}

export function add_f64(a: number, b: number): number {
  return a + b;
}

export function add_i64(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a + b);
}

export function sum6_f64(a: number, b: number, c: number, d: number, e: number, f: number): number {
  return a + b + c + d + e + f;
}

export function bytes_sum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]!) | 0;
  return sum >>> 0;
}
