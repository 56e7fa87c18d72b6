//! The C ABI: `bt_<workload>` symbols over the shared kernels.
//!
//! The same file is compiled into the native cdylib (dlopened by koffi,
//! `node:ffi`, `bun:ffi` and `Deno.dlopen`) and into the wasm module, whose
//! exports are these same functions in linear memory; hence kernels are
//! reached as `crate::kernels`, which exists in both crate roots, and only
//! Rust 1.63 std is used.
//!
//! Panics: unwinding out of an `extern "C"` function is undefined behaviour
//! on the older compilers this file must build with, so nothing here can
//! panic. The kernels only use wrapping integer and IEEE float arithmetic,
//! pointer arguments are checked before they become slices, and allocation
//! goes through `std::alloc` whose failures are reported as null instead of
//! the panicking `Vec`/`Layout` helpers.

use crate::kernels;
use std::alloc::{self, Layout};

#[no_mangle]
pub extern "C" fn bt_noop() {
    kernels::noop()
}

#[no_mangle]
pub extern "C" fn bt_add_i32(a: i32, b: i32) -> i32 {
    kernels::add_i32(a, b)
}

#[no_mangle]
pub extern "C" fn bt_add_f64(a: f64, b: f64) -> f64 {
    kernels::add_f64(a, b)
}

#[no_mangle]
pub extern "C" fn bt_add_i64(a: i64, b: i64) -> i64 {
    kernels::add_i64(a, b)
}

#[no_mangle]
pub extern "C" fn bt_sum6_f64(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> f64 {
    kernels::sum6_f64(a, b, c, d, e, f)
}

/// Returns 0 for a null `ptr` or a zero `len` rather than building a slice,
/// because FFI callers legitimately pass `NULL, 0` for an empty buffer and a
/// slice from a null pointer is undefined behaviour even when empty.
///
/// # Safety
///
/// Unless null, `ptr` must point to `len` readable bytes that nothing writes
/// during the call.
#[no_mangle]
pub unsafe extern "C" fn bt_bytes_sum(ptr: *const u8, len: usize) -> u32 {
    if ptr.is_null() || len == 0 {
        return 0;
    }
    // SAFETY: `ptr` is non-null and the caller guarantees `len` readable,
    // unaliased-for-writes bytes behind it; u8 has no alignment requirement.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    kernels::bytes_sum(bytes)
}

/// Byte-aligned layout for `len` bytes, or `None` when `len` is zero (a
/// zero-sized allocation is not allowed) or too large for a `Layout`.
fn byte_layout(len: usize) -> Option<Layout> {
    if len == 0 {
        return None;
    }
    Layout::from_size_align(len, 1).ok()
}

/// Allocates `len` uninitialised bytes, for callers (the wasm mechanism) that
/// must place input in memory this library owns before calling a kernel.
///
/// Returns null when `len` is 0, so an empty input needs no allocation and
/// pairs with `bt_bytes_sum(NULL, 0)`; also null when the allocation fails.
#[no_mangle]
pub extern "C" fn bt_alloc(len: usize) -> *mut u8 {
    match byte_layout(len) {
        // SAFETY: the layout has a non-zero size, as `alloc` requires.
        Some(layout) => unsafe { alloc::alloc(layout) },
        None => std::ptr::null_mut(),
    }
}

/// Releases a buffer from `bt_alloc`. A null `ptr` (including what
/// `bt_alloc(0)` returned) is ignored.
///
/// # Safety
///
/// Unless null, `ptr` must come from `bt_alloc(len)` with this same `len` and
/// must not have been freed already.
#[no_mangle]
pub unsafe extern "C" fn bt_free(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    if let Some(layout) = byte_layout(len) {
        // SAFETY: the caller guarantees `ptr` came from `bt_alloc(len)`,
        // which allocated it with exactly this layout, and is still live.
        unsafe { alloc::dealloc(ptr, layout) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_symbols_call_the_kernels() {
        bt_noop();
        assert_eq!(bt_add_i32(i32::MAX, 1), i32::MIN);
        assert_eq!(bt_add_f64(0.1, 0.2), 0.300_000_000_000_000_04);
        assert_eq!(bt_add_i64(i64::MIN, -1), i64::MAX);
        assert_eq!(bt_sum6_f64(1e16, 1.0, 1.0, 0.0, 0.0, 0.0), 1e16);
    }

    #[test]
    fn bytes_sum_treats_null_or_empty_as_zero() {
        let bytes = [9u8; 4];
        // SAFETY: null and zero-length inputs are never dereferenced.
        unsafe {
            assert_eq!(bt_bytes_sum(std::ptr::null(), 4), 0);
            assert_eq!(bt_bytes_sum(bytes.as_ptr(), 0), 0);
        }
    }

    #[test]
    fn bytes_sum_reads_the_buffer() {
        let bytes = vec![0xFFu8; 1 << 20];
        // SAFETY: the pointer and length describe a live Vec.
        assert_eq!(
            unsafe { bt_bytes_sum(bytes.as_ptr(), bytes.len()) },
            267_386_880
        );
    }

    #[test]
    fn alloc_round_trips_through_bytes_sum_and_free() {
        let len = 1000;
        let ptr = bt_alloc(len);
        assert!(!ptr.is_null());
        // SAFETY: `ptr` holds `len` bytes from `bt_alloc(len)`; it is
        // initialised before being read and freed once with the same length.
        unsafe {
            std::ptr::write_bytes(ptr, 3, len);
            assert_eq!(bt_bytes_sum(ptr, len), 3000);
            bt_free(ptr, len);
        }
    }

    #[test]
    fn alloc_of_zero_is_null_and_free_of_null_is_a_no_op() {
        assert!(bt_alloc(0).is_null());
        assert!(bt_alloc(usize::MAX).is_null());
        // SAFETY: null pointers are ignored by `bt_free`.
        unsafe {
            bt_free(std::ptr::null_mut(), 0);
            bt_free(std::ptr::null_mut(), 16);
        }
    }
}
