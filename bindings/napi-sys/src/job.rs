//! `async_job` through `napi_create_async_work`: the kernel runs on libuv's
//! thread pool and a Promise (`napi_create_promise`) resolves on the JS
//! thread, which is what napi-rs's `AsyncTask` and neon's task wrap.

use crate::convert::ToJs;
use crate::{check, Fail};
use napi_sys::{napi_async_work, napi_deferred, napi_env, napi_status, napi_value, Status};
use std::ffi::c_void;
use std::ptr::null_mut;

/// What `async_job(n)` returns: queued as async work when converted to JS.
pub struct AsyncJob {
    n: u32,
}

impl AsyncJob {
    pub fn new(n: u32) -> Self {
        AsyncJob { n }
    }
}

/// The state one queued job owns, from `to_js` until `complete` frees it.
struct Work {
    n: u32,
    out: u32,
    deferred: napi_deferred,
    work: napi_async_work,
}

/// Runs on a pool thread: only plain Rust, no Node-API call.
unsafe extern "C" fn execute(_env: napi_env, data: *mut c_void) {
    // SAFETY: `data` is the `Work` boxed in `to_js`; until `complete` runs,
    // only this thread touches it.
    let work = unsafe { &mut *data.cast::<Work>() };
    work.out = kernels::async_job(work.n);
}

/// Runs on the JS thread once `execute` is done (or the work was cancelled).
unsafe extern "C" fn complete(env: napi_env, status: napi_status, data: *mut c_void) {
    // SAFETY: `data` is the `Work` boxed in `to_js`, handed back exactly once.
    let work = unsafe { Box::from_raw(data.cast::<Work>()) };
    // SAFETY: `env` is live on the JS thread; `deferred` and `work` were made
    // in it and are used once each here.
    unsafe {
        let settled = if status == Status::napi_ok {
            work.out
                .to_js(env)
                .and_then(|v| check(napi_sys::napi_resolve_deferred(env, work.deferred, v)))
        } else {
            let mut msg = null_mut();
            let text = "async_job: the work was cancelled";
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
        };
        // Nothing is left to report a failure to: the promise is all JS holds.
        let _ = settled;
        napi_sys::napi_delete_async_work(env, work.work);
    }
}

impl ToJs for AsyncJob {
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        let mut deferred = null_mut();
        let mut promise = null_mut();
        // SAFETY: forwarded contract; out-pointers are locals.
        check(unsafe { napi_sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
        let name = "async_job";
        let mut resource = null_mut();
        // SAFETY: as above; the name is passed with its length.
        check(unsafe {
            napi_sys::napi_create_string_utf8(
                env,
                name.as_ptr().cast(),
                name.len() as isize,
                &mut resource,
            )
        })?;
        let data = Box::into_raw(Box::new(Work {
            n: self.n,
            out: 0,
            deferred,
            work: null_mut(),
        }));
        let mut work = null_mut();
        // SAFETY: `execute` and `complete` have the callback signatures;
        // `data` stays valid until `complete` frees it.
        let queued = unsafe {
            check(napi_sys::napi_create_async_work(
                env,
                null_mut(),
                resource,
                Some(execute),
                Some(complete),
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
