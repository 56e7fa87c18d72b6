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

#[cfg(test)]
mod tests {
    use super::*;

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
}
