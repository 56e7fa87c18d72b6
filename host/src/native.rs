//! The `rust` mechanism of a host column: each workload's kernel called natively, with no
//! engine at all. The one place the host runner maps a workload id to its kernel.

use std::hint::black_box;

use crate::document::Stats;
use crate::measure::{time, time_fresh, Budget};
use crate::spec::{Answer, Arg, PaymentSpec, WorkloadSpec};

/// A payment record as the kernel takes it.
pub fn payment(p: &PaymentSpec) -> Result<kernels::Payment, String> {
    let method = match p.method.as_str() {
        "card" => kernels::PayMethod::Card,
        "sepa" => kernels::PayMethod::Sepa,
        "wallet" => kernels::PayMethod::Wallet,
        other => {
            return Err(format!(
                "unknown payment method {other:?} (card, sepa, wallet)"
            ))
        }
    };
    Ok(kernels::Payment {
        amount_cents: p.amount_cents,
        method,
        cross_border: p.cross_border,
    })
}

/// A workload's inputs decoded for its kernel.
pub enum Inputs {
    I32x2(i32, i32),
    U32(u32),
    Strs(Vec<String>),
    F64s(Vec<f64>),
    I32sx3(Vec<i32>, Vec<i32>, Vec<i32>),
    Payments(Vec<kernels::Payment>),
}

/// Decodes `w`'s arguments for its kernel; an id with no kernel here is an error naming it.
pub fn inputs(w: &WorkloadSpec) -> Result<Inputs, String> {
    let bad = || {
        format!(
            "the host runner has no native kernel call for {} with arguments {:?}",
            w.id,
            kinds(&w.args)
        )
    };
    Ok(match (w.id.as_str(), w.args.as_slice()) {
        ("add_i32", [Arg::I32(a), Arg::I32(b)]) => Inputs::I32x2(*a, *b),
        ("fib" | "count_primes", [Arg::U32(n)]) => Inputs::U32(*n),
        ("hash_strings", [Arg::Strs(s)]) => Inputs::Strs(s.clone()),
        ("sort_f64", [Arg::F64sMut(v)]) | ("fin_metrics", [Arg::F64s(v)]) => {
            Inputs::F64s(v.clone())
        }
        ("batch_add_i32", [Arg::I32s(a), Arg::I32s(b), Arg::I32sMut(o)]) => {
            Inputs::I32sx3(a.clone(), b.clone(), o.clone())
        }
        ("fee_rule", [Arg::Payments(p)]) => {
            Inputs::Payments(p.iter().map(payment).collect::<Result<_, _>>()?)
        }
        _ => return Err(bad()),
    })
}

fn kinds(args: &[Arg]) -> Vec<&'static str> {
    args.iter()
        .map(|a| match a {
            Arg::I32(_) => "i32",
            Arg::U32(_) => "u32",
            Arg::F64(_) => "f64",
            Arg::F64s(_) => "f64s",
            Arg::F64sMut(_) => "f64s_mut",
            Arg::I32s(_) => "i32s",
            Arg::I32sMut(_) => "i32s_mut",
            Arg::Strs(_) => "strs",
            Arg::Payments(_) => "payments",
        })
        .collect()
}

/// One call of the kernel on `input`; returns its answer.
fn call(id: &str, input: &mut Inputs) -> Answer {
    match (id, input) {
        ("add_i32", Inputs::I32x2(a, b)) => {
            Answer::Num(f64::from(kernels::add_i32(black_box(*a), black_box(*b))))
        }
        ("fib", Inputs::U32(n)) => Answer::Num(f64::from(kernels::fib(black_box(*n)))),
        ("count_primes", Inputs::U32(n)) => {
            Answer::Num(f64::from(kernels::count_primes(black_box(*n))))
        }
        ("hash_strings", Inputs::Strs(s)) => {
            Answer::Strs(kernels::hash_strings(s.iter().map(|x| x.as_bytes())))
        }
        ("sort_f64", Inputs::F64s(v)) => {
            kernels::sort_f64(v);
            Answer::Nums(v.clone())
        }
        ("fin_metrics", Inputs::F64s(v)) => Answer::Nums(kernels::fin_metrics(v).to_vec()),
        ("batch_add_i32", Inputs::I32sx3(a, b, o)) => {
            kernels::batch_add_i32(a, b, o);
            Answer::Nums(o.iter().map(|&x| f64::from(x)).collect())
        }
        ("fee_rule", Inputs::Payments(p)) => {
            Answer::Nums(p.iter().map(|x| f64::from(kernels::fee_rule(x))).collect())
        }
        (other, _) => {
            unreachable!("inputs() accepts no workload without a kernel call here ({other})")
        }
    }
}

/// The answer of one call, for verification.
pub fn answer(id: &str, input: &mut Inputs) -> Answer {
    call(id, input)
}

/// Times the kernel on `input`, without building an `Answer` inside the timing.
pub fn time_kernel(w: &WorkloadSpec, input: &mut Inputs, budget: Budget) -> Stats {
    match input {
        Inputs::I32x2(a, b) => time(budget, || kernels::add_i32(black_box(*a), black_box(*b))),
        Inputs::U32(n) if w.id == "fib" => time(budget, || kernels::fib(black_box(*n))),
        Inputs::U32(n) => time(budget, || kernels::count_primes(black_box(*n))),
        Inputs::Strs(s) => time(budget, || {
            kernels::hash_strings(s.iter().map(|x| x.as_bytes()))
        }),
        Inputs::F64s(v) if w.fresh_args => time_fresh(
            budget,
            || v.clone(),
            |mut c| {
                kernels::sort_f64(&mut c);
                c
            },
        ),
        Inputs::F64s(v) => time(budget, || kernels::fin_metrics(v)),
        Inputs::I32sx3(a, b, o) => time(budget, || {
            kernels::batch_add_i32(a, b, o);
            black_box(o[0])
        }),
        Inputs::Payments(p) => {
            let mut fees = vec![0u32; p.len()];
            time(budget, || {
                for (f, x) in fees.iter_mut().zip(p.iter()) {
                    *f = kernels::fee_rule(black_box(x));
                }
                black_box(fees[0])
            })
        }
    }
}
