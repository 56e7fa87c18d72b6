/**
 * The JS half of `base64_encode`. `reference` is a plain-JS encoder of the kind base64 libraries
 * fall back to (a 64-entry table, three bytes to four characters);
 * `platform` is what most JS users call: `Buffer`'s native encoder (`node:buffer`, which Node,
 * Bun and Deno all have). Every mechanism's answer must equal `reference`'s.
 */
import { Buffer } from 'node:buffer';

/** `param` bytes of a fixed xorshift stream: every runtime sees the same input. */
export function input(param: number | null): unknown[] {
  const n = param ?? 0;
  const bytes = new Uint8Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return [bytes];
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const codes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
const ascii = new TextDecoder();

/** Standard, padded base64 of `data`, in plain JS: three bytes become four characters, written as
 *  ASCII codes into one Uint8Array and decoded once. */
export function reference(data: Uint8Array): string {
  const out = new Uint8Array(4 * Math.ceil(data.length / 3));
  let o = 0;
  let i = 0;
  for (; i + 2 < data.length; i += 3) {
    const v = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    out[o++] = codes[v >>> 18]!;
    out[o++] = codes[(v >>> 12) & 63]!;
    out[o++] = codes[(v >>> 6) & 63]!;
    out[o++] = codes[v & 63]!;
  }
  const left = data.length - i;
  if (left > 0) {
    const v = (data[i]! << 16) | (left === 2 ? data[i + 1]! << 8 : 0);
    out[o++] = codes[v >>> 18]!;
    out[o++] = codes[(v >>> 12) & 63]!;
    out[o++] = left === 2 ? codes[(v >>> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return ascii.decode(out);
}

/** What a JS user calls instead: Buffer's encoder, native in every runtime. */
export function platform(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
