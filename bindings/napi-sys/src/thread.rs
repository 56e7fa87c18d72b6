//! An `async` workload with a callback (`callback_thread`) through Node-API's
//! own threadsafe-callback API, the floor under napi-rs's `ThreadsafeFunction`
//! and neon's `Channel`. The export makes a Promise (`napi_create_promise`) and
//! a threadsafe function of the JS callback (`napi_create_threadsafe_function`),
//! and starts a Rust thread that runs the kernel. Each `fn(i)` there is a
//! `napi_call_threadsafe_function` whose `call_js` (run on the JS thread) calls
//! the function and sends its answer back over a channel the Rust thread waits
//! on. The thread's last call carries the kernel's answer, which `call_js`
//! settles the Promise with; then the thread releases the function, and its
//! finalizer frees what the JS side held.

use crate::convert::{Callback, FromJs, ToJs};
use crate::{check, Fail};
use napi_sys::{
    napi_deferred, napi_env, napi_ref, napi_threadsafe_function, napi_value, Status,
    ThreadsafeFunctionCallMode, ThreadsafeFunctionReleaseMode,
};
use std::ffi::{c_void, CString};
use std::marker::PhantomData;
use std::ptr::null_mut;
use std::sync::mpsc::{sync_channel, SyncSender};

/// What the Rust thread asks of the JS thread, one message per `napi_call_threadsafe_function`.
enum Message<R> {
    /// Call the function with `i` and send its answer back.
    Call(i32, SyncSender<Result<i32, Fail>>),
    /// The kernel's answer (or why it stopped): settle the Promise with it.
    Done(Result<R, Fail>),
}

/// What the JS thread keeps for one call of the export, from its start to the finalizer.
struct JsSide {
    name: &'static str,
    /// Null once the Promise is settled.
    deferred: napi_deferred,
    /// The first exception a callback threw, in a one-element array (a reference to a
    /// primitive needs Node-API 10), which rejects the Promise; null when none did.
    thrown: napi_ref,
}

/// The Rust thread's handle on the threadsafe function, sending messages of answer type `R`.
pub struct Remote<R> {
    tsfn: napi_threadsafe_function,
    answer: PhantomData<fn() -> R>,
}

// SAFETY: a threadsafe function exists to be called from other threads; this handle is used
// by one thread at a time (it moves to the thread it starts).
unsafe impl<R> Send for Remote<R> {}

impl<R> Remote<R> {
    /// Queues `message` to the JS thread; it is freed there (or here, when refused).
    fn send(&self, message: Message<R>) -> Result<(), Fail> {
        let data = Box::into_raw(Box::new(message));
        // SAFETY: `tsfn` is live until `release` (which comes after every send), and
        // `call_js::<R>` reads the data as the `Box<Message<R>>` it is.
        let status = unsafe {
            napi_sys::napi_call_threadsafe_function(
                self.tsfn,
                data.cast(),
                ThreadsafeFunctionCallMode::blocking,
            )
        };
        if status != Status::napi_ok {
            // Not queued: Node-API never took the data.
            // SAFETY: `data` came from `Box::into_raw` above and nothing else holds it.
            drop(unsafe { Box::from_raw(data) });
            return Err(Fail::Status(status));
        }
        Ok(())
    }

    /// `f(i)`, called on the JS thread; this thread waits for the answer. A channel per call,
    /// so a call Node drops unanswered (the environment closing) ends the wait.
    pub fn call(&self, i: i32) -> Result<i32, Fail> {
        let (reply, wait) = sync_channel(1);
        self.send(Message::Call(i, reply))?;
        wait.recv()
            .unwrap_or(Err(Fail::Status(Status::napi_closing)))
    }

    /// The thread is done with the function: once the queue is empty it is finalized.
    fn release(self) {
        // SAFETY: this thread's one acquisition (the initial count of 1), given back once.
        unsafe {
            napi_sys::napi_release_threadsafe_function(
                self.tsfn,
                ThreadsafeFunctionReleaseMode::release,
            );
        }
    }
}

/// What a `thread` workload's wrapper returns: the JS function it calls back and the kernel
/// call, which runs on a new Rust thread when converted to JS (to its Promise).
pub struct Threaded<F, R> {
    name: &'static str,
    f: Option<Callback>,
    run: F,
    answer: PhantomData<fn() -> R>,
}

impl<F, R> Threaded<F, R>
where
    F: FnOnce(&Remote<R>) -> Result<R, Fail>,
{
    /// `f`: the callback argument (the one a `thread` workload has); `run`: the kernel call,
    /// given the thread's handle to call `f` with.
    pub fn new(name: &'static str, f: Option<Callback>, run: F) -> Self {
        Threaded {
            name,
            f,
            run,
            answer: PhantomData,
        }
    }
}

/// A JS `Error` (a `TypeError` when `type_error`) with `code` and `message`.
///
/// # Safety
///
/// `env` must be live on the JS thread.
unsafe fn js_error(
    env: napi_env,
    code: &str,
    message: &str,
    type_error: bool,
) -> Result<napi_value, Fail> {
    let mut js_code = null_mut();
    let mut js_message = null_mut();
    let mut error = null_mut();
    // SAFETY: forwarded contract; the strings are passed with their lengths, and every
    // out-pointer is a local.
    unsafe {
        check(napi_sys::napi_create_string_utf8(
            env,
            code.as_ptr().cast(),
            code.len() as isize,
            &mut js_code,
        ))?;
        check(napi_sys::napi_create_string_utf8(
            env,
            message.as_ptr().cast(),
            message.len() as isize,
            &mut js_message,
        ))?;
        check(if type_error {
            napi_sys::napi_create_type_error(env, js_code, js_message, &mut error)
        } else {
            napi_sys::napi_create_error(env, js_code, js_message, &mut error)
        })?;
    }
    Ok(error)
}

/// The JS error for why the kernel stopped (but an exception, which is kept as it was thrown).
///
/// # Safety
///
/// `env` must be live on the JS thread.
unsafe fn error_of(env: napi_env, name: &str, fail: Fail) -> Result<napi_value, Fail> {
    let (code, message, type_error) = match fail {
        Fail::Type(code) => (code, format!("{name}: the callback answered {code}"), true),
        Fail::Thrown => (
            "GenericFailure",
            format!("{name}: the callback threw"),
            false,
        ),
        Fail::Status(s) => (
            "GenericFailure",
            format!("{name}: a Node-API call failed with status {s}"),
            false,
        ),
    };
    // SAFETY: forwarded contract.
    unsafe { js_error(env, code, &message, type_error) }
}

/// Calls the function with `i` on the JS thread. An exception is taken (so none is left
/// pending) and kept in `side` (the first one), and stops the kernel.
///
/// # Safety
///
/// `env` and `f` must be live on the JS thread, `side` this call's own.
unsafe fn call_once(env: napi_env, f: napi_value, side: &mut JsSide, i: i32) -> Result<i32, Fail> {
    let mut this = null_mut();
    let mut out = null_mut();
    // SAFETY: forwarded contract; out-pointers are locals.
    unsafe {
        check(napi_sys::napi_get_undefined(env, &mut this))?;
        let arg = i.to_js(env)?;
        let status = napi_sys::napi_call_function(env, this, f, 1, &arg, &mut out);
        if status == Status::napi_pending_exception {
            let mut exception = null_mut();
            check(napi_sys::napi_get_and_clear_last_exception(
                env,
                &mut exception,
            ))?;
            if side.thrown.is_null() {
                let mut holder = null_mut();
                check(napi_sys::napi_create_array_with_length(env, 1, &mut holder))?;
                check(napi_sys::napi_set_element(env, holder, 0, exception))?;
                check(napi_sys::napi_create_reference(
                    env,
                    holder,
                    1,
                    &mut side.thrown,
                ))?;
            }
            return Err(Fail::Thrown);
        }
        check(status)?;
        i32::from_js(env, out)
    }
}

/// Settles the Promise with the kernel's answer, or rejects it with why the kernel stopped.
///
/// # Safety
///
/// `env` must be live on the JS thread, `side` this call's own.
unsafe fn settle<R: ToJs>(env: napi_env, side: &mut JsSide, done: Result<R, Fail>) {
    if side.deferred.is_null() {
        return;
    }
    let deferred = std::mem::replace(&mut side.deferred, null_mut());
    // SAFETY: forwarded contract; `deferred` is settled once (it is null from here on).
    let settled = unsafe {
        match done {
            Ok(answer) => answer
                .to_js(env)
                .and_then(|v| check(napi_sys::napi_resolve_deferred(env, deferred, v))),
            Err(fail) => {
                let reason = if matches!(fail, Fail::Thrown) && !side.thrown.is_null() {
                    let mut holder = null_mut();
                    let mut exception = null_mut();
                    check(napi_sys::napi_get_reference_value(
                        env,
                        side.thrown,
                        &mut holder,
                    ))
                    .and_then(|()| {
                        check(napi_sys::napi_get_element(env, holder, 0, &mut exception))
                    })
                    .map(|()| exception)
                } else {
                    error_of(env, side.name, fail)
                };
                reason.and_then(|e| check(napi_sys::napi_reject_deferred(env, deferred, e)))
            }
        }
    };
    // Nothing is left to report a failure to: the Promise is all JS holds.
    let _ = settled;
}

/// Runs on the JS thread, once per message the Rust thread queued.
unsafe extern "C" fn call_js<R: ToJs>(
    env: napi_env,
    f: napi_value,
    context: *mut c_void,
    data: *mut c_void,
) {
    // SAFETY: every message is a `Box<Message<R>>` from `Remote::send`, handed here once.
    let message = unsafe { Box::from_raw(data.cast::<Message<R>>()) };
    // Null while the environment is torn down: drop the message, which ends a waiting call.
    if env.is_null() || f.is_null() {
        return;
    }
    // SAFETY: `context` is this function's `JsSide`, used only on the JS thread and freed by
    // the finalizer, which runs after the last message.
    let side = unsafe { &mut *context.cast::<JsSide>() };
    match *message {
        Message::Call(i, reply) => {
            // SAFETY: `env` and `f` are live here, on the JS thread.
            let answer = unsafe { call_once(env, f, side, i) };
            // The Rust thread waits on the other end; it cannot have gone.
            let _ = reply.send(answer);
        }
        // SAFETY: as above.
        Message::Done(done) => unsafe { settle(env, side, done) },
    }
}

/// Frees the JS side once every thread released the function and its queue is empty.
unsafe extern "C" fn finalize(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the `JsSide` boxed in `to_js`, handed here once.
    let side = unsafe { Box::from_raw(data.cast::<JsSide>()) };
    if !side.thrown.is_null() && !env.is_null() {
        // SAFETY: the reference was made in `env`, and is deleted once.
        unsafe { napi_sys::napi_delete_reference(env, side.thrown) };
    }
}

impl<F, R> ToJs for Threaded<F, R>
where
    F: FnOnce(&Remote<R>) -> Result<R, Fail> + Send + 'static,
    R: ToJs + Send + 'static,
{
    unsafe fn to_js(self, env: napi_env) -> Result<napi_value, Fail> {
        let f = self.f.ok_or(Fail::Type("FunctionExpected"))?;
        let mut deferred = null_mut();
        let mut promise = null_mut();
        // SAFETY: forwarded contract; out-pointers are locals.
        check(unsafe { napi_sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
        let resource = CString::new(self.name).unwrap_or_default();
        let mut resource_name = null_mut();
        // SAFETY: as above; `resource` is NUL-terminated.
        check(unsafe {
            napi_sys::napi_create_string_utf8(env, resource.as_ptr(), -1, &mut resource_name)
        })?;
        let side = Box::into_raw(Box::new(JsSide {
            name: self.name,
            deferred,
            thrown: null_mut(),
        }));
        let mut tsfn = null_mut();
        // SAFETY: `f` is this call's function argument; `side` is both the finalizer's data and
        // the context `call_js` reads, valid until `finalize` frees it; no queue limit (0) and
        // one thread (the one started below) holding the function.
        let made = check(unsafe {
            napi_sys::napi_create_threadsafe_function(
                env,
                f.value(),
                null_mut(),
                resource_name,
                0,
                1,
                side.cast(),
                Some(finalize),
                side.cast(),
                Some(call_js::<R>),
                &mut tsfn,
            )
        });
        if let Err(e) = made {
            // Never made: nothing else will free the JS side.
            // SAFETY: `side` came from `Box::into_raw` above and nothing else holds it.
            drop(unsafe { Box::from_raw(side) });
            return Err(e);
        }
        let remote = Remote {
            tsfn,
            answer: PhantomData,
        };
        let run = self.run;
        let started = crate::digest::on_new_thread((remote, run), |(remote, run)| {
            let done = run(&remote);
            // Refused only while the environment closes, when no one waits for the Promise.
            let _ = remote.send(Message::Done(done));
            remote.release();
        });
        if let Err((remote, _)) = started {
            // No thread: reject here, on the JS thread, and let the function go.
            let text = format!("{}: no Rust thread could be started", self.name);
            // SAFETY: `side` is live until the release below lets `finalize` run (later, on
            // this thread); its deferred is settled once, here, and nulled.
            unsafe {
                let deferred = std::mem::replace(&mut (*side).deferred, null_mut());
                let rejected = js_error(env, "GenericFailure", &text, false)
                    .and_then(|e| check(napi_sys::napi_reject_deferred(env, deferred, e)));
                // The Promise is returned either way; a failure to reject has no one to tell.
                let _ = rejected;
            }
            remote.release();
        }
        Ok(promise)
    }
}
