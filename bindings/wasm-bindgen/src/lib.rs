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
//!
//! Records (`records<shape>`: `payment_fees`, `make_payments`, `json_parse`, …)
//! cross the way wasm-bindgen users pass structs: with serde. A records
//! argument is a `JsValue` (the JS array of plain objects) that
//! `serde_wasm_bindgen::from_value` reads into a `Vec` of the kernels' struct,
//! one call out to JS per element and per declared field of every record (a
//! string's UTF-8 copied in by the glue); a records result
//! is a `Vec` that `serde_wasm_bindgen`'s `Serializer::json_compatible()`
//! writes back as a JS array of plain objects, keys in declared order. The
//! kernels' structs (`kernels::records::*`) derive nothing from serde (the
//! kernels are crate-free), so `for_each_record!` generates each shape's
//! `#[serde(remote = "…")]` definition here, with the declared JS key of every
//! field (`amountCents`), and a transparent newtype that lists serialize
//! through. A value that is not an array of such records (a missing key, a
//! float for a `u32`) is thrown to the caller as serde-wasm-bindgen's error.
//! serde 1.0.228 and serde-wasm-bindgen 0.6.5 build with Rust 1.63 and are
//! pinned exactly (Cargo.toml): later releases may not.

#[macro_use]
extern crate kernels;

use js_sys::Function;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A record shape's crossing: a JS array of its records in, and out.
trait Records: Sized {
    /// The records of a JS array of plain objects; serde-wasm-bindgen's error (thrown to the
    /// caller) for anything else.
    fn from_js(value: JsValue) -> Result<Vec<Self>, JsValue>;
    /// The records as a JS array of plain objects, keys in declared order.
    fn to_js(records: Vec<Self>) -> Result<JsValue, JsValue>;
}

/// A record field's type word as its Rust type.
macro_rules! record_field {
    (str) => {
        String
    };
    ($scalar:ident) => {
        $scalar
    };
}

/// The records family: for every shape (`for_each_record!`), a module named as its struct
/// (`shapes::Payment`) holding serde's remote definition of the kernels' struct (`Def`, each
/// field renamed to its declared JS key; the kernels are crate-free, so their structs derive
/// nothing) and a transparent newtype that serializes through it (`Js`), then the shape's
/// `Records` crossing. (`Remote` names the struct because serde's `remote` takes a path in a
/// string, which a macro cannot build from the struct's identifier.)
macro_rules! serde_records {
    ($($rust:ident $name:literal { $($field:ident $key:literal $ty:ident),* };)*) => {
        mod shapes {
            $(
                #[doc = concat!("The `", $name, "` record shape through serde.")]
                #[allow(non_snake_case)]
                pub mod $rust {
                    use serde::{Deserialize, Serialize};

                    type Remote = kernels::records::$rust;

                    #[derive(Serialize, Deserialize)]
                    #[serde(remote = "Remote")]
                    pub struct Def {
                        $(#[serde(rename = $key)] pub $field: record_field!($ty),)*
                    }

                    #[derive(Serialize, Deserialize)]
                    #[serde(transparent)]
                    pub struct Js(#[serde(with = "Def")] pub Remote);
                }
            )*
        }

        $(impl Records for kernels::records::$rust {
            fn from_js(value: JsValue) -> Result<Vec<Self>, JsValue> {
                let list: Vec<shapes::$rust::Js> = serde_wasm_bindgen::from_value(value)?;
                Ok(list.into_iter().map(|r| r.0).collect())
            }

            fn to_js(records: Vec<Self>) -> Result<JsValue, JsValue> {
                let list: Vec<shapes::$rust::Js> = records.into_iter().map(shapes::$rust::Js).collect();
                Ok(list.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
            }
        })*
    };
}

for_each_record!(serde_records);

/// The wasm-bindgen family: `@munch` writes each argument's type (a macro cannot stand in a
/// parameter list, and wasm-bindgen must see `&[u8]` as written to borrow it), then the last three
/// rules write the `#[wasm_bindgen]` function (async, threaded and native-only workloads are left
/// out). A `plain` workload that takes or returns records becomes `throws`: its conversion can
/// fail, so it returns a `Result` whose error the glue throws.
macro_rules! bindgen_exports {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        $(bindgen_exports!(@filter $home $mode {$id $mode $ret $out [$($ty $a $d)*]} [] $($ty $a)*);)*
    };
    (@filter native $mode:ident $h:tt $p:tt $($r:tt)*) => {};
    (@filter $home:ident task $h:tt $p:tt $($r:tt)*) => {};
    (@filter $home:ident thread $h:tt $p:tt $($r:tt)*) => {};
    (@filter $home:ident plain {$id:ident plain records $out:ident $args:tt} $p:tt $($r:tt)*) => {
        bindgen_exports!(@munch {$id throws records $out $args} $p $($r)*);
    };
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
    // Records: the JS array itself, read by serde-wasm-bindgen (`Records::from_js`).
    (@munch {$id:ident plain $($h:tt)*} [$($p:tt)*] records $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch {$id throws $($h)*} [$($p)* $a: JsValue,] $($r)*);
    };
    (@munch $h:tt [$($p:tt)*] records $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: JsValue,] $($r)*);
    };
    // i64 crosses as a BigInt both ways (wasm-bindgen maps it so).
    (@munch $h:tt [$($p:tt)*] $scalar:ident $a:ident $($r:tt)*) => {
        bindgen_exports!(@munch $h [$($p)* $a: $scalar,] $($r)*);
    };
    (@munch {$id:ident plain $ret:ident $out:ident [$($ty:ident $a:ident $d:ident)*]} [$($p:tt)*]) => {
        #[wasm_bindgen]
        pub fn $id($($p)*) -> bindgen_ret!(@type $ret) {
            bindgen_ret!($ret $out kernels::$id($(bindgen_pass!($ty $a)),*))
        }
    };
    (@munch {$id:ident throws $ret:ident $out:ident [$($ty:ident $a:ident $d:ident)*]} [$($p:tt)*]) => {
        /// Records that do not convert (in or out) throw serde-wasm-bindgen's error to the caller.
        #[wasm_bindgen]
        pub fn $id($($p)*) -> Result<bindgen_ret!(@type $ret), JsValue> {
            $(bindgen_arg!($ty $a $d);)*
            Ok(bindgen_ret!($ret $out kernels::$id($(bindgen_pass!($ty $a)),*)))
        }
    };
    (@munch {$id:ident fallible $ret:ident $out:ident [$($ty:ident $a:ident $d:ident)*]} [$($p:tt)*]) => {
        /// A callback that throws stops the kernel and the exception reaches the caller.
        // `Ok(…?)` converts the kernel's answer, which for some result words is not the identity.
        #[allow(clippy::needless_question_mark)]
        #[wasm_bindgen]
        pub fn $id($($p)*) -> Result<bindgen_ret!(@type $ret), JsValue> {
            $(bindgen_arg!($ty $a $d);)*
            Ok(bindgen_ret!($ret $out kernels::$id($(bindgen_pass!($ty $a)),*)?))
        }
    };
}

/// An argument converted before the kernel call (a statement; only records need one): a
/// records argument becomes a `Vec` of its shape, or the export throws.
macro_rules! bindgen_arg {
    (records $a:ident $d:ident) => {
        let $a = <kernels::records::$d as Records>::from_js($a)?;
    };
    ($other:ident $a:ident $d:ident) => {};
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
    (records $a:ident) => {
        &$a
    };
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
    // Records back as a JS array of plain objects (`Records::to_js`; only in a `Result`).
    (@type records) => { JsValue };
    (@type $scalar:ident) => { $scalar };
    (f64x4 $out:ident $r:expr) => { $r.to_vec() };
    (records $out:ident $r:expr) => { <kernels::records::$out as Records>::to_js($r)? };
    ($other:ident $out:ident $r:expr) => { $r };
}

for_each_workload!(bindgen_exports);
