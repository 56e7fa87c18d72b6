//! The rquickjs engine (QuickJS-ng compiled from the crate's bundled C): the `js` mechanism of
//! a host column, and the `rust` one where it crosses into the engine (a JS loop calling the
//! kernel registered as an rquickjs `Func`).

use std::cell::RefCell;

use rquickjs::function::{Args, Func};
use rquickjs::loader::{BuiltinLoader, BuiltinResolver};
use rquickjs::{
    Array, CatchResultExt, Context, Ctx, Function, Module, Object, Runtime, TypedArray, Value,
};

use crate::cells::{call_cell, fresh_runtime_cell, CallSite};
use crate::column::{Engine, How, Mech, Outcome};
use crate::document::Engine as EngineInfo;
use crate::spec::{Answer, Arg, PaymentSpec, Spec, WorkloadSpec};

/// The version of the rquickjs crate this binary was built with (build.rs reads Cargo.lock).
pub const CRATE_VERSION: &str = env!("RQUICKJS_VERSION");

/// Where the reference module's namespace and the registered Rust function live on the global
/// object of the reused context.
const REFERENCE: &str = "__bridgetax_reference";
const RUST_ADD_I32: &str = "rust_add_i32";

/// The engine's own version string (QuickJS-ng's `JS_GetVersion`).
pub fn engine_version() -> String {
    // SAFETY: JS_GetVersion takes no arguments and returns a pointer to a static NUL-terminated
    // string compiled into the library; it is never freed or written.
    let v = unsafe { std::ffi::CStr::from_ptr(rquickjs::qjs::JS_GetVersion()) };
    v.to_string_lossy().into_owned()
}

/// What the provenance records about the engine.
pub fn info() -> EngineInfo {
    EngineInfo {
        name: "QuickJS-ng".into(),
        version: engine_version(),
    }
}

/// One runtime and context kept for the whole column, with the reference module loaded.
pub struct QuickJs<'s> {
    spec: &'s Spec,
    _rt: Runtime,
    ctx: Context,
}

/// A runtime that can load the reference module (its stubs resolve as built-in modules).
fn runtime(spec: &Spec) -> rquickjs::Result<Runtime> {
    let rt = Runtime::new()?;
    let mut resolver = BuiltinResolver::default();
    let mut loader = BuiltinLoader::default();
    for m in &spec.stub_modules {
        resolver.add_module(m.name.clone());
        loader.add_module(m.name.clone(), m.source.clone());
    }
    rt.set_loader(resolver, loader);
    Ok(rt)
}

/// Loads the prelude and the reference module into `ctx`; returns the module's namespace.
fn load_reference<'js>(ctx: &Ctx<'js>, spec: &Spec) -> Result<Object<'js>, String> {
    let run = || -> rquickjs::Result<Object<'js>> {
        ctx.eval::<(), _>(spec.prelude.as_str())?;
        let (module, done) =
            Module::declare(ctx.clone(), "reference", spec.reference_module.as_str())?.eval()?;
        done.finish::<()>()?;
        module.namespace()
    };
    run()
        .catch(ctx)
        .map_err(|e| format!("loading the reference module into QuickJS-ng: {e}"))
}

impl<'s> QuickJs<'s> {
    pub fn new(spec: &'s Spec) -> Result<Self, String> {
        let rt = runtime(spec).map_err(|e| format!("creating a QuickJS runtime: {e}"))?;
        let ctx = Context::full(&rt).map_err(|e| format!("creating a QuickJS context: {e}"))?;
        ctx.with(|ctx| -> Result<(), String> {
            let ns = load_reference(&ctx, spec)?;
            let g = ctx.globals();
            g.set(REFERENCE, ns).map_err(|e| e.to_string())?;
            g.set(
                RUST_ADD_I32,
                Func::from(|a: i32, b: i32| kernels::add_i32(a, b)),
            )
            .map_err(|e| e.to_string())
        })?;
        Ok(QuickJs { spec, _rt: rt, ctx })
    }
}

/// A JS error (with the exception's message and stack) as text.
fn caught<T>(ctx: &Ctx<'_>, r: rquickjs::Result<T>) -> Result<T, String> {
    r.catch(ctx).map_err(|e| e.to_string())
}

fn reference_fn<'js>(ctx: &Ctx<'js>, name: &str) -> Result<Function<'js>, String> {
    let ns: Object = caught(ctx, ctx.globals().get(REFERENCE))?;
    caught(ctx, ns.get(name))
        .map_err(|e| format!("the reference module has no function {name}: {e}"))
}

/// A JS value for one argument.
fn to_js<'js>(ctx: &Ctx<'js>, arg: &Arg) -> rquickjs::Result<Value<'js>> {
    Ok(match arg {
        Arg::I32(x) => Value::new_int(ctx.clone(), *x),
        Arg::U32(x) => Value::new_number(ctx.clone(), f64::from(*x)),
        Arg::F64(x) => Value::new_number(ctx.clone(), *x),
        Arg::F64s(v) | Arg::F64sMut(v) => {
            TypedArray::<f64>::new(ctx.clone(), v.clone())?.into_value()
        }
        Arg::I32s(v) | Arg::I32sMut(v) => {
            TypedArray::<i32>::new(ctx.clone(), v.clone())?.into_value()
        }
        Arg::Strs(v) => {
            let a = Array::new(ctx.clone())?;
            for (i, s) in v.iter().enumerate() {
                a.set(i, s.as_str())?;
            }
            a.into_value()
        }
        Arg::Payments(v) => {
            let a = Array::new(ctx.clone())?;
            for (i, p) in v.iter().enumerate() {
                a.set(i, payment_object(ctx, p)?)?;
            }
            a.into_value()
        }
    })
}

/// A payment record as a JS object: what a host converts each record into per call.
fn payment_object<'js>(ctx: &Ctx<'js>, p: &PaymentSpec) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("amountCents", p.amount_cents)?;
    o.set("method", p.method.as_str())?;
    o.set("crossBorder", p.cross_border)?;
    Ok(o)
}

/// A JS result as an `Answer`: a number, or an array / typed array of numbers or strings.
fn answer_of(ctx: &Ctx<'_>, v: &Value<'_>) -> Result<Answer, String> {
    if let Some(n) = v.as_number() {
        return Ok(Answer::Num(n));
    }
    // Read element by element through the object: slower than a slice view, but safe, and it
    // runs only to verify, never inside a timing.
    if let Some(o) = v
        .as_object()
        .filter(|o| o.is_typed_array::<f64>() || o.is_typed_array::<i32>())
    {
        let len: u32 = caught(ctx, o.get("length"))?;
        return caught(
            ctx,
            (0..len)
                .map(|i| o.get::<_, f64>(i))
                .collect::<rquickjs::Result<_>>(),
        )
        .map(Answer::Nums);
    }
    if let Some(a) = v.as_array() {
        if a.get::<Value>(0).map(|x| x.is_string()).unwrap_or(false) {
            return caught(
                ctx,
                a.iter::<String>().collect::<rquickjs::Result<Vec<_>>>(),
            )
            .map(Answer::Strs);
        }
        return caught(ctx, a.iter::<f64>().collect::<rquickjs::Result<Vec<_>>>())
            .map(Answer::Nums);
    }
    Err(format!(
        "the engine returned {} where a number or an array was expected",
        v.type_name()
    ))
}

/// Calls `f` with `args` the way every timed call does: arguments pushed one by one.
fn call_with<'js>(
    ctx: &Ctx<'js>,
    f: &Function<'js>,
    args: &[Value<'js>],
) -> rquickjs::Result<Value<'js>> {
    let mut a = Args::new(ctx.clone(), args.len());
    for v in args {
        a.push_arg(v.clone())?;
    }
    f.call_arg(a)
}

impl Engine for QuickJs<'_> {
    fn run(&mut self, w: &WorkloadSpec, mech: Mech, how: &How) -> Result<Outcome, String> {
        let spec = self.spec;
        match w.id.as_str() {
            "engine_start" => {
                // A whole host's first step: runtime, context, the reference module, a first script.
                let start = || -> Result<f64, String> {
                    let rt = runtime(spec).map_err(|e| e.to_string())?;
                    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
                    ctx.with(|ctx| {
                        load_reference(&ctx, spec)?;
                        caught(&ctx, ctx.eval::<f64, _>(spec.script.as_str()))
                    })
                };
                fresh_runtime_cell(start, how, "a new Runtime and Context::full, the reference module loaded, the small script evaluated; teardown included")
            }
            "eval_fresh" => {
                let eval = || -> Result<f64, String> {
                    let rt = Runtime::new().map_err(|e| e.to_string())?;
                    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
                    ctx.with(|ctx| caught(&ctx, ctx.eval::<f64, _>(spec.script.as_str())))
                };
                fresh_runtime_cell(eval, how, "a new Runtime and Context::full per call, the small script evaluated, teardown included")
            }
            "eval_reused" => self.ctx.with(|ctx| {
                let eval = || caught(&ctx, ctx.eval::<f64, _>(spec.script.as_str()));
                let site = CallSite {
                    make: |_: &mut ()| Ok(()),
                    answer: |_: &mut (), _: &()| eval().map(Answer::Num),
                    call: |_: &mut (), _: &()| eval().map(drop),
                };
                call_cell(&mut (), w, how, site, Some("the small script evaluated again in the one reused context".into()))
            }),
            "add_i32" => self.ctx.with(|ctx| {
                // Rust calling a JS function: Function::call with two i32 arguments.
                let f = reference_fn(&ctx, &w.function)?;
                let (a, b) = match w.args.as_slice() {
                    [Arg::I32(a), Arg::I32(b)] => (*a, *b),
                    other => return Err(format!("add_i32 takes two i32 arguments, the spec gives {other:?}")),
                };
                let once = || caught(&ctx, f.call::<_, i32>((a, b)));
                let site = CallSite {
                    make: |_: &mut ()| Ok(()),
                    answer: |_: &mut (), _: &()| once().map(|x| Answer::Num(f64::from(x))),
                    call: |_: &mut (), _: &()| once().map(drop),
                };
                call_cell(&mut (), w, how, site, Some("Rust calls the JS function in the engine (Function::call)".into()))
            }),
            "fee_rule" => self.ctx.with(|ctx| {
                let rule = reference_fn(&ctx, &w.function)?;
                let records = match w.args.as_slice() {
                    [Arg::Payments(p)] => p,
                    other => return Err(format!("fee_rule takes payment records, the spec gives {other:?}")),
                };
                // Per record, as a plugin host does it: the Rust record made a JS object, the rule
                // called, its fee read back.
                let apply = |fees: &mut Vec<u32>| -> rquickjs::Result<()> {
                    for (fee, p) in fees.iter_mut().zip(records) {
                        *fee = rule.call((payment_object(&ctx, p)?,))?;
                    }
                    Ok(())
                };
                // The fees are written into one buffer per call site, allocated outside the clock.
                let site = CallSite {
                    make: |_: &mut ()| Ok(RefCell::new(vec![0u32; records.len()])),
                    answer: |_: &mut (), fees: &RefCell<Vec<u32>>| {
                        caught(&ctx, apply(&mut fees.borrow_mut()))?;
                        Ok(Answer::Nums(fees.borrow().iter().map(|&f| f64::from(f)).collect()))
                    },
                    call: |_: &mut (), fees: &RefCell<Vec<u32>>| caught(&ctx, apply(&mut fees.borrow_mut())),
                };
                call_cell(&mut (), w, how, site, Some("per record: the Rust record made a JS object, the JS rule called, the fee read back".into()))
            }),
            _ => self.ctx.with(|ctx| reference_cell(&ctx, w, mech, how)),
        }
    }
}

/// A catalogue workload run as its JS reference inside the engine (`js`), or, for a JS loop
/// over another function (`via`), that loop calling the kernel registered as a `Func` (`rust`).
fn reference_cell<'js>(
    ctx: &Ctx<'js>,
    w: &WorkloadSpec,
    mech: Mech,
    how: &How,
) -> Result<Outcome, String> {
    let (f, prefix, note) = match (&w.via, mech) {
        (Some(via), _) => {
            let src = format!("(function ({}) {{ {} }})", via.params.join(", "), via.body);
            let lp: Function = caught(ctx, ctx.eval(src))?;
            let callee: Function = match mech {
                Mech::Js => reference_fn(ctx, &w.function)?,
                Mech::Rust => caught(ctx, ctx.globals().get(RUST_ADD_I32))?,
            };
            let note = match mech {
                Mech::Js => "a JS loop in the engine calling the JS reference",
                Mech::Rust => "a JS loop in the engine calling the kernel registered as an rquickjs Func: one crossing per pair",
            };
            (lp, vec![callee.into_value()], Some(note.to_string()))
        }
        (None, Mech::Js) => (reference_fn(ctx, &w.function)?, vec![], None),
        (None, Mech::Rust) => {
            return Err(format!(
                "{}: the native kernel runs outside the engine",
                w.id
            ))
        }
    };
    let n = prefix.len();
    let site = CallSite {
        make: |ctx: &mut &Ctx<'js>| -> Result<Vec<Value<'js>>, String> {
            let mut v = prefix.clone();
            for a in &w.args {
                v.push(caught(ctx, to_js(ctx, a))?);
            }
            Ok(v)
        },
        answer: |ctx: &mut &Ctx<'js>, args: &Vec<Value<'js>>| -> Result<Answer, String> {
            let r = caught(ctx, call_with(ctx, &f, args))?;
            match w.observe {
                Some(i) => answer_of(ctx, &args[n + i]),
                None => answer_of(ctx, &r),
            }
        },
        call: |ctx: &mut &Ctx<'js>, args: &Vec<Value<'js>>| {
            caught(ctx, call_with(ctx, &f, args).map(|_| ()))
        },
    };
    call_cell(&mut &*ctx, w, how, site, note)
}
