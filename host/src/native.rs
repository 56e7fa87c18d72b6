//! The `rust` mechanism of a host column: each workload's kernel called natively, with no
//! engine at all. The calls are generated from the declarations (contract/workloads.json,
//! through `for_each_workload!`) by `natives!` below: one rule per type word, none per
//! workload, so the host runner maps every declared workload id to its kernel without a list
//! of its own. A workload whose kernel needs a crate (`nativeOnly`, rustlib's digest.rs),
//! takes a JS callback, or takes or returns records (`records<shape>`) has no native call
//! here; `fee_rule`, the plugin scenario's own Rust side (not a declared workload), is the one
//! written by hand.

use std::hint::black_box;

use kernels::{for_each_alias, for_each_workload};

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

/// One workload's decoded arguments and its kernel: answer one call, or time it.
trait Native {
    /// One call; its result, or with `observe` that argument's content after the call.
    fn answer(&mut self, observe: Option<usize>) -> Answer;
    /// Times the kernel; with `fresh`, every call gets a fresh copy of the arguments (made
    /// outside the timing).
    fn time(&mut self, fresh: bool, budget: Budget) -> Stats;
}

/// A workload's inputs decoded for its kernel.
pub struct Inputs {
    observe: Option<usize>,
    fresh: bool,
    native: Box<dyn Native>,
}

/// Decodes a workload's arguments for its kernel.
type Decoder = fn(&[Arg]) -> Result<Box<dyn Native>, String>;

/// The host family: a module per declared workload (named as it) holding its decoded
/// arguments and its `Native` impl, and `NATIVE`, every declared id with its decoder (none
/// for a workload this runner cannot call natively).
///
/// Records (`records<shape>`, in or out) get no native call: the host columns run no `data`
/// workload (every records workload is one), and the host spec (spec.rs `Arg`, `Answer`) has
/// no records to decode them from or compare them with. `@records` scans a workload's type
/// words and leaves it out (no module, no decoder) when one is `records`.
macro_rules! natives {
    ($($id:ident $name:literal $sym:literal $home:ident $mode:ident
        ($($ty:ident [$a:ident $b:ident $c:ident $d:ident]),*) -> $ret:ident [$out:ident];)*) => {
        $(natives!(@records {@one $home $mode $id $name ($($ty $a),*) $ret} {} $ret $($ty)*);)*

        /// Every declared workload with an export of its own, and its decoder.
        const NATIVE: &[(&str, Option<Decoder>)] = &[$(($name,
            natives!(@records {@decoder $home $mode $id} {None} $ret $($ty)*))),*];
    };
    // `@records {then} {otherwise} <type words>`: `otherwise` if a word is `records`, else
    // `natives!(then)`.
    (@records $then:tt {$($otherwise:tt)*} records $($ty:ident)*) => { $($otherwise)* };
    // Braces: the expansion stands as items (a module) and as an expression (a decoder).
    (@records $then:tt $otherwise:tt $first:ident $($ty:ident)*) => {
        natives! { @records $then $otherwise $($ty)* }
    };
    (@records {$($then:tt)*} $otherwise:tt) => { natives! { $($then)* } };
    (@decoder native $mode:ident $id:ident) => { None };
    (@decoder $home:ident fallible $id:ident) => { None };
    (@decoder $home:ident thread $id:ident) => { None };
    (@decoder $home:ident $mode:ident $id:ident) => { Some($id::decode as Decoder) };
    (@one native $($rest:tt)*) => {};
    (@one $home:ident fallible $($rest:tt)*) => {};
    // A kernel that calls JS back from a thread of its own: no JS here to call.
    (@one $home:ident thread $($rest:tt)*) => {};
    (@one $home:ident $mode:ident $id:ident $name:literal ($($ty:ident $a:ident),*) $ret:ident) => {
        mod $id {
            use super::*;

            #[derive(Clone)]
            pub struct Args(($(host_ty!($ty),)*));

            pub fn decode(args: &[Arg]) -> Result<Box<dyn Native>, String> {
                let mut it = args.iter();
                $(let $a: host_ty!($ty) = host_take!($ty $name it)?;)*
                if it.next().is_some() {
                    return Err(format!("{}: more arguments than its declaration", $name));
                }
                Ok(Box::new(Args(($($a,)*))))
            }

            impl Native for Args {
                fn answer(&mut self, observe: Option<usize>) -> Answer {
                    let ($($a,)*) = &mut self.0;
                    let r = kernels::$id($(host_pass!($ty $a)),*);
                    match observe {
                        Some(i) => observed(i, vec![$(host_seen!($ty $a)),*]),
                        None => host_answer!($ret r),
                    }
                }

                fn time(&mut self, fresh: bool, budget: Budget) -> Stats {
                    if fresh {
                        let args = &self.0;
                        time_fresh(budget, || args.clone(), |mut c| {
                            let ($($a,)*) = &mut c;
                            black_box(kernels::$id($(host_pass!($ty $a)),*));
                            c
                        })
                    } else {
                        let ($($a,)*) = &mut self.0;
                        time(budget, || {
                            let r = kernels::$id($(host_pass!($ty $a)),*);
                            $(host_keep!($ty $a);)*
                            r
                        })
                    }
                }
            }
        }
    };
}

/// The Rust type an argument's type word is decoded to.
macro_rules! host_ty {
    (bytes) => { Vec<u8> };
    (bytes_mut) => { Vec<u8> };
    (f64s) => { Vec<f64> };
    (f64s_mut) => { Vec<f64> };
    (i32s) => { Vec<i32> };
    (i32s_mut) => { Vec<i32> };
    (str) => { String };
    (strs) => { Vec<String> };
    ($scalar:ident) => { $scalar };
}

/// Takes the next argument of the spec as a type word's value: `Err` naming the workload when
/// it is missing or of another type, or when the host spec (host/src/spec.rs `Arg`) has no
/// encoding for the word.
macro_rules! host_take {
    ($ty:ident $name:literal $it:ident) => {
        match $it.next() {
            Some(arg) => host_take!(@ $ty $name arg),
            None => Err(format!("{}: fewer arguments than its declaration", $name)),
        }
    };
    (@ i32 $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::I32(v) => *v) };
    (@ u32 $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::U32(v) => *v) };
    (@ f64 $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::F64(v) => *v) };
    (@ f64s $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::F64s(v) => v.clone()) };
    (@ f64s_mut $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::F64sMut(v) => v.clone()) };
    (@ i32s $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::I32s(v) => v.clone()) };
    (@ i32s_mut $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::I32sMut(v) => v.clone()) };
    (@ strs $name:literal $arg:ident) => { host_take!(@match $name $arg, Arg::Strs(v) => v.clone()) };
    (@ $other:ident $name:literal $arg:ident) => {
        Err(format!(
            "{}: the host spec carries no `{}` argument (got {:?}), so the kernel has no native call here",
            $name,
            stringify!($other),
            $arg
        ))
    };
    (@match $name:literal $arg:ident, $pat:pat => $v:expr) => {
        match $arg {
            $pat => Ok($v),
            other => Err(format!("{}: argument {other:?} is not of its declared type", $name)),
        }
    };
}

/// What the kernel is passed for an argument (scalars through `black_box`, so a timed call
/// is not folded into a constant).
macro_rules! host_pass {
    (bytes $a:ident) => {
        &$a[..]
    };
    (f64s $a:ident) => {
        &$a[..]
    };
    (i32s $a:ident) => {
        &$a[..]
    };
    (bytes_mut $a:ident) => {
        &mut $a[..]
    };
    (f64s_mut $a:ident) => {
        &mut $a[..]
    };
    (i32s_mut $a:ident) => {
        &mut $a[..]
    };
    (str $a:ident) => {
        $a.as_bytes()
    };
    (strs $a:ident) => {
        $a.iter().map(|x| x.as_bytes())
    };
    ($scalar:ident $a:ident) => {
        black_box(*$a)
    };
}

/// Keeps a written array's writes in a timed call (a statement).
macro_rules! host_keep {
    (bytes_mut $a:ident) => {
        black_box(&$a);
    };
    (f64s_mut $a:ident) => {
        black_box(&$a);
    };
    (i32s_mut $a:ident) => {
        black_box(&$a);
    };
    ($other:ident $a:ident) => {};
}

/// An argument's content as an answer (for `observe`), if it is an array.
macro_rules! host_seen {
    (bytes_mut $a:ident) => { Some(Answer::Nums($a.iter().map(|&x| f64::from(x)).collect())) };
    (f64s_mut $a:ident) => { host_seen!(bytes_mut $a) };
    (i32s_mut $a:ident) => { host_seen!(bytes_mut $a) };
    (bytes $a:ident) => { host_seen!(bytes_mut $a) };
    (f64s $a:ident) => { host_seen!(bytes_mut $a) };
    (i32s $a:ident) => { host_seen!(bytes_mut $a) };
    ($other:ident $a:ident) => { None };
}

/// A kernel's result as an answer.
macro_rules! host_answer {
    (void $r:ident) => {{
        let () = $r;
        Answer::Nums(Vec::new())
    }};
    // Compared as a double, as JS holds it.
    (i64 $r:ident) => {
        Answer::Num($r as f64)
    };
    (str $r:ident) => {
        Answer::Strs(vec![$r])
    };
    (strs $r:ident) => {
        Answer::Strs($r)
    };
    (f64x4 $r:ident) => {
        Answer::Nums($r.to_vec())
    };
    ($scalar:ident $r:ident) => {
        Answer::Num(f64::from($r))
    };
}

/// Argument `i` of `seen` as the answer (none if it is no array).
fn observed(i: usize, seen: Vec<Option<Answer>>) -> Answer {
    seen.into_iter()
        .nth(i)
        .flatten()
        .unwrap_or(Answer::Nums(Vec::new()))
}

for_each_workload!(natives);

macro_rules! aliases {
    ($($id:ident $name:literal => $kernel:ident;)*) => {
        /// Workloads that call another's export (`kernel`), and that export.
        const ALIASES: &[(&str, &str)] = &[$(($name, stringify!($kernel))),*];
    };
}
for_each_alias!(aliases);

/// The plugin scenario: the fee rule over payment records.
struct FeeRule(Vec<kernels::Payment>);

impl Native for FeeRule {
    fn answer(&mut self, _observe: Option<usize>) -> Answer {
        Answer::Nums(
            self.0
                .iter()
                .map(|x| f64::from(kernels::fee_rule(x)))
                .collect(),
        )
    }

    fn time(&mut self, _fresh: bool, budget: Budget) -> Stats {
        let p = &self.0;
        let mut fees = vec![0u32; p.len()];
        time(budget, || {
            for (f, x) in fees.iter_mut().zip(p.iter()) {
                *f = kernels::fee_rule(black_box(x));
            }
            black_box(fees.first().copied())
        })
    }
}

/// The ids this runner calls natively (every declared one it can, and `fee_rule`): what the
/// test below checks against the declarations.
#[cfg(test)]
pub fn native_ids() -> Vec<&'static str> {
    let own = NATIVE.iter().filter(|(_, d)| d.is_some()).map(|(n, _)| *n);
    let aliased = ALIASES
        .iter()
        .filter(|(_, k)| NATIVE.iter().any(|(n, d)| n == k && d.is_some()))
        .map(|(n, _)| *n);
    own.chain(aliased).chain(["fee_rule"]).collect()
}

/// Decodes `w`'s arguments for its kernel; an id with no kernel here is an error naming it.
pub fn inputs(w: &WorkloadSpec) -> Result<Inputs, String> {
    let native: Box<dyn Native> = if w.id == "fee_rule" {
        match w.args.as_slice() {
            [Arg::Payments(p)] => {
                Box::new(FeeRule(p.iter().map(payment).collect::<Result<_, _>>()?))
            }
            other => return Err(format!("fee_rule takes payment records, not {other:?}")),
        }
    } else {
        let id = ALIASES
            .iter()
            .find(|(n, _)| *n == w.id)
            .map_or(w.id.as_str(), |(_, k)| k);
        let decode = match NATIVE.iter().find(|(n, _)| *n == id) {
            Some((_, Some(decode))) => decode,
            _ => {
                return Err(format!(
                    "the host runner has no native kernel call for {} (a kernel needing a crate, or a callback, or not declared)",
                    w.id
                ))
            }
        };
        decode(&w.args)?
    };
    Ok(Inputs {
        observe: w.observe,
        fresh: w.fresh_args,
        native,
    })
}

/// The answer of one call, for verification.
pub fn answer(_id: &str, input: &mut Inputs) -> Answer {
    input.native.answer(input.observe)
}

/// Times the kernel on `input`, without building an `Answer` inside the timing.
pub fn time_kernel(_w: &WorkloadSpec, input: &mut Inputs, budget: Budget) -> Stats {
    input.native.time(input.fresh, budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The native calls against contract/workloads.json, read here on their own (not through
    /// the generated list), both ways: every declared workload with an export of its own or a
    /// `kernel` alias has a native call unless it is `nativeOnly`, takes a callback or takes or
    /// returns records, and there is no other (but the plugin scenario's `fee_rule`).
    #[test]
    fn native_ids_are_exactly_the_declared_workloads() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contract/workloads.json");
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut expected: Vec<&str> = file["workloads"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w.get("via").is_none() && w.get("nativeOnly").is_none())
            .filter(|w| {
                !w["args"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t == "callback")
            })
            .filter(|w| {
                let records = |t: &serde_json::Value| t.as_str().unwrap().starts_with("records<");
                !records(&w["ret"]) && !w["args"].as_array().unwrap().iter().any(records)
            })
            .map(|w| w["id"].as_str().unwrap())
            .chain(["fee_rule"])
            .collect();
        let mut got = native_ids();
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected);
    }

    fn decode(id: &str, args: Vec<Arg>) -> Box<dyn Native> {
        let d = NATIVE.iter().find(|(n, _)| *n == id).unwrap().1.unwrap();
        d(&args).unwrap()
    }

    #[test]
    fn native_calls_answer_like_the_kernels() {
        let mut add = decode("add_i32", vec![Arg::I32(i32::MAX), Arg::I32(1)]);
        assert_eq!(add.answer(None), Answer::Num(f64::from(i32::MIN)));
        let mut sort = decode("sort_f64", vec![Arg::F64sMut(vec![2.0, -1.0])]);
        assert_eq!(sort.answer(Some(0)), Answer::Nums(vec![-1.0, 2.0]));
        let mut batch = decode(
            "batch_add_i32",
            vec![
                Arg::I32s(vec![1, 2]),
                Arg::I32s(vec![10, 20]),
                Arg::I32sMut(vec![0, 0]),
            ],
        );
        assert_eq!(batch.answer(Some(2)), Answer::Nums(vec![11.0, 22.0]));
        let mut hashes = decode("hash_strings", vec![Arg::Strs(vec![String::new()])]);
        assert_eq!(hashes.answer(None), Answer::Strs(vec!["811c9dc5".into()]));
        let mut m = decode("fin_metrics", vec![Arg::F64s(vec![0.1, -0.5, 0.2])]);
        assert!(matches!(m.answer(None), Answer::Nums(v) if v.len() == 4 && v[3] == 0.5));
        // A spec argument of the wrong type is refused, naming the workload.
        let fib = NATIVE.iter().find(|(n, _)| *n == "fib").unwrap().1.unwrap();
        assert!(fib(&[Arg::F64(1.0)]).err().unwrap().contains("fib"));
        assert!(fib(&[]).err().unwrap().contains("fewer"));
    }
}
