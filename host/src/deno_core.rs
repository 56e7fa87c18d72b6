//! The deno_core engine: a `JsRuntime` over V8 (feature `deno_core`, built in CI) or over
//! QuickJS-ng through the v8x crate's emulation of the v8 API (feature `deno_core-quickjs`,
//! built here). Both run this one file; only `info` differs. The `js` mechanism of a host
//! column, and the `rust` one where it crosses into the engine (a JS loop calling the kernel
//! as an `#[op2(fast)]` op).

use std::rc::Rc;
use std::sync::Arc;

use ::deno_core::{
    extension, op2, v8, JsRuntime, ModuleSpecifier, PollEventLoopOptions, RuntimeOptions,
    StaticModuleLoader,
};

use crate::cells::{call_cell, fresh_runtime_cell, CallSite};
use crate::column::{Engine, How, Mech, Outcome};
use crate::document::Engine as EngineInfo;
use crate::spec::{Answer, Arg, PaymentSpec, Spec, WorkloadSpec};

/// The version of the deno_core crate this binary was built with (build.rs reads Cargo.lock).
pub const CRATE_VERSION: &str = env!("DENO_CORE_VERSION");

/// The column label of the QuickJS-ng variant, so it is a column of its own beside V8's.
#[cfg(feature = "deno_core-quickjs")]
pub const LABEL: Option<&str> = Some("quickjs");
#[cfg(not(feature = "deno_core-quickjs"))]
pub const LABEL: Option<&str> = None;

/// The kernel as JS sees it: `Deno.core.ops.op_add_i32`, a fast op (no argument boxing).
#[op2(fast)]
fn op_add_i32(a: i32, b: i32) -> i32 {
    kernels::add_i32(a, b)
}

extension!(bridgetax_host, ops = [op_add_i32]);

/// Where JS finds the op.
const OP_ADD_I32: &str = "Deno.core.ops.op_add_i32";

/// The engine under deno_core and its version, as the provenance records it.
#[cfg(feature = "deno_core-quickjs")]
pub fn info() -> EngineInfo {
    // v8x reports V8's version from `V8::get_version` (it emulates V8); the QuickJS-ng it
    // vendors and links says its own through its C API.
    extern "C" {
        fn JS_GetVersion() -> *const std::os::raw::c_char;
    }
    // SAFETY: JS_GetVersion (QuickJS-ng, linked by v8x) takes no arguments and returns a
    // pointer to a static NUL-terminated string compiled into the library, never freed or written.
    let v = unsafe { std::ffi::CStr::from_ptr(JS_GetVersion()) };
    EngineInfo {
        name: "QuickJS-ng".into(),
        version: v.to_string_lossy().into_owned(),
    }
}

/// The engine under deno_core and its version, as the provenance records it.
#[cfg(not(feature = "deno_core-quickjs"))]
pub fn info() -> EngineInfo {
    EngineInfo {
        name: "V8".into(),
        version: v8::V8::get_version().into(),
    }
}

/// One runtime kept for the whole column, with the reference module loaded.
pub struct DenoCore<'s> {
    spec: &'s Spec,
    tokio: tokio::runtime::Runtime,
    rt: JsRuntime,
    /// The reference module's namespace.
    reference: v8::Global<v8::Object>,
    script: Arc<str>,
}

/// A runtime whose module loader knows the spec's stub modules, with the op registered.
fn runtime(spec: &Spec) -> Result<JsRuntime, String> {
    let stubs = spec
        .stub_modules
        .iter()
        .map(|m| {
            ModuleSpecifier::parse(&m.name)
                .map(|url| (url, m.source.clone()))
                .map_err(|e| format!("stub module {:?} is not a module specifier: {e}", m.name))
        })
        .collect::<Result<Vec<_>, _>>()?;
    JsRuntime::try_new(RuntimeOptions {
        module_loader: Some(Rc::new(StaticModuleLoader::new(stubs))),
        extensions: vec![bridgetax_host::init()],
        ..Default::default()
    })
    .map_err(|e| format!("creating a deno_core JsRuntime: {e}"))
}

/// Runs the prelude and loads and evaluates the reference module; returns its namespace.
fn load_reference(
    rt: &mut JsRuntime,
    tokio: &tokio::runtime::Runtime,
    spec: &Spec,
) -> Result<v8::Global<v8::Object>, String> {
    let fail =
        |e: &dyn std::fmt::Display| format!("loading the reference module into deno_core: {e}");
    rt.execute_script("bridgetax:prelude", spec.prelude.clone())
        .map_err(|e| fail(&e))?;
    let url = ModuleSpecifier::parse("bridgetax:reference").map_err(|e| fail(&e))?;
    tokio.block_on(async {
        let id = rt
            .load_side_es_module_from_code(&url, spec.reference_module.clone())
            .await
            .map_err(|e| fail(&e))?;
        let evaluated = rt.mod_evaluate(id);
        rt.run_event_loop(PollEventLoopOptions::default())
            .await
            .map_err(|e| fail(&e))?;
        evaluated.await.map_err(|e| fail(&e))?;
        rt.get_module_namespace(id).map_err(|e| fail(&e))
    })
}

/// The small script's number, from what `execute_script` returned.
fn number_of(rt: &mut JsRuntime, v: v8::Global<v8::Value>) -> Result<f64, String> {
    ::deno_core::scope!(scope, rt);
    let local = v8::Local::new(scope, v);
    local
        .number_value(scope)
        .ok_or_else(|| "the script's result is not a number".to_string())
}

/// Evaluates the spec's small script in `rt` and reads its number.
fn eval_script(rt: &mut JsRuntime, script: &Arc<str>) -> Result<f64, String> {
    let v = rt
        .execute_script("bridgetax:script", script.clone())
        .map_err(|e| e.to_string())?;
    number_of(rt, v)
}

impl<'s> DenoCore<'s> {
    pub fn new(spec: &'s Spec) -> Result<Self, String> {
        let tokio = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("creating a tokio runtime for deno_core: {e}"))?;
        let mut rt = runtime(spec)?;
        let reference = load_reference(&mut rt, &tokio, spec)?;
        Ok(DenoCore {
            spec,
            tokio,
            rt,
            reference,
            script: spec.script.as_str().into(),
        })
    }
}

/// A caught exception as text (what the value prints as: a thrown Error prints its message).
fn thrown(scope: &mut v8::PinScope<'_, '_>, e: Option<v8::Local<'_, v8::Value>>) -> String {
    match e {
        Some(e) => e.to_rust_string_lossy(scope),
        None => "the call was terminated".into(),
    }
}

/// `f(args)` with `this` undefined, inside a handle scope of its own (so a timed loop frees
/// each call's handles) and a TryCatch (so a throw comes back as its message); `read` turns
/// the result into what the caller keeps before that scope ends.
fn call<T>(
    scope: &mut v8::PinScope<'_, '_>,
    f: v8::Local<'_, v8::Function>,
    args: &[v8::Local<'_, v8::Value>],
    read: impl for<'t, 'u> FnOnce(
        &mut v8::PinScope<'t, 'u>,
        v8::Local<'t, v8::Value>,
    ) -> Result<T, String>,
) -> Result<T, String> {
    v8::scope!(let inner, scope);
    v8::tc_scope!(let tc, inner);
    let this = v8::undefined(tc).into();
    match f.call(tc, this, args) {
        Some(r) => read(tc, r),
        None => {
            let e = tc.exception();
            Err(thrown(tc, e))
        }
    }
}

/// A JS function named by a global expression (`Deno.core.ops.op_add_i32`) or a function source.
fn function_of<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    source: &str,
) -> Result<v8::Local<'s, v8::Function>, String> {
    let code = v8::String::new(scope, source).ok_or("the source is too long for a JS string")?;
    v8::tc_scope!(let tc, scope);
    let Some(value) = v8::Script::compile(tc, code, None).and_then(|s| s.run(tc)) else {
        let e = tc.exception();
        return Err(thrown(tc, e));
    };
    v8::Local::<v8::Function>::try_from(value).map_err(|_| format!("{source} is not a function"))
}

fn reference_fn<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    ns: v8::Local<'s, v8::Object>,
    name: &str,
) -> Result<v8::Local<'s, v8::Function>, String> {
    let key = v8::String::new(scope, name).ok_or("a function name too long for a JS string")?;
    ns.get(scope, key.into())
        .and_then(|v| v8::Local::<v8::Function>::try_from(v).ok())
        .ok_or_else(|| format!("the reference module has no function {name}"))
}

/// The property names of a payment object, made once per cell (as a host interns them).
struct PaymentKeys<'s> {
    amount: v8::Local<'s, v8::Value>,
    method: v8::Local<'s, v8::Value>,
    cross_border: v8::Local<'s, v8::Value>,
}

impl<'s> PaymentKeys<'s> {
    fn new(scope: &mut v8::PinScope<'s, '_>) -> Result<Self, String> {
        let key = |scope: &mut v8::PinScope<'s, '_>, k: &str| {
            v8::String::new_from_utf8(scope, k.as_bytes(), v8::NewStringType::Internalized)
                .map(Into::into)
                .ok_or_else(|| format!("cannot make the JS string {k:?}"))
        };
        Ok(PaymentKeys {
            amount: key(scope, "amountCents")?,
            method: key(scope, "method")?,
            cross_border: key(scope, "crossBorder")?,
        })
    }

    /// A payment record as a JS object: what a host converts each record into per call.
    fn object<'t>(
        &self,
        scope: &mut v8::PinScope<'t, '_>,
        p: &PaymentSpec,
    ) -> Result<v8::Local<'t, v8::Object>, String> {
        let o = v8::Object::new(scope);
        let amount = v8::Number::new(scope, f64::from(p.amount_cents)).into();
        let method = v8::String::new(scope, &p.method)
            .ok_or("a payment method too long for a JS string")?
            .into();
        let cross = v8::Boolean::new(scope, p.cross_border).into();
        for (k, v) in [
            (self.amount, amount),
            (self.method, method),
            (self.cross_border, cross),
        ] {
            o.set(scope, k, v)
                .ok_or("setting a payment property threw")?;
        }
        Ok(o)
    }
}

/// A JS value for one argument.
fn to_js<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    keys: &PaymentKeys<'s>,
    arg: &Arg,
) -> Result<v8::Local<'s, v8::Value>, String> {
    let buffer = |scope: &mut v8::PinScope<'s, '_>, bytes: Vec<u8>| {
        let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
        v8::ArrayBuffer::with_backing_store(scope, &store)
    };
    Ok(match arg {
        Arg::I32(x) => v8::Integer::new(scope, *x).into(),
        Arg::U32(x) => v8::Number::new(scope, f64::from(*x)).into(),
        Arg::F64(x) => v8::Number::new(scope, *x).into(),
        Arg::F64s(v) | Arg::F64sMut(v) => {
            let ab = buffer(scope, v.iter().flat_map(|x| x.to_ne_bytes()).collect());
            v8::Float64Array::new(scope, ab, 0, v.len())
                .ok_or("cannot make a Float64Array")?
                .into()
        }
        Arg::I32s(v) | Arg::I32sMut(v) => {
            let ab = buffer(scope, v.iter().flat_map(|x| x.to_ne_bytes()).collect());
            v8::Int32Array::new(scope, ab, 0, v.len())
                .ok_or("cannot make an Int32Array")?
                .into()
        }
        Arg::Strs(v) => {
            let a = v8::Array::new(scope, 0);
            for (i, s) in v.iter().enumerate() {
                let s = v8::String::new(scope, s).ok_or("a string too long for JS")?;
                a.set_index(scope, i as u32, s.into())
                    .ok_or("setting an array element threw")?;
            }
            a.into()
        }
        Arg::Payments(v) => {
            let a = v8::Array::new(scope, 0);
            for (i, p) in v.iter().enumerate() {
                let o = keys.object(scope, p)?;
                a.set_index(scope, i as u32, o.into())
                    .ok_or("setting an array element threw")?;
            }
            a.into()
        }
    })
}

/// The elements of an array or typed array `o`, read as numbers, or as strings when the first is one.
fn elements<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    o: v8::Local<'s, v8::Object>,
    len: u32,
) -> Result<Answer, String> {
    let items = (0..len)
        .map(|i| {
            o.get_index(scope, i)
                .ok_or_else(|| format!("reading element {i} threw"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if items.first().is_some_and(|x| x.is_string()) {
        return Ok(Answer::Strs(
            items
                .iter()
                .map(|x| x.to_rust_string_lossy(scope))
                .collect(),
        ));
    }
    items
        .iter()
        .map(|x| {
            x.number_value(scope)
                .ok_or_else(|| "an element is not a number".to_string())
        })
        .collect::<Result<_, String>>()
        .map(Answer::Nums)
}

/// A JS result as an `Answer`: a number, or an array / typed array of numbers or strings.
/// Read element by element: it runs only to verify, never inside a timing.
fn answer_of<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    v: v8::Local<'s, v8::Value>,
) -> Result<Answer, String> {
    if v.is_number() {
        return v
            .number_value(scope)
            .map(Answer::Num)
            .ok_or_else(|| "not a number".into());
    }
    if v.is_float64_array() || v.is_int32_array() {
        let a = v8::Local::<v8::TypedArray>::try_from(v).map_err(|e| e.to_string())?;
        let len = u32::try_from(a.length()).map_err(|e| e.to_string())?;
        return elements(scope, a.into(), len);
    }
    if let Ok(a) = v8::Local::<v8::Array>::try_from(v) {
        return elements(scope, a.into(), a.length());
    }
    Err(format!(
        "the engine returned {} where a number or an array was expected",
        v.type_repr()
    ))
}

impl Engine for DenoCore<'_> {
    fn run(&mut self, w: &WorkloadSpec, mech: Mech, how: &How) -> Result<Outcome, String> {
        let spec = self.spec;
        let script = self.script.clone();
        match w.id.as_str() {
            "engine_start" => {
                let tokio = &self.tokio;
                // A whole host's first step: runtime, the reference module, a first script.
                let start = || -> Result<f64, String> {
                    let mut rt = runtime(spec)?;
                    load_reference(&mut rt, tokio, spec)?;
                    eval_script(&mut rt, &script)
                };
                fresh_runtime_cell(start, how, "a new JsRuntime (the op's extension, a module loader), the reference module loaded and evaluated, the small script run; teardown included")
            }
            "eval_fresh" => {
                let eval = || eval_script(&mut JsRuntime::new(RuntimeOptions::default()), &script);
                fresh_runtime_cell(eval, how, "a new JsRuntime (default options) per call, the small script run by execute_script, teardown included")
            }
            "eval_reused" => {
                let site = CallSite {
                    make: |_: &mut JsRuntime| Ok(()),
                    answer: |rt: &mut JsRuntime, _: &()| eval_script(rt, &script).map(Answer::Num),
                    call: |rt: &mut JsRuntime, _: &()| {
                        rt.execute_script("bridgetax:script", script.clone())
                            .map(drop)
                            .map_err(|e| e.to_string())
                    },
                };
                call_cell(
                    &mut self.rt,
                    w,
                    how,
                    site,
                    Some(
                        "the small script run again by execute_script in the one reused JsRuntime"
                            .into(),
                    ),
                )
            }
            _ => {
                let reference = self.reference.clone();
                ::deno_core::scope!(scope, self.rt);
                let ns = v8::Local::new(scope, reference);
                scoped_cell(scope, ns, w, mech, how)
            }
        }
    }
}

/// Every cell that runs inside the reused runtime's context.
fn scoped_cell<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    ns: v8::Local<'s, v8::Object>,
    w: &WorkloadSpec,
    mech: Mech,
    how: &How,
) -> Result<Outcome, String> {
    match w.id.as_str() {
        "add_i32" => {
            // Rust calling a JS function: v8::Function::call with two i32 arguments.
            let f = reference_fn(scope, ns, &w.function)?;
            let (a, b) = match w.args.as_slice() {
                [Arg::I32(a), Arg::I32(b)] => (*a, *b),
                other => {
                    return Err(format!(
                        "add_i32 takes two i32 arguments, the spec gives {other:?}"
                    ))
                }
            };
            let once = |scope: &mut v8::PinScope<'s, '_>| -> Result<i32, String> {
                // The arguments' handles in a scope of their own, freed after each call.
                v8::scope!(let inner, scope);
                let args = [
                    v8::Integer::new(inner, a).into(),
                    v8::Integer::new(inner, b).into(),
                ];
                call(inner, f, &args, |scope, r| {
                    r.int32_value(scope)
                        .ok_or_else(|| "add_i32 returned no number".into())
                })
            };
            let site = CallSite {
                make: |_: &mut v8::PinScope<'s, '_>| Ok(()),
                answer: |scope: &mut v8::PinScope<'s, '_>, _: &()| {
                    once(scope).map(|x| Answer::Num(f64::from(x)))
                },
                call: |scope: &mut v8::PinScope<'s, '_>, _: &()| once(scope).map(drop),
            };
            call_cell(scope, w, how, site, Some("Rust calls the JS function in the engine (v8::Function::call, a handle scope and a TryCatch per call)".into()))
        }
        "fee_rule" => {
            let rule = reference_fn(scope, ns, &w.function)?;
            let records = match w.args.as_slice() {
                [Arg::Payments(p)] => p,
                other => {
                    return Err(format!(
                        "fee_rule takes payment records, the spec gives {other:?}"
                    ))
                }
            };
            let keys = PaymentKeys::new(scope)?;
            // Per record, as a plugin host does it: the Rust record made a JS object, the rule
            // called, its fee read back.
            let apply = |scope: &mut v8::PinScope<'s, '_>| -> Result<Vec<u32>, String> {
                v8::scope!(let inner, scope);
                let mut fees = Vec::with_capacity(records.len());
                for p in records {
                    let o = keys.object(inner, p)?;
                    fees.push(call(inner, rule, &[o.into()], |scope, r| {
                        r.uint32_value(scope)
                            .ok_or_else(|| "the rule returned no number".into())
                    })?);
                }
                Ok(fees)
            };
            let site = CallSite {
                make: |_: &mut v8::PinScope<'s, '_>| Ok(()),
                answer: |scope: &mut v8::PinScope<'s, '_>, _: &()| {
                    apply(scope).map(|f| Answer::Nums(f.into_iter().map(f64::from).collect()))
                },
                call: |scope: &mut v8::PinScope<'s, '_>, _: &()| apply(scope).map(drop),
            };
            call_cell(scope, w, how, site, Some("per record: the Rust record made a JS object (v8::Object::new and three sets), the JS rule called, the fee read back".into()))
        }
        _ => reference_cell(scope, ns, w, mech, how),
    }
}

/// A catalogue workload run as its JS reference inside the engine (`js`), or, for a JS loop
/// over another function (`via`), that loop calling the kernel as a fast op (`rust`).
fn reference_cell<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    ns: v8::Local<'s, v8::Object>,
    w: &WorkloadSpec,
    mech: Mech,
    how: &How,
) -> Result<Outcome, String> {
    let (f, prefix, note) = match (&w.via, mech) {
        (Some(via), _) => {
            let lp = function_of(
                scope,
                &format!("(function ({}) {{ {} }})", via.params.join(", "), via.body),
            )?;
            let (callee, note) = match mech {
                Mech::Js => (reference_fn(scope, ns, &w.function)?, "a JS loop in the engine calling the JS reference"),
                Mech::Rust => (function_of(scope, OP_ADD_I32)?, "a JS loop in the engine calling the kernel as an #[op2(fast)] op: one crossing per pair"),
            };
            (
                lp,
                vec![v8::Local::<v8::Value>::from(callee)],
                Some(note.to_string()),
            )
        }
        (None, Mech::Js) => (reference_fn(scope, ns, &w.function)?, vec![], None),
        (None, Mech::Rust) => {
            return Err(format!(
                "{}: the native kernel runs outside the engine",
                w.id
            ))
        }
    };
    let keys = PaymentKeys::new(scope)?;
    let n = prefix.len();
    // Arguments are kept as Globals, freed when dropped: a fresh copy per call (a written
    // argument) must not pile up in the cell's handle scope, buffers and all.
    let prefix: Vec<v8::Global<v8::Value>> = prefix
        .into_iter()
        .map(|v| v8::Global::new(scope, v))
        .collect();
    type Args = Vec<v8::Global<v8::Value>>;
    let run = |scope: &mut v8::PinScope<'s, '_>,
               args: &Args,
               observe: bool|
     -> Result<Option<Answer>, String> {
        v8::scope!(let inner, scope);
        let locals: Vec<v8::Local<v8::Value>> =
            args.iter().map(|g| v8::Local::new(inner, g)).collect();
        let of_result = observe && w.observe.is_none();
        let r = call(inner, f, &locals, |scope, r| {
            if of_result {
                answer_of(scope, r).map(Some)
            } else {
                Ok(None)
            }
        })?;
        match (observe, w.observe) {
            // The answer is a written argument's content after the call.
            (true, Some(i)) => answer_of(inner, locals[n + i]).map(Some),
            _ => Ok(r),
        }
    };
    let site = CallSite {
        make: |scope: &mut v8::PinScope<'s, '_>| -> Result<Args, String> {
            v8::scope!(let inner, scope);
            let mut v = prefix.clone();
            for a in &w.args {
                let local = to_js(inner, &keys, a)?;
                v.push(v8::Global::new(inner, local));
            }
            Ok(v)
        },
        answer: |scope: &mut v8::PinScope<'s, '_>, args: &Args| {
            run(scope, args, true)?.ok_or_else(|| "no answer was read".to_string())
        },
        call: |scope: &mut v8::PinScope<'s, '_>, args: &Args| run(scope, args, false).map(drop),
    };
    call_cell(scope, w, how, site, note)
}
