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
    i64n, AsyncTask, BigInt, Float64ArraySlice, Function, Int32ArraySlice, Uint8ArraySlice,
};
use napi::{Env, Result, Task};
use napi_derive::napi;

#[napi(js_name = "noop")]
pub fn noop() {
    kernels::noop()
}

#[napi(js_name = "add_i32")]
pub fn add_i32(a: i32, b: i32) -> i32 {
    kernels::add_i32(a, b)
}

#[napi(js_name = "add_f64")]
pub fn add_f64(a: f64, b: f64) -> f64 {
    kernels::add_f64(a, b)
}

#[napi(js_name = "add_i64")]
pub fn add_i64(a: BigInt, b: BigInt) -> i64n {
    // `get_i64` is the low 64 bits with the sign applied, in two's
    // complement; its "lossless" flag is ignored on purpose (see above).
    i64n(kernels::add_i64(a.get_i64().0, b.get_i64().0))
}

#[napi(js_name = "sum6_f64")]
pub fn sum6_f64(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> f64 {
    kernels::sum6_f64(a, b, c, d, e, f)
}

#[napi(js_name = "bytes_sum")]
pub fn bytes_sum(bytes: &[u8]) -> u32 {
    kernels::bytes_sum(bytes)
}

#[napi(js_name = "bytes_invert")]
pub fn bytes_invert(mut bytes: Uint8ArraySlice) {
    // SAFETY: JS is blocked in this synchronous call and nothing else holds
    // the view, so the kernel has the bytes to itself until it returns.
    kernels::bytes_invert(unsafe { bytes.as_mut() })
}

#[napi(js_name = "str_hash")]
pub fn str_hash(s: String) -> u32 {
    kernels::fnv1a32(s.as_bytes())
}

#[napi(js_name = "str_hash_bytes")]
pub fn str_hash_bytes(bytes: &[u8]) -> u32 {
    kernels::fnv1a32(bytes)
}

#[napi(js_name = "str_make")]
pub fn str_make(n: u32) -> String {
    kernels::str_make(n)
}

#[napi(js_name = "f64_sum")]
pub fn f64_sum(values: &[f64]) -> f64 {
    kernels::f64_sum(values)
}

/// A callback that throws stops the loop; its exception becomes this call's.
#[napi(js_name = "callback_sum")]
pub fn callback_sum(n: u32, f: Function<i32, i32>) -> Result<i32> {
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
pub fn async_job(n: u32) -> AsyncTask<AsyncJob> {
    AsyncTask::new(AsyncJob { n })
}

#[napi(js_name = "fib")]
pub fn fib(n: u32) -> u32 {
    kernels::fib(n)
}

#[napi(js_name = "count_primes")]
pub fn count_primes(limit: u32) -> u32 {
    kernels::count_primes(limit)
}

#[napi(js_name = "hash_strings")]
pub fn hash_strings(items: Vec<String>) -> Vec<String> {
    kernels::hash_strings(items.iter().map(|s| s.as_bytes()))
}

#[napi(js_name = "sha256_strings")]
pub fn sha256_strings(items: Vec<String>) -> Vec<String> {
    crate::digest::sha256_hex(items.iter().map(|s| s.as_bytes()))
}

#[napi(js_name = "sort_f64")]
pub fn sort_f64(mut values: Float64ArraySlice) {
    // SAFETY: as in `bytes_invert`.
    kernels::sort_f64(unsafe { values.as_mut() })
}

/// `[mean, std, sharpe, max_drawdown]`, as a JS array.
#[napi(js_name = "fin_metrics")]
pub fn fin_metrics(returns: &[f64]) -> Vec<f64> {
    kernels::fin_metrics(returns).to_vec()
}

#[napi(js_name = "batch_add_i32")]
pub fn batch_add_i32(a: &[i32], b: &[i32], mut out: Int32ArraySlice) {
    // SAFETY: as in `bytes_invert`; `out` must not share memory with `a` or
    // `b` (bridgetax passes three separate arrays).
    kernels::batch_add_i32(a, b, unsafe { out.as_mut() })
}
