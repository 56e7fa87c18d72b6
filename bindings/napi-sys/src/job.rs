//! An `async` workload through `napi_create_async_work`: the kernel runs on
//! libuv's thread pool and a Promise (`napi_create_promise`) resolves on the
//! JS thread, which is what napi-rs's `AsyncTask` and neon's task wrap.

use crate::convert::ToJs;
use crate::{check, Fail};
use napi_sys::{napi_async_work, napi_deferred, napi_env, napi_status, napi_value, Status};
use std::ffi::c_void;
use std::ptr::null_mut;

/// What an `async` workload's wrapper returns: the kernel call with its (owned) arguments,
/// queued as async work when converted to JS. Generic over the call itself, so the pool
/// thread calls the kernel directly.
pub struct Offload<F> {
    name: &'static str,
    run: F,
}

impl<F> Offload<F> {
    /// `run` is the kernel call; `name` names the work (and a cancellation's error).
    pub fn new(name: &'static str, run: F) -> Self {
        Offload { name, run }
    }
}

/// The state one queued job owns, from `to_js` until `complete` frees it.
struct Work<F, R> {
    name: &'static str,
    run: Option<F>,
    out: Option<R>,
    deferred: napi_deferred,
    work: napi_async_work,
}

/// Runs on a pool thread: only plain Rust, no Node-API call.
unsafe extern "C" fn execute<F: FnOnce() -> R, R>(_env: napi_env, data: *mut c_void) {
    // SAFETY: `data` is the `Work` boxed in `to_js`; until `complete` runs,
    // only this thread touches it.
    let work = unsafe { &mut *data.cast::<Work<F, R>>() };
    work.out = work.run.take().map(|run| run());
}

/// Runs on the JS thread once `execute` is done (or the work was cancelled).
unsafe extern "C" fn complete<F, R: ToJs>(env: napi_env, status: napi_status, data: *mut c_void) {
    // SAFETY: `data` is the `Work` boxed in `to_js`, handed back exactly once.
    let mut work = unsafe { Box::from_raw(data.cast::<Work<F, R>>()) };
    // SAFETY: `env` is live on the JS thread; `deferred` and `work` were made
    // in it and are used once each here.
    unsafe {
        let settled = match (status, work.out.take()) {
            (Status::napi_ok, Some(out)) => out
                .to_js(env)
                .and_then(|v| check(napi_sys::napi_resolve_deferred(env, work.deferred, v))),
            _ => {
                let mut msg = null_mut();
                let text = format!("{}: the work was cancelled", work.name);
                check(napi_sys::napi_create_string_utf8(
                    env,
                    text.as_ptr().cast(),
                    text.len() as isize,
                    &mut msg,
                ))
                .and_then(|()| {
                    let mut error = null_mut();
                    check(napi_sys::napi_create_error(
                        env,
                        null_mut(),
                        msg,
                        &mut error,
                    ))?;
                    check(napi_sys::napi_reject_deferred(env, work.deferred, error))
                })
            }
        };
        // Nothing is left to report a failure to: the promise is all JS holds.
        let _ = settled;
        napi_sys::napi_delete_async_work(env, work.work);
    }
}

impl<F, R> ToJs for Offload<F>
where
    F: FnOnce() -> R + Send + 'static,
    R: ToJs + Send + 'static,
{
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        let mut deferred = null_mut();
        let mut promise = null_mut();
        // SAFETY: forwarded contract; out-pointers are locals.
        check(unsafe { napi_sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
        let mut resource = null_mut();
        // SAFETY: as above; the name is passed with its length.
        check(unsafe {
            napi_sys::napi_create_string_utf8(
                env,
                self.name.as_ptr().cast(),
                self.name.len() as isize,
                &mut resource,
            )
        })?;
        let data = Box::into_raw(Box::new(Work {
            name: self.name,
            run: Some(self.run),
            out: None::<R>,
            deferred,
            work: null_mut(),
        }));
        let mut work = null_mut();
        // SAFETY: `execute` and `complete` have the callback signatures and
        // the `Work` type of `data`, which stays valid until `complete` frees it.
        let queued = unsafe {
            check(napi_sys::napi_create_async_work(
                env,
                null_mut(),
                resource,
                Some(execute::<F, R>),
                Some(complete::<F, R>),
                data.cast(),
                &mut work,
            ))
            .and_then(|()| {
                (*data).work = work;
                check(napi_sys::napi_queue_async_work(env, work))
            })
        };
        if let Err(e) = queued {
            // Never queued: `complete` will not run, so free what it would have.
            // SAFETY: `data` came from `Box::into_raw` above and nothing else holds it.
            unsafe {
                if !work.is_null() {
                    napi_sys::napi_delete_async_work(env, work);
                }
                drop(Box::from_raw(data));
            }
            return Err(e);
        }
        Ok(promise)
    }
}
