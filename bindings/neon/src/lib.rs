//! Every bridgetax workload behind neon 1.x, written the way neon's own docs
//! recommend today: `#[neon::export]` functions (no `#[neon::main]`: neon
//! then exports every registered function itself), named like the
//! workloads (`name = "…"`, since neon would camelCase them).
//!
//! Why `#[neon::export]` and not the classic `fn(FunctionContext) ->
//! JsResult` registered with `cx.export_function` in `#[neon::main]`: the
//! export macro is what the neon 1.1 docs and the `neon::export` reference
//! lead with for new code, and it is also the cheaper of the two per call
//! (the README gives the figures of both, measured here). The classic API
//! remains for code that wants the context throughout; the `neon` column
//! does not measure it.
//!
//! The attribute is neon's own wrapper generator, so no declarative macro
//! sits on top: each export below is one function over one kernel.
//! Conversions are neon's idiomatic ones:
//! - numbers come in as `f64` (neon's number extractor; integer workloads
//!   convert with `as`, exact for every i32/u32 bridgetax passes) and go
//!   out as the kernel's integer type;
//! - BigInts as `Handle<JsBigInt>` (`to_i64`; out of range gives the low 64
//!   bits, like `BigInt.asIntN(64, x)`, matching the wrapping kernel);
//! - typed arrays as `Handle<JsTypedArray<T>>`, borrowed in place with
//!   `as_slice`/`as_mut_slice` or, for three at once, through a `Lock`
//!   (no copy);
//! - strings as `String` (neon copies the UTF-16 out as UTF-8);
//! - `callback_sum` calls a `Handle<JsFunction>` through `bind(…).call()`;
//! - `async_job` is `#[neon::export(task)]`: the body runs on libuv's
//!   thread pool and JS gets a Promise.
//!
//! A wrong JS type is a `TypeError` thrown by neon's extractors (or here,
//! for array elements). No panic crosses into JS: neon catches panics at
//! its boundary, and the release profile aborts on panic anyway.

use neon::prelude::*;
use neon::types::buffer::TypedArray;
use neon::types::JsBigInt;

#[path = "../../../rustlib/src/digest.rs"]
mod digest;

#[neon::export(name = "noop")]
fn noop() {
    kernels::noop()
}

#[neon::export(name = "add_i32")]
fn add_i32(a: f64, b: f64) -> i32 {
    kernels::add_i32(a as i32, b as i32)
}

#[neon::export(name = "add_f64")]
fn add_f64(a: f64, b: f64) -> f64 {
    kernels::add_f64(a, b)
}

#[neon::export(name = "add_i64")]
fn add_i64<'cx>(
    cx: &mut Cx<'cx>,
    a: Handle<'cx, JsBigInt>,
    b: Handle<'cx, JsBigInt>,
) -> Handle<'cx, JsBigInt> {
    let a = a.to_i64(cx).unwrap_or_else(|e| e.into_inner());
    let b = b.to_i64(cx).unwrap_or_else(|e| e.into_inner());
    JsBigInt::from_i64(cx, kernels::add_i64(a, b))
}

#[neon::export(name = "sum6_f64")]
fn sum6_f64(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> f64 {
    kernels::sum6_f64(a, b, c, d, e, f)
}

#[neon::export(name = "bytes_sum")]
fn bytes_sum<'cx>(cx: &mut Cx<'cx>, bytes: Handle<'cx, JsUint8Array>) -> u32 {
    kernels::bytes_sum(bytes.as_slice(cx))
}

#[neon::export(name = "bytes_invert")]
fn bytes_invert<'cx>(cx: &mut Cx<'cx>, mut bytes: Handle<'cx, JsUint8Array>) {
    kernels::bytes_invert(bytes.as_mut_slice(cx))
}

#[neon::export(name = "str_hash")]
fn str_hash(s: String) -> u32 {
    kernels::fnv1a32(s.as_bytes())
}

#[neon::export(name = "str_hash_bytes")]
fn str_hash_bytes<'cx>(cx: &mut Cx<'cx>, bytes: Handle<'cx, JsUint8Array>) -> u32 {
    kernels::fnv1a32(bytes.as_slice(cx))
}

#[neon::export(name = "str_make")]
fn str_make(n: f64) -> String {
    kernels::str_make(n as u32)
}

#[neon::export(name = "f64_sum")]
fn f64_sum<'cx>(cx: &mut Cx<'cx>, values: Handle<'cx, JsFloat64Array>) -> f64 {
    kernels::f64_sum(values.as_slice(cx))
}

/// A callback that throws stops the loop; its exception becomes this call's.
#[neon::export(name = "callback_sum")]
fn callback_sum<'cx>(cx: &mut Cx<'cx>, n: f64, f: Handle<'cx, JsFunction>) -> NeonResult<i32> {
    kernels::callback_sum(n as u32, |i| {
        f.bind(cx).arg(i)?.call::<f64>().map(|v| v as i32)
    })
}

/// The body runs on libuv's thread pool; JS gets a Promise of its result.
#[neon::export(name = "async_job", task)]
fn async_job(n: f64) -> u32 {
    kernels::async_job(n as u32)
}

#[neon::export(name = "fib")]
fn fib(n: f64) -> u32 {
    kernels::fib(n as u32)
}

#[neon::export(name = "count_primes")]
fn count_primes(limit: f64) -> u32 {
    kernels::count_primes(limit as u32)
}

/// A JS array of strings, each copied out as UTF-8; another element type is a `TypeError`.
fn strings<'cx>(cx: &mut Cx<'cx>, items: Handle<'cx, JsArray>) -> NeonResult<Vec<String>> {
    items
        .to_vec(cx)?
        .into_iter()
        .map(|v| match v.downcast::<JsString, _>(cx) {
            Ok(s) => Ok(s.value(cx)),
            Err(_) => cx.throw_type_error("expected an array of strings"),
        })
        .collect()
}

/// A JS array of `items`.
fn js_array<'cx, T: Value>(
    cx: &mut Cx<'cx>,
    items: impl IntoIterator<Item = Handle<'cx, T>>,
) -> JsResult<'cx, JsArray> {
    let out = cx.empty_array();
    for (i, item) in (0u32..).zip(items) {
        out.set(cx, i, item)?;
    }
    Ok(out)
}

#[neon::export(name = "hash_strings")]
fn hash_strings<'cx>(cx: &mut Cx<'cx>, items: Handle<'cx, JsArray>) -> JsResult<'cx, JsArray> {
    let items = strings(cx, items)?;
    let digests = kernels::hash_strings(items.iter().map(|s| s.as_bytes()));
    let values: Vec<_> = digests.iter().map(|d| cx.string(d)).collect();
    js_array(cx, values)
}

#[neon::export(name = "sha256_strings")]
fn sha256_strings<'cx>(cx: &mut Cx<'cx>, items: Handle<'cx, JsArray>) -> JsResult<'cx, JsArray> {
    let items = strings(cx, items)?;
    let digests = digest::sha256_hex(items.iter().map(|s| s.as_bytes()));
    let values: Vec<_> = digests.iter().map(|d| cx.string(d)).collect();
    js_array(cx, values)
}

#[neon::export(name = "sort_f64")]
fn sort_f64<'cx>(cx: &mut Cx<'cx>, mut values: Handle<'cx, JsFloat64Array>) {
    kernels::sort_f64(values.as_mut_slice(cx))
}

/// `[mean, std, sharpe, max_drawdown]`, as a JS array.
#[neon::export(name = "fin_metrics")]
fn fin_metrics<'cx>(
    cx: &mut Cx<'cx>,
    returns: Handle<'cx, JsFloat64Array>,
) -> JsResult<'cx, JsArray> {
    let m = kernels::fin_metrics(returns.as_slice(cx));
    let values: Vec<_> = m.iter().map(|&v| cx.number(v)).collect();
    js_array(cx, values)
}

/// Three arrays borrowed at once need neon's `Lock`, whose dynamic check
/// refuses an `out` that overlaps `a` or `b` instead of aliasing it.
#[neon::export(name = "batch_add_i32")]
fn batch_add_i32<'cx>(
    cx: &mut Cx<'cx>,
    a: Handle<'cx, JsInt32Array>,
    b: Handle<'cx, JsInt32Array>,
    mut out: Handle<'cx, JsInt32Array>,
) -> NeonResult<()> {
    let done = {
        let lock = cx.lock();
        let borrows = (
            a.try_borrow(&lock),
            b.try_borrow(&lock),
            out.try_borrow_mut(&lock),
        );
        match borrows {
            (Ok(a), Ok(b), Ok(mut out)) => {
                kernels::batch_add_i32(&a, &b, &mut out);
                Ok(())
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e.to_string()),
        }
    };
    done.or_else(|e| cx.throw_type_error(e))
}
