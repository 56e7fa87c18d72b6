//! Property tests (proptest): each kernel against a simple oracle written
//! another way (wider integers, a plain loop), and the C ABI against the
//! kernels over random buffers, empty ones, unaligned sub-slices and null
//! pointers. The JS side has its own (fast-check, runners/shared/property.ts).

use crate::{c_abi, kernels};
use proptest::collection::vec;
use proptest::prelude::*;

/// Byte buffers: small ones byte by byte (shrinkable to a minimal case), and
/// large ones up to 256 KiB filled from a seed (xorshift), which is cheap
/// enough in a debug build to run hundreds of times. Every byte value occurs.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => vec(any::<u8>(), 0..64),
        1 => (0..(256usize << 10), any::<u64>()).prop_map(|(len, seed)| seeded(len, seed)),
    ]
}

fn seeded(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

proptest! {
    #[test]
    fn add_i32_is_the_sum_modulo_2_pow_32(a: i32, b: i32) {
        // Truncating the exact i64 sum is two's-complement wrapping.
        prop_assert_eq!(kernels::add_i32(a, b), (i64::from(a) + i64::from(b)) as i32);
    }

    #[test]
    fn add_i64_is_the_sum_modulo_2_pow_64(a: i64, b: i64) {
        prop_assert_eq!(kernels::add_i64(a, b), (i128::from(a) + i128::from(b)) as i64);
    }

    #[test]
    fn add_f64_is_ieee_addition_and_commutes(a: f64, b: f64) {
        let sum = kernels::add_f64(a, b);
        prop_assert_eq!(sum.to_bits(), (a + b).to_bits());
        if !sum.is_nan() {
            prop_assert_eq!(sum.to_bits(), kernels::add_f64(b, a).to_bits());
        }
    }

    #[test]
    fn sum6_f64_adds_left_to_right(xs: [f64; 6]) {
        let expected = xs[1..].iter().fold(xs[0], |s, x| s + x);
        let got = kernels::sum6_f64(xs[0], xs[1], xs[2], xs[3], xs[4], xs[5]);
        prop_assert!(got.to_bits() == expected.to_bits() || (got.is_nan() && expected.is_nan()));
    }

    #[test]
    fn bytes_sum_is_the_sum_modulo_2_pow_32(bytes in bytes()) {
        let wide: u64 = bytes.iter().map(|&b| u64::from(b)).sum();
        prop_assert_eq!(kernels::bytes_sum(&bytes), wide as u32);
    }

    #[test]
    fn bt_bytes_sum_reads_any_sub_slice(bytes in bytes(), cut in any::<(usize, usize)>()) {
        // Any start (unaligned pointers included) and any length, zero among them.
        let start = cut.0 % (bytes.len() + 1);
        let len = cut.1 % (bytes.len() - start + 1);
        let slice = &bytes[start..start + len];
        // SAFETY: the pointer and length describe a live sub-slice.
        let got = unsafe { c_abi::bt_bytes_sum(slice.as_ptr(), slice.len()) };
        prop_assert_eq!(got, kernels::bytes_sum(slice));
    }

    #[test]
    fn bt_bytes_sum_of_null_is_zero_whatever_the_length(len: usize) {
        // SAFETY: a null pointer is never dereferenced.
        prop_assert_eq!(unsafe { c_abi::bt_bytes_sum(std::ptr::null(), len) }, 0);
    }

    #[test]
    fn bt_alloc_gives_writable_memory_that_bt_free_takes_back(bytes in bytes()) {
        let len = bytes.len();
        let ptr = c_abi::bt_alloc(len);
        prop_assert_eq!(ptr.is_null(), len == 0);
        // SAFETY: `ptr` holds `len` bytes from `bt_alloc(len)` (or is null for
        // 0); they are written before being read and freed once, same length.
        unsafe {
            if len > 0 {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, len);
            }
            prop_assert_eq!(c_abi::bt_bytes_sum(ptr, len), kernels::bytes_sum(&bytes));
            c_abi::bt_free(ptr, len);
        }
    }
}
