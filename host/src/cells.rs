//! How an engine's cell is verified, timed and verified again, written once for every engine
//! (quickjs.rs, deno_core.rs): each engine says only how it builds arguments, calls and reads
//! an answer.

use std::cell::RefCell;

use crate::column::{How, Outcome};
use crate::measure::{time, time_fresh};
use crate::spec::{Answer, WorkloadSpec};

/// The first error met inside a timed closure (which cannot return one), reported after.
#[derive(Default)]
pub struct FirstError(RefCell<Option<String>>);

impl FirstError {
    /// `r`'s value, or the type's default after keeping the first error.
    pub fn keep<T: Default>(&self, r: Result<T, String>) -> T {
        r.unwrap_or_else(|e| {
            self.0.borrow_mut().get_or_insert(e);
            T::default()
        })
    }

    /// An error if a timed call failed: its figures would time the failure, not the call.
    pub fn check(self) -> Result<(), String> {
        match self.0.into_inner() {
            Some(e) => Err(format!("a timed call failed: {e}")),
            None => Ok(()),
        }
    }
}

/// A cell that makes a fresh runtime per call: each call is its own sample (they last 100 µs+).
pub fn fresh_runtime_cell(
    f: impl Fn() -> Result<f64, String>,
    how: &How,
    note: &str,
) -> Result<Outcome, String> {
    let before = Answer::Num(f()?);
    let errors = FirstError::default();
    let stats = how.budget.map(|b| time(b, || errors.keep(f())));
    errors.check()?;
    Ok(Outcome {
        before,
        stats,
        after: Answer::Num(f()?),
        note: Some(note.into()),
    })
}

/// What an engine supplies for one call site, each step given the engine's context `C` (a
/// context or a scope) so that no two steps hold it at once.
pub struct CallSite<M, A, T> {
    /// Builds the arguments `A` (JS values) from the spec.
    pub make: M,
    /// Calls once and reads the answer: before timing, and after it on fresh arguments.
    pub answer: A,
    /// The timed call: the same call, its result dropped.
    pub call: T,
}

/// Verifies, times (on one set of arguments, or a fresh copy per call where the call writes
/// them) and verifies again the call site `site` of workload `w`.
pub fn call_cell<C, V: Default>(
    cx: &mut C,
    w: &WorkloadSpec,
    how: &How,
    site: CallSite<
        impl Fn(&mut C) -> Result<V, String>,
        impl Fn(&mut C, &V) -> Result<Answer, String>,
        impl Fn(&mut C, &V) -> Result<(), String>,
    >,
    note: Option<String>,
) -> Result<Outcome, String> {
    let CallSite { make, answer, call } = site;
    let first = make(cx)?;
    let before = answer(cx, &first)?;
    let errors = FirstError::default();
    let stats = match how.budget {
        None => None,
        Some(b) if w.fresh_args => {
            // Two closures take turns with the context: setup outside the clock, the call inside.
            let shared = RefCell::new(&mut *cx);
            Some(time_fresh(
                b,
                || errors.keep(make(&mut shared.borrow_mut())),
                |args| errors.keep(call(&mut shared.borrow_mut(), &args)),
            ))
        }
        Some(b) => {
            let args = make(cx)?;
            Some(time(b, || errors.keep(call(cx, &args))))
        }
    };
    errors.check()?;
    // After timing: the same call site, on fresh arguments (a written argument must start over).
    let fresh = make(cx)?;
    let after = answer(cx, &fresh)?;
    Ok(Outcome {
        before,
        stats,
        after,
        note,
    })
}
