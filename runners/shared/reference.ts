/**
 * Pure-JS reference implementations: the answer every mechanism is checked against, and the
 * body of the `js` mechanism. Written the way a JS developer would write them for speed.
 */
import { createHash } from 'node:crypto';

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

export function bytes_invert(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = ~bytes[i]! & 0xff;
}

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) of every byte value: zlib's table. */
const CRC32_TABLE = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c;
  }
  return table;
})();

/** CRC-32 as zlib computes it, one table lookup per byte: what a JS developer writes. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC32_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32 over the UTF-8 of a JS string, encoded on the fly without allocating: what a JS
 *  developer writes to hash a string fast. A lone surrogate hashes as U+FFFD, as TextEncoder and
 *  every FFI's string conversion encode it. */
export function str_hash(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), FNV_PRIME);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
    }
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
  }
  return h >>> 0;
}

export function str_hash_bytes(bytes: Uint8Array): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  return h >>> 0;
}

/** The characters `str_make` cycles through; equal to `STR_MAKE_ALPHABET` in kernels.rs (a test
 *  compares the two through every mechanism). */
export const STR_MAKE_ALPHABET = 'bridgetax é€жπ✓';

export function str_make(n: number): string {
  const reps = Math.ceil(n / STR_MAKE_ALPHABET.length);
  return STR_MAKE_ALPHABET.repeat(reps).slice(0, n);
}

export function f64_sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/** The JS function `callback_sum` calls back. */
export function callbackTarget(i: number): number {
  return (i * 2 + 1) | 0;
}

export function callback_sum(n: number, fn: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum = (sum + fn(i)) | 0;
  return sum;
}

/** `callback_thread` answers what `callback_sum` does: only the thread that calls back differs. */
export const callback_thread = callback_sum;

export function spin(n: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ i, FNV_PRIME);
  return h >>> 0;
}

/** `jobs` spin jobs, summed: the answer Rust's threads must give (one job computed, as every
 *  job is the same; the parallel group's JS Workers each run a whole job). */
export function spin_threads(jobs: number, rounds: number): number {
  return Math.imul(spin(rounds), jobs) >>> 0;
}

export const async_job = spin;

export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export function count_primes(limit: number): number {
  if (limit < 2) return 0;
  const composite = new Uint8Array(limit + 1);
  let count = 0;
  for (let i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= limit; j += i) composite[j] = 1;
  }
  return count;
}

export function hash_strings(items: readonly string[]): string[] {
  return items.map((s) => str_hash(s).toString(16).padStart(8, '0'));
}

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const utf8 = new TextEncoder();

/** SHA-256 (FIPS 180-4) of a string's UTF-8, in plain JS: the `js` column of sha256_strings. */
export function sha256_hex(s: string): string {
  const data = utf8.encode(s);
  const blocks = Math.ceil((data.length + 9) / 64);
  const m = new Uint8Array(blocks * 64);
  m.set(data);
  m[data.length] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(m.length - 4, data.length * 8);
  view.setUint32(m.length - 8, Math.floor(data.length / 2 ** 29));
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let b = 0; b < blocks; b++) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(b * 64 + t * 4);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      w[t] = (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + w[t - 7]! + (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + w[t - 16]!;
    }
    let [a, bb, c, d, e, f, g, hh] = h as unknown as number[];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh! + (rotr(e!, 6) ^ rotr(e!, 11) ^ rotr(e!, 25)) + ((e! & f!) ^ (~e! & g!)) + SHA256_K[t]! + w[t]!) | 0;
      const t2 = ((rotr(a!, 2) ^ rotr(a!, 13) ^ rotr(a!, 22)) + ((a! & bb!) ^ (a! & c!) ^ (bb! & c!))) | 0;
      hh = g; g = f; f = e; e = (d! + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h[0]! += a!; h[1]! += bb!; h[2]! += c!; h[3]! += d!; h[4]! += e!; h[5]! += f!; h[6]! += g!; h[7]! += hh!;
  }
  let hex = '';
  for (const x of h) hex += x.toString(16).padStart(8, '0');
  return hex;
}

export function sha256_strings(items: readonly string[]): string[] {
  return items.map(sha256_hex);
}

/** What a user would call instead of a Rust crate: the runtime's own `node:crypto`, which Node,
 *  Bun and Deno all provide. */
export function sha256_strings_platform(items: readonly string[]): string[] {
  return items.map((s) => createHash('sha256').update(s).digest('hex'));
}

/** `Float64Array.prototype.sort`: numeric, ascending, the engine's own sort. */
export function sort_f64(values: Float64Array): void {
  values.sort();
}

/** [mean, sample std deviation, Sharpe ratio per period, maximum drawdown]; the same formulas
 *  and operation order as `fin_metrics` in kernels.rs. */
export function fin_metrics(returns: Float64Array): number[] {
  const n = returns.length;
  if (n === 0) return [0, 0, 0, 0];
  const mean = f64_sum(returns) / n;
  let v = 0;
  if (n > 1) {
    for (let i = 0; i < n; i++) v += (returns[i]! - mean) * (returns[i]! - mean);
    v /= n - 1;
  }
  const std = Math.sqrt(v);
  const sharpe = std > 0 ? mean / std : 0;
  let equity = 1;
  let peak = 1;
  let maxDd = 0;
  for (let i = 0; i < n; i++) {
    equity *= 1 + returns[i]!;
    if (equity > peak) peak = equity;
    const dd = (peak - equity) / peak;
    if (dd > maxDd) maxDd = dd;
  }
  return [mean, std, sharpe, maxDd];
}

export function batch_add_i32(a: Int32Array, b: Int32Array, out: Int32Array): void {
  const n = Math.min(a.length, b.length, out.length);
  for (let i = 0; i < n; i++) out[i] = (a[i]! + b[i]!) | 0;
}

/** A payment record of the host column's plugin scenario (`fee_rule`). */
export interface Payment {
  amountCents: number;
  method: 'card' | 'sepa' | 'wallet';
  crossBorder: boolean;
}

/** The plugin scenario's business rule: the fee of one payment in cents, as a JS plugin a Rust
 *  host loads would write it. Integer maths, the same as `fee_rule` in kernels/src/lib.rs. */
export function fee_rule(p: Payment): number {
  let bps = p.method === 'card' ? 290 : p.method === 'sepa' ? 80 : 340;
  if (p.crossBorder) bps += 150;
  let fee = Math.floor((p.amountCents * bps) / 10000);
  if (p.method === 'card') fee += 30;
  if (p.method === 'sepa' && fee > 500) fee = 500;
  return fee < 5 ? 5 : fee;
}

/** `fee_rule` over every record: the answer a host column checks. */
export function fee_rules(records: readonly Payment[]): number[] {
  return records.map(fee_rule);
}

/** The payments plugin's totals over payment records (`payment_fees`): count, amount, fees
 *  (`fee_rule` each) and net, in cents; integer sums, exact. */
export function payment_fees(records: readonly Payment[]): number[] {
  let amount = 0;
  let fees = 0;
  for (const p of records) {
    amount += p.amountCents;
    fees += fee_rule(p);
  }
  return [records.length, amount, fees, amount - fees];
}

/** `n` payment records built in JS (the same as the input maker `payments`). */
export function make_payments(n: number): Payment[] {
  const methods = ['card', 'sepa', 'wallet'] as const;
  const out: Payment[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = { amountCents: 1 + ((Math.imul(i, 2654435761) >>> 0) % 2_100_000), method: methods[i % 3]!, crossBorder: i % 7 === 0 };
  }
  return out;
}

/** `fin_metrics` over daily-return records, read in place (no array of returns is made): the
 *  same operations in the same order as `fin_metrics`, so the same four figures. */
export function fin_metrics_records(quotes: readonly { day: number; ret: number }[]): number[] {
  const n = quotes.length;
  if (n === 0) return [0, 0, 0, 0];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += quotes[i]!.ret;
  const mean = sum / n;
  let v = 0;
  if (n > 1) {
    for (let i = 0; i < n; i++) v += (quotes[i]!.ret - mean) * (quotes[i]!.ret - mean);
    v /= n - 1;
  }
  const std = Math.sqrt(v);
  const sharpe = std > 0 ? mean / std : 0;
  let equity = 1;
  let peak = 1;
  let maxDd = 0;
  for (let i = 0; i < n; i++) {
    equity *= 1 + quotes[i]!.ret;
    if (equity > peak) peak = equity;
    const dd = (peak - equity) / peak;
    if (dd > maxDd) maxDd = dd;
  }
  return [mean, std, sharpe, maxDd];
}

/**
 * Payment records from JSON text, by a flat-record parser in plain JS: the same algorithm as the
 * Rust kernel (kernels/src/json.rs), one character code at a time, for the payments' keys and
 * JSON's plain numbers, strings and booleans. `JSON.parse` is the `platform` of this workload.
 */
export function json_parse(text: string): Payment[] {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(`not payment records' JSON at character ${at}`);
  };
  const space = () => {
    for (let c = text.charCodeAt(at); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++at));
  };
  const eat = (c: number) => {
    space();
    if (text.charCodeAt(at) !== c) fail();
    at++;
  };
  const str = (): string => {
    eat(34);
    const start = at;
    let c = text.charCodeAt(at);
    while (c !== 34 && c !== 92 && c >= 32) c = text.charCodeAt(++at);
    if (c === 34) return text.slice(start, at++);
    // An escape: the slow path, JSON.parse of the string's own text.
    at = start;
    for (c = text.charCodeAt(at); c !== 34; c = text.charCodeAt(++at)) if (c === 92) at++;
    return JSON.parse(text.slice(start - 1, ++at)) as string;
  };
  const num = (): number => {
    space();
    const start = at;
    for (let c = text.charCodeAt(at); (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69; c = text.charCodeAt(++at));
    const n = Number(text.slice(start, at));
    if (at === start || Number.isNaN(n)) fail();
    return n;
  };
  const bool = (): boolean => {
    space();
    if (text.startsWith('true', at)) {
      at += 4;
      return true;
    }
    if (text.startsWith('false', at)) {
      at += 5;
      return false;
    }
    return fail();
  };
  const out: Payment[] = [];
  eat(91);
  space();
  if (text.charCodeAt(at) === 93) {
    at++;
  } else {
    for (;;) {
      eat(123);
      const p: Payment = { amountCents: 0, method: 'card', crossBorder: false };
      for (;;) {
        const key = str();
        eat(58);
        if (key === 'amountCents') p.amountCents = num();
        else if (key === 'method') p.method = str() as Payment['method'];
        else if (key === 'crossBorder') p.crossBorder = bool();
        else fail();
        space();
        const c = text.charCodeAt(at++);
        if (c === 125) break;
        if (c !== 44) fail();
      }
      out.push(p);
      space();
      const c = text.charCodeAt(at++);
      if (c === 93) break;
      if (c !== 44) fail();
    }
  }
  space();
  if (at !== text.length) fail();
  return out;
}

/** What a JS user calls instead: the engine's own parser. */
export function json_parse_platform(text: string): unknown {
  return JSON.parse(text);
}

/** Payment records' JSON text by string concatenation in plain JS, byte for byte what
 *  `JSON.stringify` writes (the `platform` of this workload); a string is escaped by JSON.stringify. */
export function json_stringify(records: readonly Payment[]): string {
  let out = '[';
  for (let i = 0; i < records.length; i++) {
    const p = records[i]!;
    out += `${i ? ',' : ''}{"amountCents":${p.amountCents},"method":${JSON.stringify(p.method)},"crossBorder":${p.crossBorder}}`;
  }
  return `${out}]`;
}

/** What a JS user calls instead: the engine's own serializer. */
export function json_stringify_platform(records: readonly Payment[]): string {
  return JSON.stringify(records);
}
