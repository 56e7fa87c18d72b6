//! The C ABI: `bt_<workload>` symbols over the shared kernels, generated from
//! the declarations (contract/workloads.json, through `for_each_workload!`) by
//! `c_exports!` below: one rule per type word, none per workload.
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

/// A NUL-terminated string's bytes (how C FFIs pass a JS string); empty for null.
///
/// # Safety
///
/// Unless null, `s` must point to a NUL-terminated string alive during the borrow.
unsafe fn c_str<'a>(s: *const c_char) -> &'a [u8] {
    if s.is_null() {
        return &[];
    }
    // SAFETY: non-null and NUL-terminated, as the caller guarantees.
    unsafe { CStr::from_ptr(s) }.to_bytes()
}

/// Writes a kernel's four figures to a C `double[4]`; nothing for a null `out`.
///
/// # Safety
///
/// Unless null, `out` must point to 4 writable doubles.
unsafe fn write_f64x4(out: *mut f64, figures: [f64; 4]) {
    // SAFETY: forwarded from the caller.
    let out = unsafe { slice_mut(out, 4) };
    if out.len() == 4 {
        out.copy_from_slice(&figures);
    }
}

/// What an export returns when an argument cannot be used (a null callback, a bad string
/// packing): zero, nothing, or a null string.
pub trait Fallback {
    fn fallback() -> Self;
}

impl Fallback for () {
    fn fallback() -> Self {}
}

macro_rules! zero_fallback {
    ($($t:ty = $zero:expr),*) => {
        $(impl Fallback for $t {
            fn fallback() -> Self {
                $zero
            }
        })*
    };
}
zero_fallback!(i32 = 0, u32 = 0, i64 = 0, f64 = 0.0, *mut c_char = std::ptr::null_mut());

/// The C ABI family: one `bt_<id>` per declared workload (`for_each_workload!`), each type
/// word lowered as contract/types.ts `cLowering` says. `@munch` builds the parameter list
/// (a macro cannot stand in a parameter list), then `@emit` writes the function.
macro_rules! c_exports {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        $(c_exports!(@munch {$id $sym $home $mode $ret $out [$($ty [$a $b $c $d])*]} []
            $($ty [$a $b $c $d])*);)*
    };
    (@munch $h:tt [$($p:tt)*] i32 [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: i32,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] u32 [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: u32,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] i64 [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: i64,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] f64 [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: f64,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] bytes [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *const u8, $b: usize,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] bytes_mut [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *mut u8, $b: usize,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] f64s [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *const f64, $b: usize,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] f64s_mut [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *mut f64, $b: usize,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] i32s [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *const i32, $b: usize,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] i32s_mut [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *mut i32, $b: usize,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] str [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *const c_char,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] strs [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *const u8, $b: usize, $c: *const u32, $d: usize,] $($r)*);
    };
    // Records cross as their JSON text (contract/types.ts `cOf`).
    (@munch $h:tt [$($p:tt)*] records [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: *const c_char,] $($r)*);
    };
    // `Option<fn>` is the nullable C function pointer.
    (@munch $h:tt [$($p:tt)*] callback [$a:ident $b:ident $c:ident $d:ident] $($r:tt)*) => {
        c_exports!(@munch $h [$($p)* $a: Option<extern "C" fn(i32) -> i32>,] $($r)*);
    };
    // An `f64x4` result is written to a trailing `double[4]`.
    (@munch {$id:ident $sym:literal $home:ident $mode:ident f64x4 $out:ident $args:tt} [$($p:tt)*]) => {
        c_exports!(@emit {$id $sym $home $mode f64x4 $out $args} [$($p)* $out: *mut f64]);
    };
    // A `thread` result is handed to a trailing `done` callback, from the thread that computed it.
    (@munch {$id:ident $sym:literal $home:ident thread $ret:ident $out:ident $args:tt} [$($p:tt)*]) => {
        c_exports!(@emit {$id $sym $home thread $ret $out $args} [$($p)* $out: Option<extern "C" fn(i32) -> i32>]);
    };
    (@munch $h:tt [$($p:tt)*]) => {
        c_exports!(@emit $h [$($p)*]);
    };
    // A kernel that needs a crate exists in the native build only.
    (@emit {$id:ident $sym:literal native $($rest:tt)*} $p:tt) => {
        #[cfg(not(target_arch = "wasm32"))]
        c_exports!(@fn {$id $sym native $($rest)*} $p);
    };
    // So does one run on a thread of its own: wasm32-unknown-unknown has no threads.
    (@emit {$id:ident $sym:literal $home:ident thread $($rest:tt)*} $p:tt) => {
        #[cfg(not(target_arch = "wasm32"))]
        c_exports!(@thread {$id $sym $home thread $($rest)*} $p);
    };
    (@emit $h:tt $p:tt) => {
        c_exports!(@fn $h $p);
    };
    (@thread $h:tt $p:tt) => {
        c_thread_export!($h $p);
    };
    (@fn {$id:ident $sym:literal $home:ident $mode:ident $ret:ident $out:ident
        [$($ty:ident [$a:ident $b:ident $c:ident $d:ident])*]} [$($p:tt)*]) => {
        #[doc = concat!("`", $sym, "`: the `", stringify!($id), "` kernel over the C ABI (contract/workloads.json).")]
        ///
        /// # Safety
        ///
        /// Each pointer is null (read as empty; a null callback gives the zero result) or
        /// points to what its type word says (contract/types.ts): a live array of the given
        /// element count, written only by this call when it is a `_mut` one and aliasing no
        /// other argument; a NUL-terminated string; packed strings; a `double[4]`.
        #[export_name = $sym]
        pub unsafe extern "C" fn $id($($p)*) -> c_ret!(@type $ret) {
            $(c_arg!($ty $a $b $c $d);)*
            c_ret!($ret c_call!($home $mode $id ($(c_pass!($ty $a)),*)), $out)
        }
    };
}

// `thread`: the export starts a Rust thread and returns at once. The thread calls the kernel,
// whose every `cb(i)` is a plain C call made from that thread: what it costs to reach JS from
// there, and whether the caller waits for JS's answer, is the FFI's own threadsafe-callback
// machinery (Deno's `UnsafeCallback.threadSafe` and koffi's registered callbacks queue the call
// to the JS thread and block until it answered). The answer goes to `done`, called once, from
// the same thread: a C function cannot return a value it does not have yet. A thread that cannot
// be spawned runs the job on the calling thread instead (no panic may cross `extern "C"`), so
// `done` is then called before the export returns. (Unused in the wasm build, which has none.)
#[cfg_attr(target_arch = "wasm32", allow(unused_macros))]
macro_rules! c_thread_export {
    ({$id:ident $sym:literal $home:ident $mode:ident $ret:ident $out:ident
        [$($ty:ident [$a:ident $b:ident $c:ident $d:ident])*]} [$($p:tt)*]) => {
        #[doc = concat!("`", $sym, "`: the `", stringify!($id), "` kernel on a thread of its own, over the C ABI (contract/workloads.json).")]
        ///
        /// # Safety
        ///
        /// Each function pointer is null (nothing is called: the export returns at once) or a
        /// C function of the callback type that may be called from another thread until `done`
        /// has been called.
        #[export_name = $sym]
        pub unsafe extern "C" fn $id($($p)*) {
            $(c_arg!($ty $a $b $c $d);)*
            let done = match $out {
                Some(f) => f,
                None => return,
            };
            // Function pointers and numbers only: the closure is `Copy`, so the calling thread
            // still has it when the spawn fails.
            let job = move || {
                done(c_call!(kernels fallible $id ($(c_pass!($ty $a)),*)));
            };
            if std::thread::Builder::new().spawn(job).is_err() {
                job();
            }
        }
    };
}

/// An argument's C parameters as what the kernel takes (a statement: scalars stay as they
/// are). A null callback or a bad packing returns the zero result at once.
macro_rules! c_arg {
    (bytes $a:ident $b:ident $c:ident $d:ident) => {
        // SAFETY: the caller's contract (see the export's `# Safety`).
        let $a = unsafe { slice($a, $b) };
    };
    (f64s $a:ident $b:ident $c:ident $d:ident) => {
        c_arg!(bytes $a $b $c $d);
    };
    (i32s $a:ident $b:ident $c:ident $d:ident) => {
        c_arg!(bytes $a $b $c $d);
    };
    (bytes_mut $a:ident $b:ident $c:ident $d:ident) => {
        // SAFETY: the caller's contract (see the export's `# Safety`).
        let $a = unsafe { slice_mut($a, $b) };
    };
    (f64s_mut $a:ident $b:ident $c:ident $d:ident) => {
        c_arg!(bytes_mut $a $b $c $d);
    };
    (i32s_mut $a:ident $b:ident $c:ident $d:ident) => {
        c_arg!(bytes_mut $a $b $c $d);
    };
    (str $a:ident $b:ident $c:ident $d:ident) => {
        // SAFETY: the caller's contract (see the export's `# Safety`).
        let $a = unsafe { c_str($a) };
    };
    (strs $a:ident $b:ident $c:ident $d:ident) => {
        // SAFETY: the caller's contract (see the export's `# Safety`).
        let $a = match unsafe { unpack($a, $b, $c, $d) } {
            Some(items) => items,
            None => return Fallback::fallback(),
        };
    };
    (callback $a:ident $b:ident $c:ident $d:ident) => {
        let $a = match $a {
            Some(f) => f,
            None => return Fallback::fallback(),
        };
    };
    // JSON text that is not an array of `$d` records gives the zero result.
    (records $a:ident $b:ident $c:ident $d:ident) => {
        // SAFETY: the caller's contract (see the export's `# Safety`).
        let $a = match kernels::json::parse_list::<kernels::records::$d>(unsafe { c_str($a) }) {
            Some(items) => items,
            None => return Fallback::fallback(),
        };
    };
    ($scalar:ident $a:ident $b:ident $c:ident $d:ident) => {};
}

/// What the kernel is passed for an argument already converted by `c_arg!`.
macro_rules! c_pass {
    (strs $a:ident) => {
        $a.iter().copied()
    };
    (callback $a:ident) => {
        |i| Ok::<i32, std::convert::Infallible>($a(i))
    };
    (records $a:ident) => {
        &$a
    };
    ($other:ident $a:ident) => {
        $a
    };
}

/// The kernel call: `native` kernels are rustlib's digest.rs; a `fallible` one cannot fail
/// here (a C function pointer cannot throw); a `task` runs on the caller's thread.
macro_rules! c_call {
    (kernels fallible $id:ident ($($arg:expr),*)) => {
        match kernels::$id($($arg),*) {
            Ok(v) => v,
            Err(never) => match never {},
        }
    };
    (kernels $mode:ident $id:ident ($($arg:expr),*)) => {
        kernels::$id($($arg),*)
    };
    (native $mode:ident $id:ident ($($arg:expr),*)) => {
        crate::digest::$id($($arg),*)
    };
}

/// A result type word's C type, and the kernel's result lowered to it.
macro_rules! c_ret {
    (@type void) => { () };
    (@type str) => { *mut c_char };
    (@type strs) => { *mut c_char };
    (@type records) => { *mut c_char };
    (@type f64x4) => { () };
    (@type $scalar:ident) => { $scalar };
    (str $r:expr, $out:ident) => {
        owned_c_string($r)
    };
    (records $r:expr, $out:ident) => {
        owned_c_string(kernels::json::write_list(&$r))
    };
    // Entries never hold a newline (contract/types.ts `retTypes`).
    (strs $r:expr, $out:ident) => {
        owned_c_string($r.join("\n"))
    };
    (f64x4 $r:expr, $out:ident) => {{
        let figures = $r;
        // SAFETY: the caller's contract (see the export's `# Safety`).
        unsafe { write_f64x4($out, figures) }
    }};
    ($other:ident $r:expr, $out:ident) => {
        $r
    };
}

/// Every workload's `bt_<id>`, named `<id>` in Rust (`c_abi::bt::add_i32` is `bt_add_i32`).
pub mod bt {
    use super::*;
    for_each_workload!(c_exports);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_symbols_treat_null_and_empty_as_empty() {
        // SAFETY: null and zero-length inputs are never dereferenced.
        unsafe {
            bt::bytes_invert(std::ptr::null_mut(), 8);
            assert_eq!(bt::str_hash(std::ptr::null()), 0x811c_9dc5);
            assert_eq!(bt::str_hash_bytes(std::ptr::null(), 3), 0x811c_9dc5);
            assert_eq!(bt::f64_sum(std::ptr::null(), 9), 0.0);
            bt::sort_f64(std::ptr::null_mut(), 2);
            bt::fin_metrics(std::ptr::null(), 0, std::ptr::null_mut());
            bt::batch_add_i32(
                std::ptr::null(),
                1,
                std::ptr::null(),
                1,
                std::ptr::null_mut(),
                1,
            );
            bt_str_free(std::ptr::null_mut());
            let empty = bt::hash_strings(std::ptr::null(), 0, std::ptr::null(), 0);
            assert_eq!(CStr::from_ptr(empty).to_bytes(), b"");
            bt_str_free(empty);
        }
        // SAFETY: a null callback is never called.
        assert_eq!(unsafe { bt::callback_sum(10, None) }, 0);
    }

    #[test]
    fn strings_cross_as_c_strings() {
        let s = CString::new("héllo").unwrap();
        // SAFETY: `s` is a live NUL-terminated string; `made` is freed once.
        unsafe {
            assert_eq!(
                bt::str_hash(s.as_ptr()),
                kernels::fnv1a32("héllo".as_bytes())
            );
            let made = bt::str_make(12);
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
            let out = bt::hash_strings(bytes.as_ptr(), 3, good.as_ptr(), 2);
            let expected = format!(
                "{}\n{}",
                kernels::hex8(kernels::fnv1a32(b"a")),
                kernels::hex8(kernels::fnv1a32(b"bc"))
            );
            assert_eq!(CStr::from_ptr(out).to_str().unwrap(), expected);
            bt_str_free(out);
            assert!(bt::hash_strings(bytes.as_ptr(), 3, bad.as_ptr(), 2).is_null());
        }
    }

    extern "C" fn twice_plus_one(i: i32) -> i32 {
        i * 2 + 1
    }

    #[test]
    fn callback_sum_calls_the_c_function() {
        // SAFETY: the callback is a live C function of the right type.
        assert_eq!(
            unsafe { bt::callback_sum(1000, Some(twice_plus_one)) },
            1_000_000
        );
    }

    static THREAD_SUM: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(-1);
    static OFF_THREAD: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    std::thread_local!(static TEST_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });

    extern "C" fn counted(i: i32) -> i32 {
        if !TEST_THREAD.with(|t| t.get()) {
            OFF_THREAD.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        twice_plus_one(i)
    }

    extern "C" fn record_sum(sum: i32) -> i32 {
        THREAD_SUM.store(i64::from(sum), std::sync::atomic::Ordering::SeqCst);
        0
    }

    #[test]
    fn callback_thread_calls_back_from_its_own_thread_then_done() {
        use std::sync::atomic::Ordering::SeqCst;
        TEST_THREAD.with(|t| t.set(true));
        // SAFETY: null callbacks are never called.
        unsafe { bt::callback_thread(10, None, Some(record_sum)) };
        // SAFETY: both are C functions of the callback type, callable from any thread.
        unsafe { bt::callback_thread(1000, Some(counted), Some(record_sum)) };
        let t0 = std::time::Instant::now();
        while THREAD_SUM.load(SeqCst) == -1 && t0.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(THREAD_SUM.load(SeqCst), 1_000_000);
        assert_eq!(OFF_THREAD.load(SeqCst), 1000);
    }

    #[test]
    fn scalar_symbols_call_the_kernels() {
        // SAFETY: scalar arguments only.
        unsafe {
            bt::noop();
            assert_eq!(bt::add_i32(i32::MAX, 1), i32::MIN);
            assert_eq!(bt::add_f64(0.1, 0.2), 0.300_000_000_000_000_04);
            assert_eq!(bt::add_i64(i64::MIN, -1), i64::MAX);
            assert_eq!(bt::sum6_f64(1e16, 1.0, 1.0, 0.0, 0.0, 0.0), 1e16);
        }
    }

    #[test]
    fn bytes_sum_treats_null_or_empty_as_zero() {
        let bytes = [9u8; 4];
        // SAFETY: null and zero-length inputs are never dereferenced.
        unsafe {
            assert_eq!(bt::bytes_sum(std::ptr::null(), 4), 0);
            assert_eq!(bt::bytes_sum(bytes.as_ptr(), 0), 0);
        }
    }

    #[test]
    fn bytes_sum_reads_the_buffer() {
        let bytes = vec![0xFFu8; 1 << 20];
        // SAFETY: the pointer and length describe a live Vec.
        assert_eq!(
            unsafe { bt::bytes_sum(bytes.as_ptr(), bytes.len()) },
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
            assert_eq!(bt::bytes_sum(ptr, len), 3000);
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
