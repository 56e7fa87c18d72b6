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
fn type_error(env: sys::napi_env, e: napi::Error) -> napi::Error {
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
        $(napi_exports!(@one $mode $id $name $home ($($ty $a),*) $ret);)*
    };
    (@one plain $id:ident $name:literal $home:ident ($($ty:ident $a:ident),*) $ret:ident) => {
        #[napi(js_name = $name)]
        pub fn $id($($a: Arg<napi_ty!($ty)>),*) -> napi_ret!(@js $ret) {
            $(napi_arg!($ty $a env $name);)*
            napi_ret!($ret napi_call!($home $id ($(napi_pass!($ty $a)),*)))
        }
    };
    (@one fallible $id:ident $name:literal $home:ident ($($ty:ident $a:ident),*) $ret:ident) => {
        /// A callback that throws stops the kernel; its exception becomes this call's.
        #[napi(js_name = $name)]
        pub fn $id(env: Env, $($a: Arg<napi_ty!($ty)>),*) -> Result<napi_ret!(@js $ret)> {
            $(napi_arg!($ty $a env $name);)*
            Ok(napi_ret!($ret napi_call!($home $id ($(napi_pass!($ty $a)),*))?))
        }
    };
    (@one thread $($rest:tt)*) => {
        napi_thread_export!($($rest)*);
    };
    (@one task $id:ident $name:literal $home:ident ($($ty:ident $a:ident),*) $ret:ident) => {
        /// The off-thread half of the workload of the same name.
        pub mod $id {
            use super::*;

            /// The call's arguments, taken by the one `compute`.
            pub struct Job(pub Option<($(napi_ty!($ty),)*)>);

            impl Task for Job {
                type Output = napi_ret!(@kernel $ret);
                type JsValue = napi_ret!(@js $ret);

                fn compute(&mut self) -> Result<Self::Output> {
                    match self.0.take() {
                        Some(($($a,)*)) => Ok(napi_call!($home $id ($(napi_pass!($ty $a)),*))),
                        None => Err(napi::Error::from_reason(concat!($name, ": computed twice"))),
                    }
                }

                fn resolve(&mut self, _env: Env, out: Self::Output) -> Result<Self::JsValue> {
                    Ok(napi_ret!($ret out))
                }
            }
        }

        #[napi(js_name = $name)]
        pub fn $id($($a: Arg<napi_ty!($ty)>),*) -> AsyncTask<$id::Job> {
            $(napi_arg!($ty $a env $name);)*
            AsyncTask::new($id::Job(Some(($($a,)*))))
        }
    };
}

/// `napi_exports!`'s `thread` rule: a workload whose kernel runs on a Rust thread and calls JS
/// back. The thread owns the `ThreadsafeFunction` (dropping it there releases it) and the
/// deferred, which settles the Promise through napi-rs's own threadsafe function.
macro_rules! napi_thread_export {
    ($id:ident $name:literal $home:ident ($($ty:ident $a:ident),*) $ret:ident) => {
        /// The kernel runs on a Rust thread started per call; JS gets a Promise of its answer,
        /// settled on the JS thread. A callback that throws stops the kernel and rejects it.
        #[napi(js_name = $name)]
        pub fn $id(env: &Env, $($a: Arg<napi_ty!(@thread $ty)>),*) -> Result<Object<'_>> {
            $(let Arg($a) = $a;)*
            let (deferred, promise) = env.create_deferred()?;
            let started = crate::digest::on_new_thread((deferred, ($($a,)*)), |(deferred, ($($a,)*))| {
                match napi_call!($home $id ($(napi_pass!(@thread $ty $a)),*)) {
                    Ok(answer) => deferred.resolve(move |_| Ok(answer)),
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
/// with the least work (typed arrays borrowed, never copied).
macro_rules! napi_ty {
    (@thread callback) => { ThreadCallback };
    (@thread $other:ident) => { napi_ty!($other) };
    (i64) => { BigInt };
    (bytes) => { Uint8ArraySlice };
    (bytes_mut) => { Uint8ArraySlice };
    (f64s) => { Float64ArraySlice };
    (f64s_mut) => { Float64ArraySlice };
    (i32s) => { Int32ArraySlice };
    (i32s_mut) => { Int32ArraySlice };
    (str) => { String };
    (strs) => { Vec<String> };
    (callback) => { Function<i32, i32> };
    ($scalar:ident) => { $scalar };
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

/// What the kernel is passed for an argument.
macro_rules! napi_pass {
    // `get_i64` is the low 64 bits with the sign applied, in two's complement; its "lossless"
    // flag is ignored on purpose (see the module's documentation).
    (i64 $a:ident) => { $a.get_i64().0 };
    (bytes $a:ident) => { &$a };
    (f64s $a:ident) => { &$a };
    (i32s $a:ident) => { &$a };
    // SAFETY: JS is blocked in this synchronous call and nothing else holds the view, so the
    // kernel has the elements to itself until it returns; a written array must not share
    // memory with another argument (bridgetax passes separate arrays).
    (bytes_mut $a:ident) => { unsafe { $a.as_mut() } };
    (f64s_mut $a:ident) => { napi_pass!(bytes_mut $a) };
    (i32s_mut $a:ident) => { napi_pass!(bytes_mut $a) };
    (str $a:ident) => { $a.as_bytes() };
    (strs $a:ident) => { $a.iter().map(|s| s.as_bytes()) };
    (callback $a:ident) => { |i| $a.call(i) };
    (@thread callback $a:ident) => { |i| call_back(&$a, i) };
    (@thread $other:ident $a:ident) => { napi_pass!($other $a) };
    ($scalar:ident $a:ident) => { $a };
}

/// The kernel call (`native`: rustlib's digest.rs).
macro_rules! napi_call {
    (kernels $id:ident ($($arg:expr),*)) => { kernels::$id($($arg),*) };
    (native $id:ident ($($arg:expr),*)) => { digest::$id($($arg),*) };
}

/// A result type word's JS-facing type (`@js`), the kernel's own (`@kernel`), and the
/// conversion from one to the other.
macro_rules! napi_ret {
    (@js void) => { () };
    (@js i64) => { i64n };
    (@js str) => { String };
    (@js strs) => { Vec<String> };
    (@js f64x4) => { Vec<f64> };
    (@js $scalar:ident) => { $scalar };
    (@kernel void) => { () };
    (@kernel str) => { String };
    (@kernel strs) => { Vec<String> };
    (@kernel f64x4) => { [f64; 4] };
    (@kernel $scalar:ident) => { $scalar };
    (i64 $r:expr) => { i64n($r) };
    // `[mean, std, sharpe, max_drawdown]` as a JS array.
    (f64x4 $r:expr) => { $r.to_vec() };
    ($other:ident $r:expr) => { $r };
}

for_each_workload!(napi_exports);
