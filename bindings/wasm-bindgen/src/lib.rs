//! The kernels behind `#[wasm_bindgen]`, as a Rust→WASM user ships them: the
//! `wasm-bindgen` CLI generates the JS glue, and the glue does all the
//! marshalling (strings through `TextEncoder`/`TextDecoder` and the module's
//! allocator, typed arrays copied into linear memory and written ones copied
//! back, i64 as BigInt, JS functions held in the glue's externref table).
//! That cost is what this mechanism measures, so every wrapper takes the
//! types a user would write and nothing is hand-lowered.
//!
//! Each export is named as its workload (`add_i32`, `str_hash`, …), so the
//! glue exports the catalogue's ids. Not expressible here:
//! - `async_job`: wasm32-unknown-unknown has no threads; a Promise from
//!   `wasm-bindgen-futures` would still run the job on the JS thread.
//! - `sha256_strings`: SHA-256 comes from the `sha2` crate, which only the
//!   native `rustlib` links; this crate wraps the crate-free kernels.

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn noop() {
    kernels::noop()
}

#[wasm_bindgen]
pub fn add_i32(a: i32, b: i32) -> i32 {
    kernels::add_i32(a, b)
}

#[wasm_bindgen]
pub fn add_f64(a: f64, b: f64) -> f64 {
    kernels::add_f64(a, b)
}

/// i64 crosses as a BigInt both ways (wasm-bindgen maps it so).
#[wasm_bindgen]
pub fn add_i64(a: i64, b: i64) -> i64 {
    kernels::add_i64(a, b)
}

#[wasm_bindgen]
pub fn sum6_f64(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> f64 {
    kernels::sum6_f64(a, b, c, d, e, f)
}

/// The glue copies the Uint8Array into linear memory for the call.
#[wasm_bindgen]
pub fn bytes_sum(bytes: &[u8]) -> u32 {
    kernels::bytes_sum(bytes)
}

/// A `&mut` slice: the glue copies the array in, and back out after the call.
#[wasm_bindgen]
pub fn bytes_invert(bytes: &mut [u8]) {
    kernels::bytes_invert(bytes)
}

/// The glue encodes the JS string to UTF-8 in linear memory.
#[wasm_bindgen]
pub fn str_hash(s: &str) -> u32 {
    kernels::fnv1a32(s.as_bytes())
}

#[wasm_bindgen]
pub fn str_hash_bytes(bytes: &[u8]) -> u32 {
    kernels::fnv1a32(bytes)
}

/// The glue decodes the returned UTF-8 and frees it.
#[wasm_bindgen]
pub fn str_make(n: u32) -> String {
    kernels::str_make(n)
}

#[wasm_bindgen]
pub fn f64_sum(values: &[f64]) -> f64 {
    kernels::f64_sum(values)
}

/// Calls the JS function `f(i)` for i in 0..n. A callback that throws stops
/// the loop and the exception reaches the caller; one that returns no number
/// is refused with a `TypeError`.
#[wasm_bindgen]
pub fn callback_sum(n: u32, f: &Function) -> Result<i32, JsValue> {
    kernels::callback_sum(n, |i| {
        let v = f.call1(&JsValue::NULL, &JsValue::from(i))?;
        match v.as_f64() {
            // The callbacks return i32 values; wrapping through i64 matches
            // JS's `| 0` for every integer the callback can return.
            Some(x) => Ok(x as i64 as i32),
            None => Err(
                js_sys::TypeError::new("callback_sum: the callback must return a number").into(),
            ),
        }
    })
}

#[wasm_bindgen]
pub fn fib(n: u32) -> u32 {
    kernels::fib(n)
}

#[wasm_bindgen]
pub fn count_primes(limit: u32) -> u32 {
    kernels::count_primes(limit)
}

/// A `string[]` in and out as `Vec<String>` (wasm-bindgen ≥ 0.2.89): the glue
/// passes the array's strings and builds the result array.
#[wasm_bindgen]
pub fn hash_strings(items: Vec<String>) -> Vec<String> {
    kernels::hash_strings(items.iter().map(|s| s.as_bytes()))
}

#[wasm_bindgen]
pub fn sort_f64(values: &mut [f64]) {
    kernels::sort_f64(values)
}

/// Four numbers back as a Float64Array (a `Vec<f64>` result).
#[wasm_bindgen]
pub fn fin_metrics(returns: &[f64]) -> Vec<f64> {
    kernels::fin_metrics(returns).to_vec()
}

#[wasm_bindgen]
pub fn batch_add_i32(a: &[i32], b: &[i32], out: &mut [i32]) {
    kernels::batch_add_i32(a, b, out)
}
