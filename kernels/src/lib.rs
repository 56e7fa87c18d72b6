//! The one implementation of every workload.
//!
//! Every mechanism (napi, the C ABI loaded through each runtime's FFI, and
//! WebAssembly) calls these same functions, so a difference in the measured
//! times is the cost of the crossing and nothing else. This file is also
//! compiled on its own to wasm32 by Debian's rustc 1.63: it must stay plain
//! safe Rust with no crates and no std API newer than 1.63.
//!
//! Integer workloads wrap on overflow: the JS reference implementations
//! (`| 0`, `BigInt.asIntN(64, …)`) wrap, and a kernel that panicked instead
//! could not be called across `extern "C"` safely.
//!
//! Every binding's wrappers are generated from the declarations in
//! contract/workloads.json through `for_each_workload!` (written by build.rs),
//! so each kernel takes its arguments in one Rust shape per type word: `bytes`
//! `&[u8]`, `str` its UTF-8 `&[u8]`, `strs` an iterator of `&[u8]`, `_mut`
//! arrays `&mut [T]`, `callback` an `FnMut(i32) -> Result<i32, E>` (the
//! kernel then returns a `Result`), `f64x4` `[f64; 4]`; and it is named as
//! its workload.

include!(concat!(env!("OUT_DIR"), "/workloads.rs"));

/// The JSON codec of flat records (`records<shape>`): see json.rs.
pub mod json {
    include!("json.rs");
}

pub fn noop() {}

pub fn add_i32(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

pub fn add_f64(a: f64, b: f64) -> f64 {
    a + b
}

pub fn add_i64(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

/// `+` is left-associative in Rust as in JS, and LLVM does not reassociate
/// float adds without fast-math, so this rounds exactly like the JS
/// reference `a + b + c + d + e + f`.
pub fn sum6_f64(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> f64 {
    a + b + c + d + e + f
}

/// Wrapping rather than widening keeps the answer a u32 that every mechanism
/// (including wasm's i32 results) returns without BigInt.
pub fn bytes_sum(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0u32, |acc, &b| acc.wrapping_add(u32::from(b)))
}

/// Flips every byte in place: the caller sees the change, which proves the
/// kernel worked on the caller's memory (or on a copy that was copied back).
pub fn bytes_invert(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        *b = !*b;
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) of every byte value: the table
/// zlib's `crc32` uses, built at compile time.
const CRC32_TABLE: [u32; 256] = crc32_table();

const fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// CRC-32 of a byte buffer, as zlib's `crc32(0, buf, len)` (and Node's `zlib.crc32`): one
/// table lookup per byte, what a checksum without SIMD or a crate costs.
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, &b| {
        CRC32_TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
    })
}

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// FNV-1a, 32 bits, of a byte string (the UTF-8 of a JS string).
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// `str_hash`: FNV-1a of a JS string's UTF-8.
pub fn str_hash(s: &[u8]) -> u32 {
    fnv1a32(s)
}

/// `str_hash_bytes`: the same hash of text the caller encoded itself.
pub fn str_hash_bytes(bytes: &[u8]) -> u32 {
    fnv1a32(bytes)
}

/// The characters `str_make` cycles through: 1-, 2- and 3-byte UTF-8, all in
/// the Basic Multilingual Plane, so n chars are n UTF-16 code units in JS.
pub const STR_MAKE_ALPHABET: &str = "bridgetax é€жπ✓";

/// A string of `n` chars cycling through `STR_MAKE_ALPHABET`.
pub fn str_make(n: u32) -> String {
    let mut out = String::with_capacity(n as usize * 2);
    out.extend(STR_MAKE_ALPHABET.chars().cycle().take(n as usize));
    out
}

/// Left-to-right sum, rounding exactly like the JS loop `s += a[i]`.
pub fn f64_sum(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |s, &v| s + v)
}

/// Calls `f(i)` for i in 0..n and sums the results, wrapping. Fallible so
/// that a napi callback that threw stops the loop and reports the error.
pub fn callback_sum<E>(n: u32, mut f: impl FnMut(i32) -> Result<i32, E>) -> Result<i32, E> {
    let mut sum = 0i32;
    for i in 0..n {
        sum = sum.wrapping_add(f(i as i32)?);
    }
    Ok(sum)
}

/// `callback_sum`'s loop, run by the binding on a Rust thread of its own:
/// each `f(i)` there is a call through the mechanism's threadsafe-callback
/// API that waits for JS's answer. The thread is the wrapper's (kernels stay
/// thread-free: they are also built for wasm32, which has none, and so never
/// calls this one).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub fn callback_thread<E>(n: u32, f: impl FnMut(i32) -> Result<i32, E>) -> Result<i32, E> {
    callback_sum(n, f)
}

/// A job of known length: `n` rounds of FNV-style mixing, each waiting on the
/// last (about 1 ns a round), so 20 million rounds keep a thread busy for
/// about 20 ms whatever the optimizer does.
pub fn spin(n: u32) -> u32 {
    (0..n).fold(FNV_OFFSET, |h, i| (h ^ i).wrapping_mul(FNV_PRIME))
}

/// The small job run off the JS thread: `spin`, about a microsecond for
/// n = 1000, so the figure is dominated by the hand-off.
pub fn async_job(n: u32) -> u32 {
    spin(n)
}

/// Recursive Fibonacci, the textbook exponential version on purpose: it
/// measures calls and arithmetic, not an algorithm. Wraps past u32.
pub fn fib(n: u32) -> u32 {
    if n < 2 {
        n
    } else {
        fib(n - 1).wrapping_add(fib(n - 2))
    }
}

/// How many primes are <= `limit`, by the sieve of Eratosthenes.
pub fn count_primes(limit: u32) -> u32 {
    let limit = limit as usize;
    if limit < 2 {
        return 0;
    }
    let mut composite = vec![false; limit + 1];
    let mut count = 0u32;
    for i in 2..=limit {
        if composite[i] {
            continue;
        }
        count += 1;
        let mut j = i.saturating_mul(i);
        while j <= limit {
            composite[j] = true;
            j += i;
        }
    }
    count
}

/// Lowercase hex of a u32, zero-padded to 8 digits.
pub fn hex8(h: u32) -> String {
    format!("{:08x}", h)
}

/// The FNV-1a digest of every string, as 8 hex digits each.
pub fn hash_strings<'a>(items: impl Iterator<Item = &'a [u8]>) -> Vec<String> {
    items.map(|s| hex8(fnv1a32(s))).collect()
}

/// Sorts ascending in `f64::total_cmp` order, which equals
/// `Float64Array.prototype.sort` for every value but NaNs with the sign bit
/// set (JS puts every NaN last).
pub fn sort_f64(values: &mut [f64]) {
    values.sort_unstable_by(|a, b| a.total_cmp(b));
}

/// Mean, sample standard deviation, Sharpe ratio (mean over standard
/// deviation, per period, no risk-free rate) and maximum drawdown of the
/// equity curve built by compounding the returns. Zero where undefined
/// (fewer than two points, a flat series).
pub fn fin_metrics(returns: &[f64]) -> [f64; 4] {
    let n = returns.len();
    if n == 0 {
        return [0.0; 4];
    }
    let mean = f64_sum(returns) / n as f64;
    let var = if n > 1 {
        returns
            .iter()
            .fold(0.0, |s, &r| s + (r - mean) * (r - mean))
            / (n - 1) as f64
    } else {
        0.0
    };
    let std = var.sqrt();
    let sharpe = if std > 0.0 { mean / std } else { 0.0 };
    let mut equity = 1.0;
    let mut peak = 1.0;
    let mut max_dd = 0.0;
    for &r in returns {
        equity *= 1.0 + r;
        if equity > peak {
            peak = equity;
        }
        let dd = (peak - equity) / peak;
        if dd > max_dd {
            max_dd = dd;
        }
    }
    [mean, std, sharpe, max_dd]
}

/// `out[i] = a[i] + b[i]` (wrapping) over the common length.
pub fn batch_add_i32(a: &[i32], b: &[i32], out: &mut [i32]) {
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        *o = x.wrapping_add(y);
    }
}

/// The payments plugin's totals over payment records: their count, the amount, the fees
/// (`fee_rule` per record: a method other than card or sepa is charged as a wallet) and the net,
/// in cents. Sums of integers far below 2^53: exact in f64, and the same as JS's.
pub fn payment_fees(payments: &[records::Payment]) -> [f64; 4] {
    let mut amount = 0u64;
    let mut fees = 0u64;
    for p in payments {
        let method = match p.method.as_str() {
            "card" => PayMethod::Card,
            "sepa" => PayMethod::Sepa,
            _ => PayMethod::Wallet,
        };
        amount += u64::from(p.amount_cents);
        fees += u64::from(fee_rule(&Payment {
            amount_cents: p.amount_cents,
            method,
            cross_border: p.cross_border,
        }));
    }
    [
        payments.len() as f64,
        amount as f64,
        fees as f64,
        amount as f64 - fees as f64,
    ]
}

/// `n` payment records, built in Rust: the same records as the JS input maker `payments(n)`.
pub fn make_payments(n: u32) -> Vec<records::Payment> {
    const METHODS: [&str; 3] = ["card", "sepa", "wallet"];
    (0..n)
        .map(|i| records::Payment {
            amount_cents: 1 + i.wrapping_mul(2_654_435_761) % 2_100_000,
            method: METHODS[(i % 3) as usize].to_string(),
            cross_border: i % 7 == 0,
        })
        .collect()
}

/// `fin_metrics` over daily-return records: their returns, in order.
pub fn fin_metrics_records(quotes: &[records::Quote]) -> [f64; 4] {
    let returns: Vec<f64> = quotes.iter().map(|q| q.ret).collect();
    fin_metrics(&returns)
}

/// Payment records from their JSON text (an empty list for text that is not payments' JSON).
pub fn json_parse(text: &[u8]) -> Vec<records::Payment> {
    json::parse_list(text).unwrap_or_default()
}

/// Payment records' JSON text, as `JSON.stringify` writes it.
pub fn json_stringify(payments: &[records::Payment]) -> String {
    json::write_list(payments)
}

// The plugin scenario's kernel is called by the host runner only: the wasm build, which includes
// this file as a module and exports no `fee_rule`, would call it dead code.

/// How a payment of the plugin scenario was made.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayMethod {
    Card,
    Sepa,
    Wallet,
}

/// A payment record of the plugin scenario (a Rust host applying a JS business rule).
#[allow(dead_code)]
#[derive(Clone, Copy, Debug)]
pub struct Payment {
    pub amount_cents: u32,
    pub method: PayMethod,
    pub cross_border: bool,
}

/// The fee rule of the plugin scenario, in cents: a rate per method plus 1.5 % across borders,
/// 30 cents fixed on cards, SEPA capped at 5 EUR, never under 5 cents. Integer maths, so the
/// JS rule (`fee_rule` in reference.ts) gives the same cents exactly.
#[allow(dead_code)]
pub fn fee_rule(p: &Payment) -> u32 {
    let mut bps: u64 = match p.method {
        PayMethod::Card => 290,
        PayMethod::Sepa => 80,
        PayMethod::Wallet => 340,
    };
    if p.cross_border {
        bps += 150;
    }
    let mut fee = u64::from(p.amount_cents) * bps / 10_000;
    if p.method == PayMethod::Card {
        fee += 30;
    }
    if p.method == PayMethod::Sepa && fee > 500 {
        fee = 500;
    }
    // At most 4.3e9 * 440 / 1e4 + 30 < 2^32: the cast never truncates.
    fee.max(5) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_invert_flips_every_byte() {
        let mut b = [0u8, 1, 0x7f, 0xff];
        bytes_invert(&mut b);
        assert_eq!(b, [0xff, 0xfe, 0x80, 0]);
        bytes_invert(&mut []);
    }

    #[test]
    fn crc32_matches_published_vectors() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414f_a339
        );
        assert_eq!(crc32(&[0xff; 4]), 0xffff_ffff);
    }

    #[test]
    fn fnv1a32_matches_published_vectors() {
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn str_make_counts_chars_not_bytes() {
        assert_eq!(str_make(0), "");
        assert_eq!(str_make(3), "bri");
        let s = str_make(40);
        assert_eq!(s.chars().count(), 40);
        assert!(s.len() > 40, "non-ASCII chars take more than one byte");
    }

    #[test]
    fn f64_sum_adds_left_to_right() {
        assert_eq!(f64_sum(&[]), 0.0);
        assert_eq!(f64_sum(&[1e16, 1.0, 1.0]), 1e16);
    }

    #[test]
    fn callback_sum_sums_and_stops_on_error() {
        assert_eq!(callback_sum::<()>(4, |i| Ok(i * 2 + 1)), Ok(16));
        assert_eq!(callback_sum::<()>(0, |_| Ok(1)), Ok(0));
        assert_eq!(
            callback_sum(5, |i| if i == 2 { Err("boom") } else { Ok(1) }),
            Err("boom")
        );
    }

    #[test]
    fn fib_and_primes_match_known_values() {
        assert_eq!(fib(0), 0);
        assert_eq!(fib(1), 1);
        assert_eq!(fib(20), 6765);
        assert_eq!(count_primes(1), 0);
        assert_eq!(count_primes(2), 1);
        assert_eq!(count_primes(100), 25);
        assert_eq!(count_primes(100_000), 9592);
    }

    #[test]
    fn hash_strings_gives_padded_hex() {
        let items: [&[u8]; 2] = [b"", b"a"];
        assert_eq!(
            hash_strings(items.iter().copied()),
            ["811c9dc5", "e40c292c"]
        );
        assert_eq!(hex8(1), "00000001");
    }

    #[test]
    fn sort_f64_orders_like_typed_array_sort() {
        let mut v = [3.0, -0.0, 0.0, -1.5, f64::INFINITY, 2.0];
        sort_f64(&mut v);
        assert_eq!(v, [-1.5, -0.0, 0.0, 2.0, 3.0, f64::INFINITY]);
        assert!(v[1].is_sign_negative());
    }

    #[test]
    fn fin_metrics_of_small_series() {
        assert_eq!(fin_metrics(&[]), [0.0; 4]);
        let [mean, std, sharpe, dd] = fin_metrics(&[0.1, -0.5, 0.2]);
        assert!((mean - (-0.2 / 3.0)).abs() < 1e-15);
        assert!((std - 0.378_593_889_720_018_9).abs() < 1e-12);
        assert!((sharpe - mean / std).abs() < 1e-15);
        // Equity 1.1 -> 0.55 -> 0.66: the worst fall is from 1.1 to 0.55.
        assert!((dd - 0.5).abs() < 1e-15);
    }

    #[test]
    fn batch_add_i32_wraps_over_the_common_length() {
        let mut out = [0; 3];
        batch_add_i32(&[1, i32::MAX, 5], &[2, 1], &mut out);
        assert_eq!(out, [3, i32::MIN, 0]);
    }

    #[test]
    fn noop_returns_unit() {
        assert_eq!(noop(), ());
    }

    #[test]
    fn add_i32_adds_and_wraps() {
        assert_eq!(add_i32(2, 3), 5);
        assert_eq!(add_i32(-7, 3), -4);
        assert_eq!(add_i32(i32::MAX, 1), i32::MIN);
        assert_eq!(add_i32(i32::MIN, -1), i32::MAX);
    }

    #[test]
    fn add_f64_is_ieee_addition() {
        assert_eq!(add_f64(0.1, 0.2), 0.300_000_000_000_000_04);
        assert_eq!(add_f64(1.5, -2.25), -0.75);
        assert!(add_f64(f64::NAN, 1.0).is_nan());
        assert_eq!(add_f64(f64::INFINITY, 1.0), f64::INFINITY);
    }

    #[test]
    fn add_i64_adds_and_wraps() {
        assert_eq!(add_i64(1 << 53, 1), 9_007_199_254_740_993);
        assert_eq!(add_i64(i64::MAX, 1), i64::MIN);
        assert_eq!(add_i64(i64::MIN, -1), i64::MAX);
    }

    #[test]
    fn sum6_f64_adds_left_to_right() {
        assert_eq!(sum6_f64(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), 21.0);
        // Each 1.0 is lost against 1e16 when added one at a time; summed
        // right to left they would survive as 2.0 and give 1e16 + 2.
        assert_eq!(sum6_f64(1e16, 1.0, 1.0, 0.0, 0.0, 0.0), 1e16);
        assert_eq!(sum6_f64(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), 2.1);
    }

    #[test]
    fn bytes_sum_of_empty_is_zero() {
        assert_eq!(bytes_sum(&[]), 0);
    }

    #[test]
    fn bytes_sum_adds_bytes() {
        assert_eq!(bytes_sum(&[1, 2, 3, 250]), 256);
        assert_eq!(bytes_sum(&[0xFF; 1 << 20]), 267_386_880);
    }

    #[test]
    fn bytes_sum_wraps_past_u32_max() {
        // 16_843_010 * 255 = 2^32 + 254.
        assert_eq!(bytes_sum(&vec![0xFF; 16_843_010]), 254);
    }

    #[test]
    fn fee_rule_rates_caps_and_floor() {
        let p = |amount_cents, method, cross_border| Payment {
            amount_cents,
            method,
            cross_border,
        };
        assert_eq!(fee_rule(&p(10_000, PayMethod::Card, false)), 320);
        assert_eq!(fee_rule(&p(10_000, PayMethod::Card, true)), 470);
        assert_eq!(fee_rule(&p(1_000_000, PayMethod::Sepa, false)), 500);
        assert_eq!(fee_rule(&p(100, PayMethod::Wallet, false)), 5);
        assert_eq!(fee_rule(&p(u32::MAX, PayMethod::Wallet, true)), 210_453_397);
    }

    #[test]
    fn records_json_round_trips_and_matches_json_stringify() {
        let payments = make_payments(8);
        let text = json_stringify(&payments);
        assert!(text.starts_with(
            r#"[{"amountCents":1,"method":"card","crossBorder":true},{"amountCents":35762,"method":"sepa","crossBorder":false}"#
        ));
        assert_eq!(json_parse(text.as_bytes()), payments);
        let odd = records::Payment {
            amount_cents: 7,
            method: "a\"b\\c\n\u{1}\u{1f980}é".to_string(),
            cross_border: false,
        };
        let text = json_stringify(std::slice::from_ref(&odd));
        assert_eq!(
            text,
            "[{\"amountCents\":7,\"method\":\"a\\\"b\\\\c\\n\\u0001\u{1f980}é\",\"crossBorder\":false}]"
        );
        assert_eq!(json_parse(text.as_bytes()), vec![odd]);
        // Escapes JSON.stringify does not write, whitespace, and keys in another order.
        let text = br#" [ { "method" : "\u00e9\ud83e\udd80\/" , "crossBorder":true, "amountCents" : 3 } ] "#;
        assert_eq!(
            json_parse(text),
            vec![records::Payment {
                amount_cents: 3,
                method: "é\u{1f980}/".to_string(),
                cross_border: true
            }]
        );
    }

    #[test]
    fn records_json_refuses_what_is_not_flat_records() {
        for bad in [
            &b""[..],
            b"{}",
            b"[1]",
            b"[{\"amountCents\":-1}]",
            b"[{\"amountCents\":1.5}]",
            b"[{\"other\":1}]",
            b"[{\"method\":\"\\ud800\"}]",
            b"[{\"crossBorder\":null}]",
            b"[{}] x",
        ] {
            assert_eq!(
                json::parse_list::<records::Payment>(bad),
                None,
                "{:?}",
                std::str::from_utf8(bad)
            );
        }
        assert_eq!(json_parse(b"[]"), Vec::new());
    }

    #[test]
    fn records_f64_written_as_json_stringify_writes_it() {
        let cases: [(f64, &str); 8] = [
            (0.1, "0.1"),
            (-0.0, "0"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (123456789.25, "123456789.25"),
            (1e-6, "0.000001"),
            (f64::NAN, "null"),
            (5e-324, "5e-324"),
        ];
        for (v, want) in cases {
            let mut out = String::new();
            json::write_f64(&mut out, v);
            assert_eq!(out, want, "{}", v);
        }
        let quotes = [records::Quote {
            day: 2,
            ret: -0.015,
        }];
        let text = json::write_list(&quotes);
        assert_eq!(text, r#"[{"day":2,"ret":-0.015}]"#);
        assert_eq!(
            json::parse_list::<records::Quote>(text.as_bytes()).unwrap(),
            quotes
        );
    }

    #[test]
    fn payment_fees_totals_the_fee_rule() {
        let payments = make_payments(3);
        let fees: u32 = payments
            .iter()
            .map(|p| {
                fee_rule(&Payment {
                    amount_cents: p.amount_cents,
                    method: match p.method.as_str() {
                        "card" => PayMethod::Card,
                        "sepa" => PayMethod::Sepa,
                        _ => PayMethod::Wallet,
                    },
                    cross_border: p.cross_border,
                })
            })
            .sum();
        let amount: u32 = payments.iter().map(|p| p.amount_cents).sum();
        assert_eq!(
            payment_fees(&payments),
            [
                3.0,
                f64::from(amount),
                f64::from(fees),
                f64::from(amount) - f64::from(fees)
            ]
        );
    }
}
