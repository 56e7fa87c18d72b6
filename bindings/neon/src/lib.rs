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
//! Every export is generated from the declarations (contract/workloads.json,
//! through `for_each_workload!`) by `neon_exports!` below, which writes the
//! `#[neon::export]` function a person would: one rule per type word, none
//! per workload. Conversions are neon's idiomatic ones:
//! - numbers come in as `f64` (neon's number extractor; integer workloads
//!   convert with `as`, exact for every i32/u32 bridgetax passes) and go
//!   out as the kernel's integer type;
//! - BigInts as `Handle<JsBigInt>` (`to_i64`; out of range gives the low 64
//!   bits, like `BigInt.asIntN(64, x)`, matching the wrapping kernel);
//! - typed arrays as `Handle<JsTypedArray<T>>`, borrowed in place with
//!   `as_slice`/`as_mut_slice` or, for a workload taking more than one,
//!   through a `Lock`, whose dynamic check refuses a written array that
//!   overlaps another instead of aliasing it (no copy either way);
//! - strings as `String` (neon copies the UTF-16 out as UTF-8);
//! - records (`records<shape>`) property by property, as a neon user reads
//!   and writes plain objects: an argument is a `Handle<JsArray>` whose
//!   length is read once, then each element `get` as a `JsObject` and each
//!   declared field `get` by name as a `JsNumber`, `JsString` or
//!   `JsBoolean` into the shape's struct (`kernels::records::Payment`), the
//!   kernel getting a slice of them; a result is a new `JsArray` of new
//!   objects, each field `set` in declared order (`amountCents`, `method`,
//!   `crossBorder`). The per-shape conversions (`JsRecord`) are generated
//!   from `for_each_record!`, one rule per field type, none per shape;
//! - a callback is a `Handle<JsFunction>` called through `bind(…).call()`;
//! - an `async` workload is `#[neon::export(task)]`: the body runs on libuv's
//!   thread pool and JS gets a Promise;
//! - an `async` workload with a callback (`callback_thread`) starts a Rust
//!   thread per call and calls JS back through neon's threadsafe API, a
//!   `Channel`: each `fn(i)` is a closure `channel.send`s to the JS thread,
//!   whose `JoinHandle::join` the Rust thread blocks on for the answer; the
//!   Promise (`cx.promise()`) is settled through the same channel.
//!
//! A wrong JS type is a `TypeError` thrown by neon's extractors (or here,
//! for array elements; for records, by neon's downcast of an element that
//! is not an object or of a field that is missing or of another type). No
//! panic crosses into JS: neon catches panics at its boundary, and the
//! release profile aborts on panic anyway.

#[macro_use]
extern crate kernels;

use neon::event::Channel;
use neon::handle::Root;
use neon::prelude::*;
use neon::types::buffer::TypedArray;
use neon::types::JsBigInt;
use std::sync::Arc;

#[path = "../../../rustlib/src/digest.rs"]
mod digest;

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

/// A record shape as a plain JS object, read and written property by property (generated per
/// shape from `for_each_record!` by `neon_records!`).
trait JsRecord: Sized {
    /// The declared fields of `obj`, each by name; a missing or wrong-typed one is a
    /// `TypeError` (neon's downcast).
    fn from_js<'cx>(cx: &mut Cx<'cx>, obj: Handle<'cx, JsObject>) -> NeonResult<Self>;
    /// A new object with every field set, in declared order.
    fn to_js<'cx>(&self, cx: &mut Cx<'cx>) -> JsResult<'cx, JsObject>;
}

/// Every record shape's `JsRecord`: one rule per field type (`neon_field!`), none per shape.
macro_rules! neon_records {
    ($($rust:ident $name:literal { $($field:ident $key:literal $ty:ident),* $(,)? };)*) => {
        $(
            impl JsRecord for kernels::records::$rust {
                fn from_js<'cx>(cx: &mut Cx<'cx>, obj: Handle<'cx, JsObject>) -> NeonResult<Self> {
                    Ok(Self {
                        $($field: neon_field!(get $ty obj $key cx),)*
                    })
                }

                fn to_js<'cx>(&self, cx: &mut Cx<'cx>) -> JsResult<'cx, JsObject> {
                    let obj = cx.empty_object();
                    $(
                        let value = neon_field!(make $ty (self.$field) cx);
                        obj.set(cx, $key, value)?;
                    )*
                    Ok(obj)
                }
            }
        )*
    };
}

/// A record field of each type: read from an object by name (`get`, `?` on a wrong type) and
/// made as a JS value (`make`). Numbers convert with `as`, as numeric arguments do.
macro_rules! neon_field {
    (get i32 $obj:ident $key:literal $cx:ident) => {
        $obj.get::<JsNumber, _, _>($cx, $key)?.value($cx) as i32
    };
    (get u32 $obj:ident $key:literal $cx:ident) => {
        $obj.get::<JsNumber, _, _>($cx, $key)?.value($cx) as u32
    };
    (get f64 $obj:ident $key:literal $cx:ident) => {
        $obj.get::<JsNumber, _, _>($cx, $key)?.value($cx)
    };
    (get str $obj:ident $key:literal $cx:ident) => {
        $obj.get::<JsString, _, _>($cx, $key)?.value($cx)
    };
    (get bool $obj:ident $key:literal $cx:ident) => {
        $obj.get::<JsBoolean, _, _>($cx, $key)?.value($cx)
    };
    (make i32 $v:tt $cx:ident) => {
        $cx.number($v)
    };
    (make u32 $v:tt $cx:ident) => {
        $cx.number($v)
    };
    (make f64 $v:tt $cx:ident) => {
        $cx.number($v)
    };
    (make str $v:tt $cx:ident) => {
        $cx.string(&$v)
    };
    (make bool $v:tt $cx:ident) => {
        $cx.boolean($v)
    };
}

for_each_record!(neon_records);

/// A JS array of records: its length, then each element as an object, field by field.
fn records_in<'cx, T: JsRecord>(
    cx: &mut Cx<'cx>,
    items: Handle<'cx, JsArray>,
) -> NeonResult<Vec<T>> {
    let len = items.len(cx);
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let obj = items.get::<JsObject, _, _>(cx, i)?;
        out.push(T::from_js(cx, obj)?);
    }
    Ok(out)
}

/// A new JS array of new objects, one per record.
fn records_out<'cx, T: JsRecord>(cx: &mut Cx<'cx>, records: &[T]) -> JsResult<'cx, JsArray> {
    let out = JsArray::new(cx, records.len());
    for (i, record) in (0u32..).zip(records) {
        let obj = record.to_js(cx)?;
        out.set(cx, i, obj)?;
    }
    Ok(out)
}

/// Why a `thread` kernel stopped before its last callback.
enum Stop {
    /// The callback threw: its exception, in a one-element array (a `Root` holds objects only,
    /// and JS may throw anything) rooted so it can travel to the settling closure.
    Threw(Root<JsArray>),
    /// The call never ran or never answered (the channel refused it, or neon's `JoinError`).
    Lost(String),
}

/// `f(i)` from a Rust thread: a closure sent to the JS thread through `channel`, which calls
/// `f` there, and the `JoinHandle` this thread blocks on until it has the answer.
fn call_back(channel: &Channel, f: &Arc<Root<JsFunction>>, i: i32) -> Result<i32, Stop> {
    let f = Arc::clone(f);
    let sent = channel.try_send(move |mut cx| {
        let f = f.to_inner(&mut cx);
        match cx.try_catch(|cx| f.bind(cx).arg(i)?.call::<f64>()) {
            Ok(v) => Ok(Ok(v as i32)),
            Err(e) => {
                let holder = cx.empty_array();
                holder.set(&mut cx, 0, e)?;
                Ok(Err(holder.root(&mut cx)))
            }
        }
    });
    match sent.map(|handle| handle.join()) {
        Ok(Ok(Ok(v))) => Ok(v),
        Ok(Ok(Err(e))) => Err(Stop::Threw(e)),
        Ok(Err(e)) => Err(Stop::Lost(e.to_string())),
        Err(e) => Err(Stop::Lost(e.to_string())),
    }
}

/// The neon family. `@scan` counts the typed-array arguments: with more than one, they are
/// borrowed through one `Lock` (`locked`), else each straight from the context (`direct`).
/// A `task` takes no context: its (owned) arguments move to the pool thread.
macro_rules! neon_exports {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        $(neon_exports!(@scan0 {$mode $id $name $home ($($ty $a $d),*) $ret} $($ty)*);)*
    };
    (@scan0 $h:tt bytes $($r:ident)*) => { neon_exports!(@scan1 $h $($r)*); };
    (@scan0 $h:tt bytes_mut $($r:ident)*) => { neon_exports!(@scan1 $h $($r)*); };
    (@scan0 $h:tt f64s $($r:ident)*) => { neon_exports!(@scan1 $h $($r)*); };
    (@scan0 $h:tt f64s_mut $($r:ident)*) => { neon_exports!(@scan1 $h $($r)*); };
    (@scan0 $h:tt i32s $($r:ident)*) => { neon_exports!(@scan1 $h $($r)*); };
    (@scan0 $h:tt i32s_mut $($r:ident)*) => { neon_exports!(@scan1 $h $($r)*); };
    (@scan0 $h:tt $other:ident $($r:ident)*) => { neon_exports!(@scan0 $h $($r)*); };
    (@scan0 $h:tt) => { neon_exports!(@one direct $h); };
    (@scan1 $h:tt bytes $($r:ident)*) => { neon_exports!(@one locked $h); };
    (@scan1 $h:tt bytes_mut $($r:ident)*) => { neon_exports!(@one locked $h); };
    (@scan1 $h:tt f64s $($r:ident)*) => { neon_exports!(@one locked $h); };
    (@scan1 $h:tt f64s_mut $($r:ident)*) => { neon_exports!(@one locked $h); };
    (@scan1 $h:tt i32s $($r:ident)*) => { neon_exports!(@one locked $h); };
    (@scan1 $h:tt i32s_mut $($r:ident)*) => { neon_exports!(@one locked $h); };
    (@scan1 $h:tt $other:ident $($r:ident)*) => { neon_exports!(@scan1 $h $($r)*); };
    (@scan1 $h:tt) => { neon_exports!(@one direct $h); };
    (@one $borrow:ident {task $id:ident $name:literal $home:ident ($($ty:ident $a:ident $d:ident),*) $ret:ident}) => {
        /// The body runs on libuv's thread pool; JS gets a Promise of its result.
        #[neon::export(name = $name, task)]
        fn $id($($a: neon_ty!(task $ty)),*) -> neon_ret!(@kernel $ret) {
            neon_call!($home $id ($(neon_pass!(direct $ty $a cx)),*))
        }
    };
    (@one $borrow:ident {thread $id:ident $name:literal $home:ident ($($ty:ident $a:ident $d:ident),*) $ret:ident}) => {
        /// The kernel runs on a Rust thread started per call, calling JS back through a
        /// `Channel`; JS gets a Promise of its answer. A callback that throws stops the kernel
        /// and rejects the Promise with its exception.
        #[neon::export(name = $name)]
        fn $id<'cx>(cx: &mut Cx<'cx>, $($a: neon_ty!(thread $ty)),*) -> JsResult<'cx, JsPromise> {
            let channel = cx.channel();
            let (deferred, promise) = cx.promise();
            $(neon_arg!(@thread $ty $a cx);)*
            let started = crate::digest::on_new_thread((deferred, channel, ($($a,)*)), |(deferred, channel, ($($a,)*))| {
                let r = neon_call!($home $id ($(neon_pass!(thread $ty $a channel)),*));
                // `try_`: a refused send (the environment closing) has no one to tell, and
                // `settle_with` would panic there.
                let settled = deferred.try_settle_with(&channel, move |mut cx| {
                    $(neon_arg!(@release $ty $a cx);)*
                    match r {
                        Ok(answer) => Ok(cx.number(answer)),
                        Err(Stop::Threw(holder)) => {
                            let e: Handle<JsValue> = holder.into_inner(&mut cx).get(&mut cx, 0)?;
                            cx.throw(e)
                        }
                        Err(Stop::Lost(why)) => cx.throw_error(why),
                    }
                });
                drop(settled);
            });
            if let Err((deferred, _, _)) = started {
                let e = cx.error(concat!($name, ": no Rust thread could be started"))?;
                deferred.reject(cx, e);
            }
            Ok(promise)
        }
    };
    (@one direct {$mode:ident $id:ident $name:literal $home:ident ($($ty:ident $a:ident $d:ident),*) $ret:ident}) => {
        // A workload of numbers and strings only never needs the context.
        #[allow(unused_variables)]
        #[neon::export(name = $name)]
        fn $id<'cx>(cx: &mut Cx<'cx>, $($a: neon_ty!($mode $ty)),*) -> NeonResult<neon_ret!(@js $ret)> {
            $(neon_arg!($ty $a cx $d);)*
            let r = neon_call!($home $id ($(neon_pass!(direct $ty $a cx)),*));
            Ok(neon_ret!($mode $ret r cx))
        }
    };
    (@one locked {$mode:ident $id:ident $name:literal $home:ident ($($ty:ident $a:ident $d:ident),*) $ret:ident}) => {
        #[neon::export(name = $name)]
        fn $id<'cx>(cx: &mut Cx<'cx>, $($a: neon_ty!($mode $ty)),*) -> NeonResult<neon_ret!(@js $ret)> {
            $(neon_arg!($ty $a cx $d);)*
            let done = {
                let lock = cx.lock();
                (|| -> Result<_, String> {
                    $(neon_lock!($ty $a lock);)*
                    Ok(neon_call!($home $id ($(neon_pass!(locked $ty $a cx)),*)))
                })()
            };
            let r = done.or_else(|e| cx.throw_type_error(e))?;
            Ok(neon_ret!($mode $ret r cx))
        }
    };
}

/// The type neon extracts an argument as. Numbers come in as `f64` (neon's number extractor;
/// integer workloads convert with `as`, exact for every i32/u32 bridgetax passes).
macro_rules! neon_ty {
    ($mode:ident i32) => { f64 };
    ($mode:ident u32) => { f64 };
    ($mode:ident f64) => { f64 };
    ($mode:ident str) => { String };
    (task $other:ident) => { compile_error!("an async workload takes numbers or strings (neon family)") };
    ($mode:ident i64) => { Handle<'cx, JsBigInt> };
    ($mode:ident bytes) => { Handle<'cx, JsUint8Array> };
    ($mode:ident bytes_mut) => { Handle<'cx, JsUint8Array> };
    ($mode:ident f64s) => { Handle<'cx, JsFloat64Array> };
    ($mode:ident f64s_mut) => { Handle<'cx, JsFloat64Array> };
    ($mode:ident i32s) => { Handle<'cx, JsInt32Array> };
    ($mode:ident i32s_mut) => { Handle<'cx, JsInt32Array> };
    ($mode:ident strs) => { Handle<'cx, JsArray> };
    ($mode:ident records) => { Handle<'cx, JsArray> };
    ($mode:ident callback) => { Handle<'cx, JsFunction> };
}

/// Converts what needs the context before the kernel runs (a statement; `$d` names a records
/// argument's shape). `@thread`: what a Rust thread may hold (a callback rooted); `@release`:
/// its roots let go of on the JS thread.
macro_rules! neon_arg {
    (records $a:ident $cx:ident $d:ident) => {
        let $a = records_in::<kernels::records::$d>($cx, $a)?;
    };
    ($ty:ident $a:ident $cx:ident $d:ident) => {
        neon_arg!($ty $a $cx);
    };
    (@thread callback $a:ident $cx:ident) => {
        let $a = Arc::new($a.root($cx));
    };
    (@thread $other:ident $a:ident $cx:ident) => {};
    // Every clone of the root went with the calls it made, all answered by now.
    (@release callback $a:ident $cx:ident) => {
        if let Ok(root) = Arc::try_unwrap($a) {
            root.drop(&mut $cx);
        }
    };
    (@release $other:ident $a:ident $cx:ident) => {};
    // Out of range gives the low 64 bits, like `BigInt.asIntN(64, x)`.
    (i64 $a:ident $cx:ident) => {
        let $a = $a.to_i64($cx).unwrap_or_else(|e| e.into_inner());
    };
    (strs $a:ident $cx:ident) => {
        let $a = strings($cx, $a)?;
    };
    (bytes_mut $a:ident $cx:ident) => {
        let mut $a = $a;
    };
    (f64s_mut $a:ident $cx:ident) => {
        let mut $a = $a;
    };
    (i32s_mut $a:ident $cx:ident) => {
        let mut $a = $a;
    };
    ($other:ident $a:ident $cx:ident) => {};
}

/// Borrows a typed array through the lock (a statement in a closure returning
/// `Result<_, String>`); other arguments are left as they are.
macro_rules! neon_lock {
    (bytes $a:ident $lock:ident) => {
        let $a = $a.try_borrow(&$lock).map_err(|e| e.to_string())?;
    };
    (f64s $a:ident $lock:ident) => { neon_lock!(bytes $a $lock); };
    (i32s $a:ident $lock:ident) => { neon_lock!(bytes $a $lock); };
    (bytes_mut $a:ident $lock:ident) => {
        let mut $a = $a.try_borrow_mut(&$lock).map_err(|e| e.to_string())?;
    };
    (f64s_mut $a:ident $lock:ident) => { neon_lock!(bytes_mut $a $lock); };
    (i32s_mut $a:ident $lock:ident) => { neon_lock!(bytes_mut $a $lock); };
    ($other:ident $a:ident $lock:ident) => {};
}

/// What the kernel is passed for an argument.
macro_rules! neon_pass {
    ($b:ident i32 $a:ident $cx:ident) => {
        $a as i32
    };
    ($b:ident u32 $a:ident $cx:ident) => {
        $a as u32
    };
    (direct bytes $a:ident $cx:ident) => {
        $a.as_slice($cx)
    };
    (direct f64s $a:ident $cx:ident) => {
        $a.as_slice($cx)
    };
    (direct i32s $a:ident $cx:ident) => {
        $a.as_slice($cx)
    };
    (direct bytes_mut $a:ident $cx:ident) => {
        $a.as_mut_slice($cx)
    };
    (direct f64s_mut $a:ident $cx:ident) => {
        $a.as_mut_slice($cx)
    };
    (direct i32s_mut $a:ident $cx:ident) => {
        $a.as_mut_slice($cx)
    };
    (locked bytes $a:ident $cx:ident) => {
        &$a
    };
    (locked f64s $a:ident $cx:ident) => {
        &$a
    };
    (locked i32s $a:ident $cx:ident) => {
        &$a
    };
    (locked bytes_mut $a:ident $cx:ident) => {
        &mut $a
    };
    (locked f64s_mut $a:ident $cx:ident) => {
        &mut $a
    };
    (locked i32s_mut $a:ident $cx:ident) => {
        &mut $a
    };
    ($b:ident str $a:ident $cx:ident) => {
        $a.as_bytes()
    };
    ($b:ident strs $a:ident $cx:ident) => {
        $a.iter().map(|s| s.as_bytes())
    };
    ($b:ident records $a:ident $cx:ident) => {
        &$a
    };
    // On a Rust thread (`$cx` is then the `Channel`): a call through the channel, awaited.
    (thread callback $a:ident $cx:ident) => {
        |i| call_back(&$cx, &$a, i)
    };
    // A callback that throws stops the kernel; its exception becomes this call's.
    ($b:ident callback $a:ident $cx:ident) => {
        |i| $a.bind($cx).arg(i)?.call::<f64>().map(|v| v as i32)
    };
    ($b:ident $scalar:ident $a:ident $cx:ident) => {
        $a
    };
}

/// The kernel call (`native`: rustlib's digest.rs).
macro_rules! neon_call {
    (kernels $id:ident ($($arg:expr),*)) => { kernels::$id($($arg),*) };
    (native $id:ident ($($arg:expr),*)) => { digest::$id($($arg),*) };
}

/// A result type word's JS-facing type (`@js`) and the kernel's (`@kernel`), and the
/// conversion (a `fallible` kernel's `Result` is unwrapped first).
macro_rules! neon_ret {
    (@js i64) => { Handle<'cx, JsBigInt> };
    (@js strs) => { Handle<'cx, JsArray> };
    (@js records) => { Handle<'cx, JsArray> };
    (@js f64x4) => { Handle<'cx, JsArray> };
    (@js $other:ident) => { neon_ret!(@kernel $other) };
    (@kernel void) => { () };
    (@kernel str) => { String };
    (@kernel strs) => { Vec<String> };
    (@kernel records) => { compile_error!("an async workload cannot return records (neon family)") };
    (@kernel f64x4) => { [f64; 4] };
    (@kernel $scalar:ident) => { $scalar };
    (fallible $ret:ident $r:ident $cx:ident) => {{
        let $r = $r?;
        neon_ret!(plain $ret $r $cx)
    }};
    ($mode:ident i64 $r:ident $cx:ident) => { JsBigInt::from_i64($cx, $r) };
    ($mode:ident strs $r:ident $cx:ident) => {{
        let values: Vec<_> = $r.iter().map(|d| $cx.string(d)).collect();
        js_array($cx, values)?
    }};
    // A new array of new objects (`JsRecord::to_js`).
    ($mode:ident records $r:ident $cx:ident) => {
        records_out($cx, &$r)?
    };
    // `[mean, std, sharpe, max_drawdown]`, as a JS array.
    ($mode:ident f64x4 $r:ident $cx:ident) => {{
        let values: Vec<_> = $r.iter().map(|&v| $cx.number(v)).collect();
        js_array($cx, values)?
    }};
    ($mode:ident $other:ident $r:ident $cx:ident) => { $r };
}

for_each_workload!(neon_exports);
