//! N-API exports (napi-rs) over the shared kernels, named exactly like the
//! workloads (`js_name`), since napi-rs would otherwise camelCase them. Every
//! export is generated from the declarations (contract/workloads.json, through
//! `for_each_workload!`) by `napi_exports!` below: one rule per type word and
//! per mode, none per workload. bindings/napi-pinned compiles this same file
//! against an older napi-rs.
//!
//! Argument types are the ones napi-rs converts with the least work, so the
//! `napi` mechanism measures napi-rs as its users would write it:
//! - `add_i64` takes `BigInt` (napi-rs 3's only non-deprecated BigInt input
//!   type) and returns `i64n` (one `napi_create_bigint_int64`). A BigInt
//!   outside the i64 range is wrapped to its low 64 bits, like
//!   `BigInt.asIntN(64, x)`, matching the wrapping kernel; a non-BigInt
//!   argument is rejected with an error.
//! - `bytes_sum` takes `&[u8]`, a borrow of the Uint8Array's (or Buffer's)
//!   backing store for the duration of the call: no copy. Typed arrays in
//!   general are borrowed (`&[f64]`), never copied; one the kernel writes to
//!   comes in as napi-rs's `*ArraySlice`, whose mutable view is `unsafe`.
//! - Strings in are `String` (napi-rs copies the UTF-16 out as UTF-8, which
//!   is the cost a napi-rs user pays); strings out are `String` too.
//! - `callback_sum` takes a typed `Function` and calls it on the JS thread.
//! - an `async` workload (`async_job`) returns an `AsyncTask`: the kernel runs
//!   on libuv's thread pool and the Promise resolves on the JS thread. Its
//!   arguments are owned (scalars, strings), since they cross threads.
//! - an `async` workload with a callback (`callback_thread`) takes it as a
//!   `ThreadsafeFunction` (napi-rs's threadsafe-callback API), starts a Rust
//!   thread that runs the kernel, and returns a Promise (`Env::create_deferred`).
//!   Each `fn(i)` there is a `call_with_return_value`: queued to the JS thread,
//!   whose answer the Rust thread waits for on a channel.
//! - `records<shape>` is an array of plain objects, converted the napi-rs way:
//!   each shape (contract/workloads.json `records`, through `for_each_record!`)
//!   is a `#[napi(object)]` struct in `js_records` whose fields carry the JS
//!   key names (`amountCents`), with `From` conversions to and from
//!   `kernels::records`. An argument is `Vec<js_records::Payment>` (napi-rs
//!   reads the array and every object's fields, then the fields are moved into
//!   the kernel's records, strings included, and the kernel borrows them as a
//!   slice); a result is `Vec<js_records::Payment>`, whose objects napi-rs
//!   creates with their keys in declared order. Not an array, or an element
//!   with a missing or wrong-typed field, throws a `TypeError`.

use crate::digest;
use crate::kernels;
use napi::bindgen_prelude::{
    i64n, AsyncTask, BigInt, Float64ArraySlice, FromNapiValue, Function, Int32ArraySlice, Object,
    TypeName, Uint8ArraySlice, Unknown, ValidateNapiValue, ValueType,
};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{sys, Env, JsValue, Result, Status, Task};
use napi_derive::napi;

/// An argument napi-rs checks and converts as `T`, except that a value of the
/// wrong JS type is refused with a `TypeError` (napi-rs throws a plain
/// `Error` with a code such as `NumberExpected`). The check and the
/// conversion are napi-rs's own, so a call with right types costs the same.
pub struct Arg<T>(pub T);

/// The napi-rs error `e` as a JS `TypeError` with the same code and message.
/// napi-rs throws an error that holds a JS error object as that object.
///
/// A failed check can leave V8's own exception pending (reading a field of
/// `null`: Node-API answers `napi_object_expected` and keeps V8's TypeError),
/// which napi-rs 3.5 would throw in place of its error, and 3.16 would not; it
/// is cleared, so both releases throw napi-rs's code and message. An error
/// whose status is `PendingException` (JS itself threw, e.g. a getter) is left
/// as it is: that exception is the answer.
fn type_error(env: sys::napi_env, e: napi::Error) -> napi::Error {
    if e.status == Status::PendingException {
        return e;
    }
    let mut pending = false;
    let mut dropped = std::ptr::null_mut();
    // SAFETY: `env` is the live env of the call being converted; both
    // out-pointers are locals. The cleared exception is not used.
    unsafe {
        if sys::napi_is_exception_pending(env, &mut pending) == sys::Status::napi_ok && pending {
            sys::napi_get_and_clear_last_exception(env, &mut dropped);
        }
    }
    let code = e.status.as_ref().to_owned();
    let text = if e.reason.is_empty() {
        code.clone()
    } else {
        e.reason.clone()
    };
    let mut js_code = std::ptr::null_mut();
    let mut js_text = std::ptr::null_mut();
    let mut error = std::ptr::null_mut();
    // SAFETY: `env` is the live env of the call being converted; the strings
    // are passed with their lengths, and every out-pointer is a local.
    let made = unsafe {
        sys::napi_create_string_utf8(env, code.as_ptr().cast(), code.len() as isize, &mut js_code)
            == sys::Status::napi_ok
            && sys::napi_create_string_utf8(
                env,
                text.as_ptr().cast(),
                text.len() as isize,
                &mut js_text,
            ) == sys::Status::napi_ok
            && sys::napi_create_type_error(env, js_code, js_text, &mut error)
                == sys::Status::napi_ok
    };
    if !made {
        return e;
    }
    // SAFETY: `error` was just created in `env`.
    napi::Error::from(unsafe { Unknown::from_raw_unchecked(env, error) })
}

impl<T: TypeName> TypeName for Arg<T> {
    fn type_name() -> &'static str {
        T::type_name()
    }

    fn value_type() -> ValueType {
        T::value_type()
    }
}

impl<T: ValidateNapiValue> ValidateNapiValue for Arg<T> {
    unsafe fn validate(env: sys::napi_env, value: sys::napi_value) -> Result<sys::napi_value> {
        // SAFETY: forwarded from napi-rs's generated caller.
        unsafe { T::validate(env, value) }.map_err(|e| type_error(env, e))
    }
}

impl<T: FromNapiValue> FromNapiValue for Arg<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        // SAFETY: forwarded from napi-rs's generated caller.
        unsafe { T::from_napi_value(env, value) }
            .map(Arg)
            .map_err(|e| type_error(env, e))
    }
}

/// The JS function a `thread` workload calls back: called with an `i32`, answering one, and
/// called as `fn(i)` (not Node's error-first `fn(null, i)`: `CalleeHandled` is false).
pub type ThreadCallback = ThreadsafeFunction<i32, i32, i32, Status, false>;

/// `f(i)` from a Rust thread: queued to the JS thread (`call_with_return_value` hands JS's
/// answer, or its exception, to a closure run there), and waited for here on a channel made for
/// this one call, so a call Node drops unanswered (the environment closing) ends the wait.
fn call_back(f: &ThreadCallback, i: i32) -> Result<i32> {
    let (answer, wait) = std::sync::mpsc::sync_channel(1);
    let status = f.call_with_return_value(i, ThreadsafeFunctionCallMode::Blocking, move |r, _| {
        // The thread is waiting on the other end; it cannot have gone.
        let _ = answer.send(r);
        Ok(())
    });
    if status != Status::Ok {
        return Err(napi::Error::new(
            status,
            "the threadsafe function refused the call",
        ));
    }
    wait.recv().map_err(|_| {
        napi::Error::from_reason("the JS thread dropped the call before answering it")
    })?
}

/// The napi-rs family: one `#[napi]` function per declared workload. `plain` returns the
/// kernel's answer; `fallible` (a callback argument) takes the `Env` to check the function and
/// returns a `Result`; `task` returns an `AsyncTask` whose `Job` (in a module named as the
/// workload) runs the kernel on libuv's pool; `thread` (`napi_thread_export!`) runs it on a Rust
/// thread of its own that calls JS back through a `ThreadsafeFunction`.
macro_rules! napi_exports {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        $(napi_exports!(@one $mode $id $name $home ($($ty $d $a),*) $ret $out);)*
    };
    (@one plain $id:ident $name:literal $home:ident ($($ty:ident $d:ident $a:ident),*) $ret:ident $out:ident) => {
        #[napi(js_name = $name)]
        pub fn $id($($a: Arg<napi_ty!($ty $d)>),*) -> napi_ret!(@js $ret $out) {
            $(napi_arg!($ty $a env $name);)*
            napi_ret!($ret $out napi_call!($home $id ($(napi_pass!($ty $d $a)),*)))
        }
    };
    (@one fallible $id:ident $name:literal $home:ident ($($ty:ident $d:ident $a:ident),*) $ret:ident $out:ident) => {
        /// A callback that throws stops the kernel; its exception becomes this call's.
        #[napi(js_name = $name)]
        pub fn $id(env: Env, $($a: Arg<napi_ty!($ty $d)>),*) -> Result<napi_ret!(@js $ret $out)> {
            $(napi_arg!($ty $a env $name);)*
            Ok(napi_ret!($ret $out napi_call!($home $id ($(napi_pass!($ty $d $a)),*))?))
        }
    };
    (@one thread $($rest:tt)*) => {
        napi_thread_export!($($rest)*);
    };
    (@one task $id:ident $name:literal $home:ident ($($ty:ident $d:ident $a:ident),*) $ret:ident $out:ident) => {
        /// The off-thread half of the workload of the same name.
        pub mod $id {
            use super::*;

            /// The call's arguments, taken by the one `compute`.
            pub struct Job(pub Option<($(napi_ty!($ty $d),)*)>);

            impl Task for Job {
                type Output = napi_ret!(@kernel $ret $out);
                type JsValue = napi_ret!(@js $ret $out);

                fn compute(&mut self) -> Result<Self::Output> {
                    match self.0.take() {
                        Some(($($a,)*)) => Ok(napi_call!($home $id ($(napi_pass!($ty $d $a)),*))),
                        None => Err(napi::Error::from_reason(concat!($name, ": computed twice"))),
                    }
                }

                fn resolve(&mut self, _env: Env, answer: Self::Output) -> Result<Self::JsValue> {
                    Ok(napi_ret!($ret $out answer))
                }
            }
        }

        #[napi(js_name = $name)]
        pub fn $id($($a: Arg<napi_ty!($ty $d)>),*) -> AsyncTask<$id::Job> {
            $(napi_arg!($ty $a env $name);)*
            AsyncTask::new($id::Job(Some(($($a,)*))))
        }
    };
}

/// `napi_exports!`'s `thread` rule: a workload whose kernel runs on a Rust thread and calls JS
/// back. The thread owns the `ThreadsafeFunction` (dropping it there releases it) and the
/// deferred, which settles the Promise through napi-rs's own threadsafe function.
macro_rules! napi_thread_export {
    ($id:ident $name:literal $home:ident ($($ty:ident $d:ident $a:ident),*) $ret:ident $out:ident) => {
        /// The kernel runs on a Rust thread started per call; JS gets a Promise of its answer,
        /// settled on the JS thread. A callback that throws stops the kernel and rejects it.
        #[napi(js_name = $name)]
        pub fn $id(env: &Env, $($a: Arg<napi_ty!(@thread $ty $d)>),*) -> Result<Object<'_>> {
            $(let Arg($a) = $a;)*
            let (deferred, promise) = env.create_deferred()?;
            let started = crate::digest::on_new_thread((deferred, ($($a,)*)), |(deferred, ($($a,)*))| {
                match napi_call!($home $id ($(napi_pass!(@thread $ty $d $a)),*)) {
                    Ok(answer) => deferred.resolve(move |_| Ok(napi_ret!($ret $out answer))),
                    Err(e) => deferred.reject(e),
                }
            });
            if let Err((deferred, _)) = started {
                deferred.reject(napi::Error::from_reason(concat!($name, ": no Rust thread could be started")));
            }
            Ok(promise)
        }
    };
}

/// The napi-rs type an argument's type word is converted through: the one napi-rs converts
/// with the least work (typed arrays borrowed, never copied). `$shape` is a `records`
/// argument's shape (its Rust name); other type words ignore it.
macro_rules! napi_ty {
    (@thread callback $shape:ident) => { ThreadCallback };
    (@thread $other:ident $shape:ident) => { napi_ty!($other $shape) };
    (i64 $shape:ident) => { BigInt };
    (bytes $shape:ident) => { Uint8ArraySlice };
    (bytes_mut $shape:ident) => { Uint8ArraySlice };
    (f64s $shape:ident) => { Float64ArraySlice };
    (f64s_mut $shape:ident) => { Float64ArraySlice };
    (i32s $shape:ident) => { Int32ArraySlice };
    (i32s_mut $shape:ident) => { Int32ArraySlice };
    (str $shape:ident) => { String };
    (strs $shape:ident) => { Vec<String> };
    (records $shape:ident) => { Vec<js_records::$shape> };
    (callback $shape:ident) => { Function<i32, i32> };
    ($scalar:ident $shape:ident) => { $scalar };
}

/// Unwraps an argument (a statement). napi-rs does not check that a callback is a function
/// (calling it would fail, and with n = 0 nothing would), so it is checked here, once per call.
macro_rules! napi_arg {
    (bytes_mut $a:ident $env:ident $name:literal) => {
        let Arg(mut $a) = $a;
    };
    (f64s_mut $a:ident $env:ident $name:literal) => {
        let Arg(mut $a) = $a;
    };
    (i32s_mut $a:ident $env:ident $name:literal) => {
        let Arg(mut $a) = $a;
    };
    (callback $a:ident $env:ident $name:literal) => {
        let Arg($a) = $a;
        // SAFETY: `$a` is this call's argument, alive in `env`.
        if unsafe { <Function<i32, i32>>::validate($env.raw(), $a.raw()) }.is_err() {
            let e = napi::Error::new(
                napi::Status::FunctionExpected,
                concat!($name, ": the callback argument must be a function"),
            );
            return Err(type_error($env.raw(), e));
        }
    };
    ($other:ident $a:ident $env:ident $name:literal) => {
        let Arg($a) = $a;
    };
}

/// What the kernel is passed for an argument (`$shape` as in `napi_ty!`).
macro_rules! napi_pass {
    // `get_i64` is the low 64 bits with the sign applied, in two's complement; its "lossless"
    // flag is ignored on purpose (see the module's documentation).
    (i64 $shape:ident $a:ident) => { $a.get_i64().0 };
    (bytes $shape:ident $a:ident) => { &$a };
    (f64s $shape:ident $a:ident) => { &$a };
    (i32s $shape:ident $a:ident) => { &$a };
    // SAFETY: JS is blocked in this synchronous call and nothing else holds the view, so the
    // kernel has the elements to itself until it returns; a written array must not share
    // memory with another argument (bridgetax passes separate arrays).
    (bytes_mut $shape:ident $a:ident) => { unsafe { $a.as_mut() } };
    (f64s_mut $shape:ident $a:ident) => { napi_pass!(bytes_mut $shape $a) };
    (i32s_mut $shape:ident $a:ident) => { napi_pass!(bytes_mut $shape $a) };
    (str $shape:ident $a:ident) => { $a.as_bytes() };
    (strs $shape:ident $a:ident) => { $a.iter().map(|s| s.as_bytes()) };
    // The records napi-rs read, moved (not copied) into the kernel's own, borrowed as a slice.
    (records $shape:ident $a:ident) => {
        &$a.into_iter()
            .map(kernels::records::$shape::from)
            .collect::<Vec<_>>()
    };
    (callback $shape:ident $a:ident) => { |i| $a.call(i) };
    (@thread callback $shape:ident $a:ident) => { |i| call_back(&$a, i) };
    (@thread $other:ident $shape:ident $a:ident) => { napi_pass!($other $shape $a) };
    ($scalar:ident $shape:ident $a:ident) => { $a };
}

/// The kernel call (`native`: rustlib's digest.rs).
macro_rules! napi_call {
    (kernels $id:ident ($($arg:expr),*)) => { kernels::$id($($arg),*) };
    (native $id:ident ($($arg:expr),*)) => { digest::$id($($arg),*) };
}

/// A result type word's JS-facing type (`@js`), the kernel's own (`@kernel`), and the
/// conversion from one to the other. `$shape` is a `records` result's shape (its Rust name);
/// other type words ignore it.
macro_rules! napi_ret {
    (@js void $shape:ident) => { () };
    (@js i64 $shape:ident) => { i64n };
    (@js str $shape:ident) => { String };
    (@js strs $shape:ident) => { Vec<String> };
    (@js f64x4 $shape:ident) => { Vec<f64> };
    (@js records $shape:ident) => { Vec<js_records::$shape> };
    (@js $scalar:ident $shape:ident) => { $scalar };
    (@kernel void $shape:ident) => { () };
    (@kernel str $shape:ident) => { String };
    (@kernel strs $shape:ident) => { Vec<String> };
    (@kernel f64x4 $shape:ident) => { [f64; 4] };
    (@kernel records $shape:ident) => { Vec<kernels::records::$shape> };
    (@kernel $scalar:ident $shape:ident) => { $scalar };
    (i64 $shape:ident $r:expr) => { i64n($r) };
    // `[mean, std, sharpe, max_drawdown]` as a JS array.
    (f64x4 $shape:ident $r:expr) => { $r.to_vec() };
    // The kernel's records moved into napi-rs objects, which napi-rs turns into JS ones.
    (records $shape:ident $r:expr) => {
        $r.into_iter()
            .map(js_records::$shape::from)
            .collect::<Vec<_>>()
    };
    ($other:ident $shape:ident $r:expr) => { $r };
}

/// The JS side of the record shapes (`for_each_record!`): one `#[napi(object)]` struct per
/// shape, in the module `js_records`, named as the kernel's (`kernels::records`), whose fields
/// carry the JS key names (`js_name`) in declared order, and `From` conversions both ways that
/// move every field.
macro_rules! napi_records {
    ($($rust:ident $name:literal { $($field:ident $key:literal $ty:ident),* };)*) => {
        /// The record shapes as napi-rs objects (see `napi_records!`).
        pub mod js_records {
            use super::{kernels, napi};

            $(
                #[doc = concat!("A `", $name, "` record as a JS object (contract/workloads.json `records`).")]
                #[napi(object)]
                pub struct $rust {
                    $(
                        #[napi(js_name = $key)]
                        pub $field: napi_field!($ty),
                    )*
                }

                impl From<$rust> for kernels::records::$rust {
                    fn from(r: $rust) -> Self {
                        Self { $($field: r.$field),* }
                    }
                }

                impl From<kernels::records::$rust> for $rust {
                    fn from(r: kernels::records::$rust) -> Self {
                        Self { $($field: r.$field),* }
                    }
                }
            )*
        }
    };
}

/// A record field's Rust type from its type word (i32, u32, f64, str, bool).
macro_rules! napi_field {
    (str) => {
        String
    };
    ($scalar:ident) => {
        $scalar
    };
}

for_each_record!(napi_records);
for_each_workload!(napi_exports);
