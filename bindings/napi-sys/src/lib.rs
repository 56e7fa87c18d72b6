//! The Node-API floor: every bridgetax workload written against raw Node-API
//! through the `napi-sys` crate, with no framework and no procedural macro.
//! Each export does what a hand-written C addon does (`napi_get_cb_info`,
//! one `napi_get_value_*` per argument, one `napi_create_*` for the result),
//! so the `napi-sys` column is what Node-API itself costs and every
//! framework's column over it is what that framework adds.
//!
//! The declarations (contract/workloads.json, through `for_each_workload!`)
//! drive every wrapper: `exports!` reads the arguments, converts each through
//! `FromJs` (a wrong JS type throws a `TypeError` with napi-rs's error codes,
//! so callers see the same codes), calls the kernel and converts its result
//! through `ToJs`. One rule per type word; none per workload.
//!
//! Records (`records<shape>`) cross property by property, as a C addon reads
//! and writes plain objects: an argument is a JS array (`napi_get_array_length`,
//! then `napi_get_element` for each) of objects whose declared fields are
//! read by name (`napi_get_named_property`, then `napi_get_value_uint32`,
//! `_int32`, `_double`, `_bool` or `_string_utf8`) into the shape's struct
//! (`kernels::records::Payment`), the kernel getting a slice of them; a result
//! is a new array (`napi_create_array_with_length`) of new objects
//! (`napi_create_object`), each field set in declared order
//! (`napi_set_named_property`). The per-shape conversions are generated from
//! `for_each_record!` (convert.rs). A value that is not an array, an element
//! that is not an object, a missing or wrong-typed field: a `TypeError`.
//!
//! Panics: none may cross `extern "C"`. The release profile aborts on panic,
//! and clippy refuses the panicking forms here outright (see `lib.rs`'s
//! `deny` list); conversions report failures as `Fail` values instead.

#![deny(unsafe_op_in_unsafe_fn)]
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

#[macro_use]
extern crate kernels;

use napi_sys::{napi_callback_info, napi_env, napi_status, napi_value, Status, ValueType};
use std::ffi::CString;
use std::ptr::null_mut;

mod convert;
#[path = "../../../rustlib/src/digest.rs"]
mod digest;
mod job;
mod thread;

use convert::{Callback, FromJs, ToJs, Utf8};

/// Why a call did not produce a value.
pub enum Fail {
    /// A JS value of the wrong type; the napi-rs error code (`NumberExpected`, …).
    Type(&'static str),
    /// JS already has an exception pending (a callback threw): let it propagate.
    Thrown,
    /// Node-API refused a call for another reason.
    Status(napi_status),
}

/// A Node-API status as a `Result`: an expected-type status is a `TypeError`.
fn check(status: napi_status) -> Result<(), Fail> {
    Err(match status {
        Status::napi_ok => return Ok(()),
        Status::napi_pending_exception => Fail::Thrown,
        Status::napi_number_expected => Fail::Type("NumberExpected"),
        Status::napi_string_expected => Fail::Type("StringExpected"),
        Status::napi_bigint_expected => Fail::Type("BigintExpected"),
        Status::napi_boolean_expected => Fail::Type("BooleanExpected"),
        Status::napi_array_expected => Fail::Type("ArrayExpected"),
        Status::napi_object_expected => Fail::Type("ObjectExpected"),
        Status::napi_function_expected => Fail::Type("FunctionExpected"),
        Status::napi_invalid_arg => Fail::Type("InvalidArg"),
        other => Fail::Status(other),
    })
}

/// Throws `fail` into JS (unless one is pending already) for argument `arg`
/// of export `name` (`None`: the failure is not about an argument).
fn throw(env: napi_env, fail: Fail, name: &str, arg: Option<usize>) {
    let (code, message) = match fail {
        Fail::Thrown => return,
        Fail::Type(code) => match arg {
            Some(i) => (code, format!("{name}: argument {i}: {code}")),
            None => (code, format!("{name}: {code}")),
        },
        Fail::Status(s) => (
            "GenericFailure",
            format!("{name}: a Node-API call failed with status {s}"),
        ),
    };
    // Neither text holds a NUL; an empty text would only lose the message.
    let code_c = CString::new(code).unwrap_or_default();
    let msg_c = CString::new(message).unwrap_or_default();
    // SAFETY: `env` is the live env of the current call; both strings are
    // NUL-terminated and outlive the call, which copies them.
    unsafe {
        if matches!(fail, Fail::Type(_)) {
            napi_sys::napi_throw_type_error(env, code_c.as_ptr(), msg_c.as_ptr());
        } else {
            napi_sys::napi_throw_error(env, code_c.as_ptr(), msg_c.as_ptr());
        }
    }
}

/// Reads up to `N` arguments of the current call; missing ones are `undefined`.
///
/// # Safety
///
/// `env` and `info` must be the current callback's.
unsafe fn args<const N: usize>(
    env: napi_env,
    info: napi_callback_info,
) -> Result<[napi_value; N], Fail> {
    let mut argv = [null_mut(); N];
    let mut argc = N;
    // SAFETY: `argv` has room for `argc` values; `this` and `data` are not wanted (null).
    check(unsafe {
        napi_sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            null_mut(),
            null_mut(),
        )
    })?;
    Ok(argv)
}

/// The raw Node-API family: one wrapper per declared workload (`for_each_workload!`, from
/// contract/workloads.json), and `EXPORTS`, the table the module registers, from the same
/// list. Every wrapper reads its arguments with one `napi_get_cb_info` (even `noop`, with
/// none), converts each through `FromJs` into the type its type word names (`sys_ty!`), calls
/// the kernel and converts its result through `ToJs`. A `fallible` kernel's callback failure
/// propagates with `?`; a `task` returns an `Offload` that queues the kernel as async work; a
/// `thread` returns a `Threaded` that runs it on a Rust thread calling JS back through a
/// threadsafe function.
macro_rules! exports {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        $(
            unsafe extern "C" fn $id(env: napi_env, info: napi_callback_info) -> napi_value {
                const NAMES: &[&str] = &[$(stringify!($a)),*];
                // SAFETY: Node-API calls this with the env and info of the call.
                let argv = match unsafe { args::<{ NAMES.len() }>(env, info) } {
                    Ok(argv) => argv,
                    Err(e) => { throw(env, e, $name, None); return null_mut(); }
                };
                let mut _values = argv.iter().copied();
                let mut _index = 0usize;
                $(
                    // SAFETY: the value is this call's argument, alive in its handle
                    // scope, and JS is blocked until the call returns, so a borrow of
                    // its contents (typed arrays) lasts no longer than the value.
                    let $a: sys_ty!($mode $ty $d) = match unsafe { FromJs::from_js(env, _values.next().unwrap_or(null_mut())) } {
                        Ok(v) => v,
                        Err(e) => { throw(env, e, $name, Some(_index)); return null_mut(); }
                    };
                    _index += 1;
                )*
                // A closure so that a fallible kernel may use `?`.
                #[allow(clippy::redundant_closure_call)]
                let result = (|| -> Result<_, Fail> {
                    Ok(sys_call!($home $mode $name $id ($($ty $a),*)))
                })();
                // SAFETY: `env` is the live env of this call.
                match result.and_then(|r| unsafe { r.to_js(env) }) {
                    Ok(v) => v,
                    Err(e) => { throw(env, e, $name, None); null_mut() }
                }
            }
        )*

        /// Every export: its JS name (NUL-terminated) and its callback.
        const EXPORTS: &[(&str, unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value)] =
            &[$( (concat!($name, "\0"), $id) ),*];
    };
}

/// The Rust type an argument's type word is read as (`FromJs`); `$d` names a records
/// argument's shape. A `task` crosses threads, so its arguments must be owned: a typed array
/// there would be a borrow of JS memory.
macro_rules! sys_ty {
    ($mode:ident records $d:ident) => { Vec<kernels::records::$d> };
    ($mode:ident $ty:ident $d:ident) => { sys_ty!($mode $ty) };
    (task bytes) => { compile_error!("an async workload cannot take a typed array (raw Node-API family)") };
    (task bytes_mut) => { sys_ty!(task bytes) };
    (task f64s) => { sys_ty!(task bytes) };
    (task f64s_mut) => { sys_ty!(task bytes) };
    (task i32s) => { sys_ty!(task bytes) };
    (task i32s_mut) => { sys_ty!(task bytes) };
    (task callback) => { compile_error!("an async workload cannot call back into JS") };
    ($mode:ident bytes) => { &[u8] };
    ($mode:ident bytes_mut) => { &mut [u8] };
    ($mode:ident f64s) => { &[f64] };
    ($mode:ident f64s_mut) => { &mut [f64] };
    ($mode:ident i32s) => { &[i32] };
    ($mode:ident i32s_mut) => { &mut [i32] };
    ($mode:ident str) => { Utf8 };
    ($mode:ident strs) => { Vec<Utf8> };
    ($mode:ident callback) => { Callback };
    ($mode:ident $scalar:ident) => { $scalar };
}

/// A `thread` workload's callback argument, taken aside for the thread (a statement).
macro_rules! sys_grab {
    (callback $a:ident $f:ident) => {
        $f = Some($a);
    };
    ($other:ident $a:ident $f:ident) => {};
}

/// What the kernel is passed for an argument.
macro_rules! sys_pass {
    // On the Rust thread: a call through the threadsafe function, its answer awaited.
    (@thread callback $a:ident $remote:ident) => {
        |i| $remote.call(i)
    };
    (@thread $other:ident $a:ident $remote:ident) => {
        sys_pass!($other $a)
    };
    (str $a:ident) => {
        &$a.0
    };
    (strs $a:ident) => {
        $a.iter().map(|s| s.0.as_slice())
    };
    (records $a:ident) => {
        &$a
    };
    (callback $a:ident) => {
        |i| $a.call(i)
    };
    ($other:ident $a:ident) => {
        $a
    };
}

/// The kernel call (`native`: rustlib's digest.rs), or for a `task` the call queued as async
/// work (its arguments moved into it).
macro_rules! sys_call {
    (kernels fallible $name:literal $id:ident ($($ty:ident $a:ident),*)) => {
        kernels::$id($(sys_pass!($ty $a)),*)?
    };
    (kernels thread $name:literal $id:ident ($($ty:ident $a:ident),*)) => {{
        let mut _f = None;
        $(sys_grab!($ty $a _f);)*
        thread::Threaded::new($name, _f, move |remote: &thread::Remote<_>| {
            kernels::$id($(sys_pass!(@thread $ty $a remote)),*)
        })
    }};
    (kernels task $name:literal $id:ident ($($ty:ident $a:ident),*)) => {
        job::Offload::new($name, move || kernels::$id($(sys_pass!($ty $a)),*))
    };
    (native task $name:literal $id:ident ($($ty:ident $a:ident),*)) => {
        job::Offload::new($name, move || digest::$id($(sys_pass!($ty $a)),*))
    };
    (kernels $mode:ident $name:literal $id:ident ($($ty:ident $a:ident),*)) => {
        kernels::$id($(sys_pass!($ty $a)),*)
    };
    (native $mode:ident $name:literal $id:ident ($($ty:ident $a:ident),*)) => {
        digest::$id($(sys_pass!($ty $a)),*)
    };
}

for_each_workload!(exports);

/// The module's entry point (`NAPI_MODULE_INIT`): sets every export on `exports`.
///
/// # Safety
///
/// Called by the runtime once per environment that loads the addon.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(env: napi_env, exports: napi_value) -> napi_value {
    // SAFETY: resolves the napi_* symbols from the host process (the runtime
    // that is loading this file). On Unix this cannot fail (a missing symbol
    // keeps a stub that reports itself); the library handle is leaked so
    // the resolved functions stay valid for the life of the process.
    std::mem::forget(unsafe { napi_sys::setup() });
    for (name, f) in EXPORTS {
        let mut func = null_mut();
        // SAFETY: `name` is NUL-terminated (built with concat!), `f` has the
        // napi_callback signature, and `func`/`exports` are live values of `env`.
        let made = unsafe {
            check(napi_sys::napi_create_function(
                env,
                name.as_ptr().cast(),
                -1,
                Some(*f),
                null_mut(),
                &mut func,
            ))
            .and_then(|()| {
                check(napi_sys::napi_set_named_property(
                    env,
                    exports,
                    name.as_ptr().cast(),
                    func,
                ))
            })
        };
        if let Err(e) = made {
            throw(env, e, name.trim_end_matches('\0'), None);
            return null_mut();
        }
    }
    exports
}

/// Checks the JS type of `value` (`napi_typeof`), failing with `code` when it differs.
///
/// # Safety
///
/// `value` must be a live value of `env`.
unsafe fn expect_type(
    env: napi_env,
    value: napi_value,
    want: i32,
    code: &'static str,
) -> Result<(), Fail> {
    let mut t = ValueType::napi_undefined;
    // SAFETY: forwarded contract; `t` is a local.
    check(unsafe { napi_sys::napi_typeof(env, value, &mut t) })?;
    if t == want {
        Ok(())
    } else {
        Err(Fail::Type(code))
    }
}
