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
//!   backing store for the duration of the call: no copy.

use crate::kernels;
use napi::bindgen_prelude::{i64n, BigInt};
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
