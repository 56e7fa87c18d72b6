//! N-API exports (napi-rs) over the shared kernels, named exactly like the
//! workloads (`js_name`), since napi-rs would otherwise camelCase them.
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
//! - `async_job` returns an `AsyncTask`: the kernel runs on libuv's thread
//!   pool and the Promise resolves on the JS thread.

use crate::kernels;
use napi::bindgen_prelude::{
    i64n, AsyncTask, BigInt, Float64ArraySlice, FromNapiValue, Function, Int32ArraySlice, TypeName,
    Uint8ArraySlice, Unknown, ValidateNapiValue, ValueType,
};
use napi::{sys, Env, JsValue, Result, Task};
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

#[napi(js_name = "noop")]
pub fn noop() {
    kernels::noop()
}

#[napi(js_name = "add_i32")]
pub fn add_i32(Arg(a): Arg<i32>, Arg(b): Arg<i32>) -> i32 {
    kernels::add_i32(a, b)
}

#[napi(js_name = "add_f64")]
pub fn add_f64(Arg(a): Arg<f64>, Arg(b): Arg<f64>) -> f64 {
    kernels::add_f64(a, b)
}

#[napi(js_name = "add_i64")]
pub fn add_i64(Arg(a): Arg<BigInt>, Arg(b): Arg<BigInt>) -> i64n {
    // `get_i64` is the low 64 bits with the sign applied, in two's
    // complement; its "lossless" flag is ignored on purpose (see above).
    i64n(kernels::add_i64(a.get_i64().0, b.get_i64().0))
}

#[napi(js_name = "sum6_f64")]
pub fn sum6_f64(
    Arg(a): Arg<f64>,
    Arg(b): Arg<f64>,
    Arg(c): Arg<f64>,
    Arg(d): Arg<f64>,
    Arg(e): Arg<f64>,
    Arg(f): Arg<f64>,
) -> f64 {
    kernels::sum6_f64(a, b, c, d, e, f)
}

#[napi(js_name = "bytes_sum")]
pub fn bytes_sum(Arg(bytes): Arg<Uint8ArraySlice>) -> u32 {
    kernels::bytes_sum(&bytes)
}

#[napi(js_name = "bytes_invert")]
pub fn bytes_invert(Arg(mut bytes): Arg<Uint8ArraySlice>) {
    // SAFETY: JS is blocked in this synchronous call and nothing else holds
    // the view, so the kernel has the bytes to itself until it returns.
    kernels::bytes_invert(unsafe { bytes.as_mut() })
}

#[napi(js_name = "str_hash")]
pub fn str_hash(Arg(s): Arg<String>) -> u32 {
    kernels::fnv1a32(s.as_bytes())
}

#[napi(js_name = "str_hash_bytes")]
pub fn str_hash_bytes(Arg(bytes): Arg<Uint8ArraySlice>) -> u32 {
    kernels::fnv1a32(&bytes)
}

#[napi(js_name = "str_make")]
pub fn str_make(Arg(n): Arg<u32>) -> String {
    kernels::str_make(n)
}

#[napi(js_name = "f64_sum")]
pub fn f64_sum(Arg(values): Arg<Float64ArraySlice>) -> f64 {
    kernels::f64_sum(&values)
}

/// A callback that throws stops the loop; its exception becomes this call's.
/// napi-rs does not check that `f` is a function (calling it would fail, and
/// with n = 0 nothing would), so it is checked here, once per call.
#[napi(js_name = "callback_sum")]
pub fn callback_sum(env: Env, Arg(n): Arg<u32>, Arg(f): Arg<Function<i32, i32>>) -> Result<i32> {
    // SAFETY: `f` is this call's argument, alive in `env`.
    if unsafe { <Function<i32, i32>>::validate(env.raw(), f.raw()) }.is_err() {
        let e = napi::Error::new(
            napi::Status::FunctionExpected,
            "callback_sum: argument 1 must be a function",
        );
        return Err(type_error(env.raw(), e));
    }
    kernels::callback_sum(n, |i| f.call(i))
}

/// The off-thread half of `async_job`.
pub struct AsyncJob {
    n: u32,
}

impl Task for AsyncJob {
    type Output = u32;
    type JsValue = u32;

    fn compute(&mut self) -> Result<u32> {
        Ok(kernels::async_job(self.n))
    }

    fn resolve(&mut self, _env: Env, output: u32) -> Result<u32> {
        Ok(output)
    }
}

#[napi(js_name = "async_job")]
pub fn async_job(Arg(n): Arg<u32>) -> AsyncTask<AsyncJob> {
    AsyncTask::new(AsyncJob { n })
}

#[napi(js_name = "fib")]
pub fn fib(Arg(n): Arg<u32>) -> u32 {
    kernels::fib(n)
}

#[napi(js_name = "count_primes")]
pub fn count_primes(Arg(limit): Arg<u32>) -> u32 {
    kernels::count_primes(limit)
}

#[napi(js_name = "hash_strings")]
pub fn hash_strings(Arg(items): Arg<Vec<String>>) -> Vec<String> {
    kernels::hash_strings(items.iter().map(|s| s.as_bytes()))
}

#[napi(js_name = "sha256_strings")]
pub fn sha256_strings(Arg(items): Arg<Vec<String>>) -> Vec<String> {
    crate::digest::sha256_hex(items.iter().map(|s| s.as_bytes()))
}

#[napi(js_name = "sort_f64")]
pub fn sort_f64(Arg(mut values): Arg<Float64ArraySlice>) {
    // SAFETY: as in `bytes_invert`.
    kernels::sort_f64(unsafe { values.as_mut() })
}

/// `[mean, std, sharpe, max_drawdown]`, as a JS array.
#[napi(js_name = "fin_metrics")]
pub fn fin_metrics(Arg(returns): Arg<Float64ArraySlice>) -> Vec<f64> {
    kernels::fin_metrics(&returns).to_vec()
}

#[napi(js_name = "batch_add_i32")]
pub fn batch_add_i32(
    Arg(a): Arg<Int32ArraySlice>,
    Arg(b): Arg<Int32ArraySlice>,
    Arg(mut out): Arg<Int32ArraySlice>,
) {
    // SAFETY: as in `bytes_invert`; `out` must not share memory with `a` or
    // `b` (bridgetax passes three separate arrays).
    kernels::batch_add_i32(&a, &b, unsafe { out.as_mut() })
}
