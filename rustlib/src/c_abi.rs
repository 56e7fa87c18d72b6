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
use std::ffi::{CStr, CString};
use std::os::raw::c_char;

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

/// A read-only slice from a C pointer and element count; empty for null or 0.
///
/// # Safety
///
/// Unless null, `ptr` must point to `len` initialised, aligned `T`s that
/// nothing writes during the borrow.
unsafe fn slice<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    if ptr.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: non-null, and the caller guarantees `len` readable aligned Ts.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// A mutable slice from a C pointer and element count; empty for null or 0.
///
/// # Safety
///
/// Unless null, `ptr` must point to `len` initialised, aligned `T`s that
/// nothing else reads or writes during the borrow.
unsafe fn slice_mut<'a, T>(ptr: *mut T, len: usize) -> &'a mut [T] {
    if ptr.is_null() || len == 0 {
        return &mut [];
    }
    // SAFETY: non-null, and the caller guarantees exclusive access to `len` Ts.
    unsafe { std::slice::from_raw_parts_mut(ptr, len) }
}

/// A string handed to the caller, who must give it back to `bt_str_free`.
/// Null if the text holds a NUL (no kernel produces one).
fn owned_c_string(text: String) -> *mut c_char {
    CString::new(text).map_or(std::ptr::null_mut(), CString::into_raw)
}

/// Packed strings, the C shape of a JS `string[]`: `count` strings whose
/// UTF-8 is `bytes[offsets[i]..offsets[i + 1]]`. `None` if an offset is out
/// of order or out of range, so a bad packing is refused instead of read.
///
/// # Safety
///
/// As `slice` for (`bytes`, `len`) and for (`offsets`, `count + 1`).
unsafe fn unpack<'a>(
    bytes: *const u8,
    len: usize,
    offsets: *const u32,
    count: usize,
) -> Option<Vec<&'a [u8]>> {
    if count == 0 {
        return Some(Vec::new());
    }
    // SAFETY: forwarded from the caller.
    let (bytes, offsets) = unsafe { (slice(bytes, len), slice(offsets, count.checked_add(1)?)) };
    offsets
        .windows(2)
        .map(|w| match *w {
            [start, end] => bytes.get(start as usize..end as usize),
            _ => None,
        })
        .collect()
}

/// `digest` of each packed string, joined by `\n` into a string the caller
/// frees with `bt_str_free`; null for a bad packing.
///
/// # Safety
///
/// As `unpack`.
unsafe fn digests(
    bytes: *const u8,
    len: usize,
    offsets: *const u32,
    count: usize,
    digest: impl FnOnce(Vec<&[u8]>) -> Vec<String>,
) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    match unsafe { unpack(bytes, len, offsets, count) } {
        Some(items) => owned_c_string(digest(items).join("\n")),
        None => std::ptr::null_mut(),
    }
}

/// Flips every byte of the caller's buffer in place.
///
/// # Safety
///
/// Unless null, `ptr` must point to `len` writable bytes no one else uses
/// during the call.
#[no_mangle]
pub unsafe extern "C" fn bt_bytes_invert(ptr: *mut u8, len: usize) {
    // SAFETY: forwarded from the caller.
    kernels::bytes_invert(unsafe { slice_mut(ptr, len) })
}

/// FNV-1a of a NUL-terminated UTF-8 string (how FFIs pass a JS string).
/// A null `s` hashes as the empty string.
///
/// # Safety
///
/// Unless null, `s` must point to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn bt_str_hash(s: *const c_char) -> u32 {
    if s.is_null() {
        return kernels::fnv1a32(&[]);
    }
    // SAFETY: non-null and NUL-terminated, as the caller guarantees.
    kernels::fnv1a32(unsafe { CStr::from_ptr(s) }.to_bytes())
}

/// FNV-1a of pre-encoded UTF-8 bytes.
///
/// # Safety
///
/// As `bt_bytes_sum`.
#[no_mangle]
pub unsafe extern "C" fn bt_str_hash_bytes(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: forwarded from the caller.
    kernels::fnv1a32(unsafe { slice(ptr, len) })
}

/// A new NUL-terminated UTF-8 string of `n` chars; free it with `bt_str_free`.
#[no_mangle]
pub extern "C" fn bt_str_make(n: u32) -> *mut c_char {
    owned_c_string(kernels::str_make(n))
}

/// Frees a string this library returned. Null is ignored.
///
/// # Safety
///
/// Unless null, `s` must come from this library (`bt_str_make`,
/// `bt_hash_strings`, …) and not have been freed already.
#[no_mangle]
pub unsafe extern "C" fn bt_str_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from `CString::into_raw` and is still owned.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// Sum of `len` doubles.
///
/// # Safety
///
/// Unless null, `ptr` must point to `len` readable doubles.
#[no_mangle]
pub unsafe extern "C" fn bt_f64_sum(ptr: *const f64, len: usize) -> f64 {
    // SAFETY: forwarded from the caller.
    kernels::f64_sum(unsafe { slice(ptr, len) })
}

/// Calls `cb(i)` for i in 0..n and returns the wrapping sum; 0 when `cb`
/// is null (`Option<fn>` is the nullable C function pointer).
#[no_mangle]
pub extern "C" fn bt_callback_sum(n: u32, cb: Option<extern "C" fn(i32) -> i32>) -> i32 {
    match cb {
        Some(cb) => kernels::callback_sum::<()>(n, |i| Ok(cb(i))).unwrap_or(0),
        None => 0,
    }
}

#[no_mangle]
pub extern "C" fn bt_async_job(n: u32) -> u32 {
    kernels::async_job(n)
}

#[no_mangle]
pub extern "C" fn bt_fib(n: u32) -> u32 {
    kernels::fib(n)
}

#[no_mangle]
pub extern "C" fn bt_count_primes(limit: u32) -> u32 {
    kernels::count_primes(limit)
}

/// FNV-1a hex digests of packed strings (see `unpack`), joined by `\n`, as a
/// string to free with `bt_str_free`. Null for a bad packing.
///
/// # Safety
///
/// As `unpack`.
#[no_mangle]
pub unsafe extern "C" fn bt_hash_strings(
    bytes: *const u8,
    len: usize,
    offsets: *const u32,
    count: usize,
) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe {
        digests(bytes, len, offsets, count, |items| {
            kernels::hash_strings(items.into_iter())
        })
    }
}

/// SHA-256 hex digests of packed strings, joined by `\n`; native only (the
/// digest comes from the `sha2` crate, which the crate-free wasm build lacks).
///
/// # Safety
///
/// As `unpack`.
#[cfg(not(target_arch = "wasm32"))]
#[no_mangle]
pub unsafe extern "C" fn bt_sha256_strings(
    bytes: *const u8,
    len: usize,
    offsets: *const u32,
    count: usize,
) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe {
        digests(bytes, len, offsets, count, |items| {
            crate::digest::sha256_hex(items.into_iter())
        })
    }
}

/// Sorts `len` doubles in place.
///
/// # Safety
///
/// Unless null, `ptr` must point to `len` doubles no one else uses during
/// the call.
#[no_mangle]
pub unsafe extern "C" fn bt_sort_f64(ptr: *mut f64, len: usize) {
    // SAFETY: forwarded from the caller.
    kernels::sort_f64(unsafe { slice_mut(ptr, len) })
}

/// Writes mean, standard deviation, Sharpe ratio and maximum drawdown of the
/// `len` returns to `out[0..4]`; does nothing if `out` is null.
///
/// # Safety
///
/// As `bt_f64_sum` for (`ptr`, `len`); unless null, `out` must point to 4
/// writable doubles.
#[no_mangle]
pub unsafe extern "C" fn bt_fin_metrics(ptr: *const f64, len: usize, out: *mut f64) {
    // SAFETY: forwarded from the caller.
    let (returns, out) = unsafe { (slice(ptr, len), slice_mut(out, 4)) };
    if out.len() == 4 {
        out.copy_from_slice(&kernels::fin_metrics(returns));
    }
}

/// `out[i] = a[i] + b[i]` over the shortest of the three lengths.
///
/// # Safety
///
/// As `bt_f64_sum` for `a` and `b`, as `bt_sort_f64` for `out`.
#[no_mangle]
pub unsafe extern "C" fn bt_batch_add_i32(
    a: *const i32,
    a_len: usize,
    b: *const i32,
    b_len: usize,
    out: *mut i32,
    out_len: usize,
) {
    // SAFETY: forwarded from the caller.
    let (a, b, out) = unsafe { (slice(a, a_len), slice(b, b_len), slice_mut(out, out_len)) };
    kernels::batch_add_i32(a, b, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_symbols_treat_null_and_empty_as_empty() {
        // SAFETY: null and zero-length inputs are never dereferenced.
        unsafe {
            bt_bytes_invert(std::ptr::null_mut(), 8);
            assert_eq!(bt_str_hash(std::ptr::null()), 0x811c_9dc5);
            assert_eq!(bt_str_hash_bytes(std::ptr::null(), 3), 0x811c_9dc5);
            assert_eq!(bt_f64_sum(std::ptr::null(), 9), 0.0);
            bt_sort_f64(std::ptr::null_mut(), 2);
            bt_fin_metrics(std::ptr::null(), 0, std::ptr::null_mut());
            bt_batch_add_i32(
                std::ptr::null(),
                1,
                std::ptr::null(),
                1,
                std::ptr::null_mut(),
                1,
            );
            bt_str_free(std::ptr::null_mut());
            let empty = bt_hash_strings(std::ptr::null(), 0, std::ptr::null(), 0);
            assert_eq!(CStr::from_ptr(empty).to_bytes(), b"");
            bt_str_free(empty);
        }
        assert_eq!(bt_callback_sum(10, None), 0);
    }

    #[test]
    fn strings_cross_as_c_strings() {
        let s = CString::new("héllo").unwrap();
        // SAFETY: `s` is a live NUL-terminated string; `made` is freed once.
        unsafe {
            assert_eq!(
                bt_str_hash(s.as_ptr()),
                kernels::fnv1a32("héllo".as_bytes())
            );
            let made = bt_str_make(12);
            assert_eq!(
                CStr::from_ptr(made).to_str().unwrap(),
                kernels::str_make(12)
            );
            bt_str_free(made);
        }
    }

    #[test]
    fn packed_strings_are_unpacked_or_refused() {
        let bytes = b"abc";
        let good = [0u32, 1, 3];
        let bad = [0u32, 4, 3];
        // SAFETY: pointers and lengths describe live arrays; results freed once.
        unsafe {
            let out = bt_hash_strings(bytes.as_ptr(), 3, good.as_ptr(), 2);
            let expected = format!(
                "{}\n{}",
                kernels::hex8(kernels::fnv1a32(b"a")),
                kernels::hex8(kernels::fnv1a32(b"bc"))
            );
            assert_eq!(CStr::from_ptr(out).to_str().unwrap(), expected);
            bt_str_free(out);
            assert!(bt_hash_strings(bytes.as_ptr(), 3, bad.as_ptr(), 2).is_null());
        }
    }

    extern "C" fn twice_plus_one(i: i32) -> i32 {
        i * 2 + 1
    }

    #[test]
    fn callback_sum_calls_the_c_function() {
        assert_eq!(bt_callback_sum(1000, Some(twice_plus_one)), 1_000_000);
    }

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
