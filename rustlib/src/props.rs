//! Property tests (proptest): each kernel against a simple oracle written
//! another way (wider integers, a plain loop, trial division), and the C ABI
//! against the kernels over random buffers, empty ones, unaligned sub-slices
//! and null pointers. The JS side has its own (fast-check,
//! runners/shared/property.ts).

use crate::{c_abi, kernels};
use proptest::collection::vec;
use proptest::prelude::*;
use std::ffi::{CStr, CString};
use std::ptr::{null, null_mut, NonNull};

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
        let got = unsafe { c_abi::bt::bytes_sum(slice.as_ptr(), slice.len()) };
        prop_assert_eq!(got, kernels::bytes_sum(slice));
    }

    #[test]
    fn bt_bytes_sum_of_null_is_zero_whatever_the_length(len: usize) {
        // SAFETY: a null pointer is never dereferenced.
        prop_assert_eq!(unsafe { c_abi::bt::bytes_sum(std::ptr::null(), len) }, 0);
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
            prop_assert_eq!(c_abi::bt::bytes_sum(ptr, len), kernels::bytes_sum(&bytes));
            c_abi::bt_free(ptr, len);
        }
    }

    #[test]
    fn fnv1a32_matches_a_u64_oracle(bytes in bytes()) {
        let mut h: u64 = 0x811c_9dc5;
        for &b in &bytes {
            h = ((h ^ u64::from(b)) * 0x0100_0193) & 0xffff_ffff;
        }
        prop_assert_eq!(u64::from(kernels::fnv1a32(&bytes)), h);
    }

    #[test]
    fn fib_matches_an_iterative_oracle(n in 0u32..24) {
        let (mut a, mut b) = (0u32, 1u32);
        for _ in 0..n {
            let next = a.wrapping_add(b);
            a = b;
            b = next;
        }
        prop_assert_eq!(kernels::fib(n), a);
    }

    #[test]
    fn count_primes_matches_trial_division(limit in 0u32..3000) {
        let is_prime = |n: u32| n >= 2 && (2..n).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d));
        prop_assert_eq!(kernels::count_primes(limit), (0..=limit).filter(|&n| is_prime(n)).count() as u32);
    }

    #[test]
    fn str_make_cycles_the_alphabet(n in 0u32..3000) {
        let s = kernels::str_make(n);
        prop_assert_eq!(s.chars().count(), n as usize);
        let alphabet: Vec<char> = kernels::STR_MAKE_ALPHABET.chars().collect();
        prop_assert!(s.chars().enumerate().all(|(i, c)| Some(&c) == alphabet.get(i % alphabet.len())));
    }

    #[test]
    fn sort_f64_orders_and_keeps_every_value(mut values in vec(any::<f64>(), 0..300)) {
        let mut before: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
        // SAFETY: the pointer and length describe a live Vec.
        unsafe { c_abi::bt::sort_f64(values.as_mut_ptr(), values.len()) };
        prop_assert!(values.windows(2).all(|w| w[0].total_cmp(&w[1]).is_le()));
        let mut after: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
        before.sort_unstable();
        after.sort_unstable();
        prop_assert_eq!(before, after);
    }

    #[test]
    fn batch_add_i32_adds_pairs_up_to_the_shortest(
        a in vec(any::<i32>(), 0..100), b in vec(any::<i32>(), 0..100), out_len in 0usize..100,
    ) {
        let mut out = vec![7i32; out_len];
        // SAFETY: each pointer and length describe a live Vec.
        unsafe { c_abi::bt::batch_add_i32(a.as_ptr(), a.len(), b.as_ptr(), b.len(), out.as_mut_ptr(), out.len()) };
        let n = a.len().min(b.len()).min(out_len);
        for (i, &o) in out.iter().enumerate() {
            let expected = if i < n { (i64::from(a[i]) + i64::from(b[i])) as i32 } else { 7 };
            prop_assert_eq!(o, expected);
        }
    }

    #[test]
    fn fin_metrics_writes_its_four_figures_only_to_a_real_out(returns in vec(-0.5f64..0.5, 0..200)) {
        let mut out = [f64::NAN; 4];
        // SAFETY: `returns` is live; `out` has the 4 slots the export writes.
        unsafe { c_abi::bt::fin_metrics(returns.as_ptr(), returns.len(), out.as_mut_ptr()) };
        let expected = kernels::fin_metrics(&returns);
        prop_assert_eq!(out.map(f64::to_bits), expected.map(f64::to_bits));
        prop_assert!(expected[1] >= 0.0 && (0.0..1.0).contains(&expected[3]));
        // SAFETY: a null out-pointer is never written.
        unsafe { c_abi::bt::fin_metrics(returns.as_ptr(), returns.len(), null_mut()) };
    }

    #[test]
    fn str_symbols_round_trip_c_strings(text in "[^\\x00]{0,200}", n in 0u32..500) {
        let c = CString::new(text.clone()).expect("no NUL by construction");
        // SAFETY: `c` is a live NUL-terminated string; `made` comes from
        // bt_str_make, is read while live and freed once.
        unsafe {
            prop_assert_eq!(c_abi::bt::str_hash(c.as_ptr()), kernels::fnv1a32(text.as_bytes()));
            let made = c_abi::bt::str_make(n);
            prop_assert!(!made.is_null());
            let expected = kernels::str_make(n);
            prop_assert_eq!(CStr::from_ptr(made).to_str().ok(), Some(expected.as_str()));
            c_abi::bt_str_free(made);
        }
    }

    #[test]
    fn packed_strings_unpack_and_hash(items in vec(vec(any::<u8>(), 0..20), 0..30)) {
        let bytes: Vec<u8> = items.concat();
        let mut offsets = vec![0u32];
        for item in &items {
            offsets.push(offsets[offsets.len() - 1] + item.len() as u32);
        }
        // SAFETY: both buffers are live and describe `items.len()` strings.
        let out = unsafe { c_abi::bt::hash_strings(bytes.as_ptr(), bytes.len(), offsets.as_ptr(), items.len()) };
        prop_assert!(!out.is_null());
        let expected = kernels::hash_strings(items.iter().map(Vec::as_slice)).join("\n");
        // SAFETY: `out` is a live string from the library, freed once.
        unsafe {
            prop_assert_eq!(CStr::from_ptr(out).to_str().ok(), Some(expected.as_str()));
            c_abi::bt_str_free(out);
        }
    }

    #[test]
    fn packed_strings_with_any_offsets_are_read_or_refused(
        bytes in vec(any::<u8>(), 0..64), offsets in vec(any::<u32>(), 1..10),
    ) {
        // Offsets out of range, or decreasing: refused (null), never read out of bounds.
        let count = offsets.len() - 1;
        // SAFETY: both buffers are live; `offsets` holds `count + 1` entries.
        let out = unsafe { c_abi::bt::hash_strings(bytes.as_ptr(), bytes.len(), offsets.as_ptr(), count) };
        let valid = offsets.windows(2).all(|w| w[0] <= w[1] && w[1] as usize <= bytes.len());
        prop_assert_eq!(!out.is_null(), valid || count == 0);
        // SAFETY: null or a live string from the library, freed once.
        unsafe { c_abi::bt_str_free(out) };
    }

    #[test]
    fn callback_sum_sums_what_the_callback_returns(n in 0u32..2000) {
        extern "C" fn square_ish(i: i32) -> i32 {
            i.wrapping_mul(i).wrapping_sub(3)
        }
        let expected = (0..n as i32).fold(0i32, |s, i| s.wrapping_add(square_ish(i)));
        // SAFETY: the callback is a live C function of the right type.
        prop_assert_eq!(unsafe { c_abi::bt::callback_sum(n, Some(square_ish)) }, expected);
    }

    #[test]
    fn every_pointer_symbol_takes_null_with_any_length_and_any_pointer_with_zero(len in 0usize..(1 << 40)) {
        let empty_hash = kernels::fnv1a32(&[]);
        // A pointer that is not null but points at nothing: valid only with length 0.
        let dangling_u8 = NonNull::<u8>::dangling().as_ptr();
        let dangling_f64 = NonNull::<f64>::dangling().as_ptr();
        let dangling_i32 = NonNull::<i32>::dangling().as_ptr();
        // SAFETY: every call passes either null (never dereferenced) or a
        // dangling pointer with length 0 (never dereferenced either).
        unsafe {
            for (p, n) in [(null(), len), (dangling_u8.cast_const(), 0)] {
                prop_assert_eq!(c_abi::bt::bytes_sum(p, n), 0);
                prop_assert_eq!(c_abi::bt::str_hash_bytes(p, n), empty_hash);
            }
            c_abi::bt::bytes_invert(null_mut(), len);
            c_abi::bt::bytes_invert(dangling_u8, 0);
            for (p, n) in [(null_mut(), len), (dangling_f64, 0)] {
                prop_assert_eq!(c_abi::bt::f64_sum(p, n).to_bits(), 0f64.to_bits());
                c_abi::bt::sort_f64(p, n);
                c_abi::bt::fin_metrics(p, n, null_mut());
            }
            for (p, n) in [(null_mut(), len), (dangling_i32, 0)] {
                c_abi::bt::batch_add_i32(p, n, p, n, p, n);
            }
            prop_assert_eq!(c_abi::bt::str_hash(null()), empty_hash);
            c_abi::bt_str_free(null_mut());
            c_abi::bt_free(null_mut(), len);
            // Null bytes with a length and strings in them: refused, not read.
            let offsets = [0u32, 1];
            prop_assert!(c_abi::bt::hash_strings(null(), len.max(1), offsets.as_ptr(), 1).is_null());
            let none = c_abi::bt::hash_strings(null(), len, null(), 0);
            prop_assert_eq!(CStr::from_ptr(none).to_bytes(), b"");
            c_abi::bt_str_free(none);
        }
        // SAFETY: a null callback is never called.
        prop_assert_eq!(unsafe { c_abi::bt::callback_sum(len as u32, None) }, 0);
    }
}
