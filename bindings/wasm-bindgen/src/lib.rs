//! The kernels behind `#[wasm_bindgen]`, as a Rust→WASM user ships them: the
//! `wasm-bindgen` CLI generates the JS glue, and the glue does all the
//! marshalling (strings through `TextEncoder`/`TextDecoder` and the module's
//! allocator, typed arrays copied into linear memory and written ones copied
//! back, i64 as BigInt, JS functions held in the glue's externref table).
//! That cost is what this mechanism measures, so every wrapper takes the
//! types a user would write and nothing is hand-lowered.
//!
//! Every export is generated from the declarations (contract/workloads.json,
//! through `for_each_workload!`) by `bindgen_exports!` below, one rule per
//! type word and none per workload, and named as its workload (`add_i32`,
//! `str_hash`, …), so the glue exports the catalogue's ids. Not expressible
//! here, and so not exported:
//! - an `async` workload (`async_job`, and `callback_thread`, which calls JS
//!   back from a Rust thread): wasm32-unknown-unknown has no threads; a
//!   Promise from `wasm-bindgen-futures` would still run the job on the JS thread.
//! - a `nativeOnly` one (`sha256_strings`): its kernel needs a crate (`sha2`)
//!   that only the native builds link; this crate wraps the crate-free kernels.

#[macro_use]
extern crate kernels;

use js_sys::Function;
use wasm_bindgen::prelude::*;

/// The wasm-bindgen family: `@munch` writes each argument's type (a macro cannot stand in a
/// parameter list, and wasm-bindgen must see `&[u8]` as written to borrow it), then the last two rules
/// write the `#[wasm_bindgen]` function (async, threaded and native-only workloads are left
/// out).
macro_rules! bindgen_exports {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        $(bindgen_exports!(@filter $home $mode {$id $mode $ret [$($ty $a)*]} [] $($ty $a)*);)*
    };
    (@filter native $mode:ident $h:tt $p:tt $($r:tt)*) => {};
    (@filter $home:ident task $h:tt $p:tt $($r:tt)*) => {};
    (@filter $home:ident thread $h:tt $p:tt $($r:tt)*) => {};
    (@filter $home:ident $mode:ident $h:tt $p:tt $($r:tt)*) => {
        bindgen_exports!(@munch $h $p $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] bytes $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &[u8],] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] bytes_mut $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &mut [u8],] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] f64s $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &[f64],] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] f64s_mut $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &mut [f64],] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] i32s $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &[i32],] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] i32s_mut $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &mut [i32],] $($r)*);
    };
    // The glue encodes the JS string to UTF-8 in linear memory.
    (@munch $h:tt [$($p:tt)*] str $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &str,] $($r)*);
    };
    // A `string[]` as `Vec<String>` (wasm-bindgen ≥ 0.2.89): the glue passes the array's strings.
    (@munch $h:tt [$($p:tt)*] strs $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: Vec<String>,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] callback $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: &Function,] $($r)*);
    };
    // i64 crosses as a BigInt both ways (wasm-bindgen maps it so).
    (@munch $h:tt [$($p:tt)*] $scalar:ident $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: $scalar,] $($r)*);
    };
    (@munch {$id:ident plain $ret:ident [$($ty:ident $a:ident)*]} [$($p:tt)*]) => {
        #[wasm_bindgen]
        pub fn $id($($p)*) -> bindgen_ret!(@type $ret) {
            bindgen_ret!($ret kernels::$id($(bindgen_pass!($ty $a)),*))
        }
    };
    (@munch {$id:ident fallible $ret:ident [$($ty:ident $a:ident)*]} [$($p:tt)*]) => {
        /// A callback that throws stops the kernel and the exception reaches the caller.
        // `Ok(…?)` converts the kernel's answer, which for some result words is not the identity.
        #[allow(clippy::needless_question_mark)]
        #[wasm_bindgen]
        pub fn $id($($p)*) -> Result<bindgen_ret!(@type $ret), JsValue> {
            Ok(bindgen_ret!($ret kernels::$id($(bindgen_pass!($ty $a)),*)?))
        }
    };
}

/// What the kernel is passed for an argument.
macro_rules! bindgen_pass {
    (str $a:ident) => {
        $a.as_bytes()
    };
    (strs $a:ident) => {
        $a.iter().map(|s| s.as_bytes())
    };
    // Calls the JS function `f(i)`; one that returns no number is refused with a `TypeError`.
    (callback $a:ident) => {
        |i| {
            let v = $a.call1(&JsValue::NULL, &JsValue::from(i))?;
            match v.as_f64() {
                // The callbacks return i32 values; wrapping through i64 matches
                // JS's `| 0` for every integer the callback can return.
                Some(x) => Ok(x as i64 as i32),
                None => Err(JsValue::from(js_sys::TypeError::new(
                    "the callback must return a number",
                ))),
            }
        }
    };
    ($other:ident $a:ident) => {
        $a
    };
}

/// A result type word's Rust type as the glue takes it, and the kernel's answer converted.
macro_rules! bindgen_ret {
    (@type void) => { () };
    (@type str) => { String };
    (@type strs) => { Vec<String> };
    // Four numbers back as a Float64Array (a `Vec<f64>` result).
    (@type f64x4) => { Vec<f64> };
    (@type $scalar:ident) => { $scalar };
    (f64x4 $r:expr) => { $r.to_vec() };
    ($other:ident $r:expr) => { $r };
}

for_each_workload!(bindgen_exports);
