//! One host column: every workload of the spec through `js` (the reference inside the engine)
//! and `rust` (the kernel natively), each verified against the expected answer before and after
//! it is timed; a wrong answer is a failure with both values and is never timed.

use crate::document::{Cell, Failure, Floor, PerItem, Skip, Stats};
use crate::measure::{time, Budget};
use crate::native;
use crate::spec::{Answer, Spec, WorkloadSpec};

/// The two mechanisms of a host column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mech {
    Js,
    Rust,
}

impl Mech {
    pub fn id(self) -> &'static str {
        match self {
            Mech::Js => "js",
            Mech::Rust => "rust",
        }
    }
}

/// How one cell is measured: no budget in verify mode (answers only).
pub struct How {
    pub budget: Option<Budget>,
}

/// What one cell gave: its answer before timing, its statistics, its answer after.
pub struct Outcome {
    pub before: Answer,
    pub stats: Option<Stats>,
    pub after: Answer,
    pub note: Option<String>,
}

/// An embedded engine: runs the `js` mechanism of any workload, and the `rust` one of a
/// workload whose Rust side is called from inside the engine (a `via` loop).
pub trait Engine {
    fn run(&mut self, w: &WorkloadSpec, mech: Mech, how: &How) -> Result<Outcome, String>;
}

/// What the column collected.
#[derive(Default)]
pub struct Collected {
    pub cells: Vec<Cell>,
    pub skipped: Vec<Skip>,
    pub failures: Vec<Failure>,
    pub floors: Vec<Floor>,
}

/// Options of the column.
pub struct ColumnOptions<'a> {
    pub runtime: &'a str,
    pub budget: Option<Budget>,
    pub seed: u32,
    pub mechanisms: Option<Vec<String>>,
    pub workloads: Option<Vec<String>>,
    /// A quick run: each workload at its headline size alone (contract/workloads.ts `paramsIn`).
    pub headline_only: bool,
}

/// Why a host column has no other mechanism.
pub const OTHER_MECHANISMS: &str =
    "a host column (Rust embedding a JS engine) measures js (the reference inside the engine) and rust (the kernel called natively)";

/// Runs every selected cell through `engine` and the native kernels.
pub fn run(
    engine: &mut dyn Engine,
    spec: &Spec,
    o: &ColumnOptions,
    all_mechanisms: &[String],
) -> Collected {
    let mut out = Collected::default();
    let rt = o.runtime.to_string();
    for m in o.mechanisms.as_deref().unwrap_or(all_mechanisms) {
        if m != "js" && m != "rust" {
            out.skipped.push(Skip {
                runtime: rt.clone(),
                mechanism: m.clone(),
                workload: None,
                reason: OTHER_MECHANISMS.into(),
            });
        }
    }
    let wanted = |m: Mech| {
        o.mechanisms
            .as_ref()
            .is_none_or(|list| list.iter().any(|x| x == m.id()))
    };
    if let Some(b) = o.budget {
        // The harness floor: the same timing loop around a call that does nothing.
        let stats = time(b, || std::hint::black_box(0u32));
        println!(
            "[{rt}] harness floor: {:.2} ns per call (median)",
            stats.p50_ns
        );
        out.floors.push(Floor {
            shape: String::new(),
            arity: 0,
            stats,
        });
    }
    // Cells are netted against the floor by medians, as the JS runners' (floor.ts `netOfFloor`).
    let floor = out.floors.first().map(|f| f.stats.p50_ns);
    for w in &spec.workloads {
        if (o.headline_only && !w.headline)
            || o.workloads
                .as_ref()
                .is_some_and(|list| !list.iter().any(|x| x == &w.id))
        {
            continue;
        }
        let skip = |out: &mut Collected, m: Mech, reason: &str| {
            out.skipped.push(Skip {
                runtime: rt.clone(),
                mechanism: m.id().into(),
                workload: Some(w.id.clone()),
                reason: reason.into(),
            })
        };
        // A skipped workload carries no usable input or answer (one whose argument types the
        // host cannot take: runners/host/spec.ts): skipped before either is read.
        if let Some(reason) = &w.skip {
            for m in [Mech::Js, Mech::Rust] {
                if wanted(m) {
                    skip(&mut out, m, reason);
                }
            }
            continue;
        }
        let expected = match Answer::from_json(&w.expected) {
            Ok(a) => a,
            Err(e) => {
                out.failures.push(failure(
                    &rt,
                    None,
                    w,
                    format!("the spec's expected answer is unusable: {e}"),
                    None,
                ));
                continue;
            }
        };
        // Shuffled per row like the JS runners, so neither mechanism always runs first.
        let mut order = [Mech::Js, Mech::Rust];
        if fastrand::Rng::with_seed(u64::from(o.seed) ^ w.param.unwrap_or(0) ^ w.id.len() as u64)
            .bool()
        {
            order.swap(0, 1);
        }
        for m in order {
            if !wanted(m) {
                continue;
            }
            if m == Mech::Rust && w.via.is_none() {
                if let Some(reason) = &w.rust_skip {
                    skip(&mut out, m, reason);
                    continue;
                }
            }
            let how = How { budget: o.budget };
            let result = if m == Mech::Rust && w.via.is_none() {
                native_cell(w, &how)
            } else {
                engine.run(w, m, &how)
            };
            match result {
                Err(reason) => out.failures.push(failure(&rt, Some(m), w, reason, None)),
                Ok(r) => {
                    let wrong = [("before timing", &r.before), ("after timing", &r.after)]
                        .into_iter()
                        .find(|(_, a)| !a.matches(&expected, w.tolerance));
                    if let Some((when, actual)) = wrong {
                        let reason = format!("wrong answer {when}");
                        out.failures.push(failure(
                            &rt,
                            Some(m),
                            w,
                            reason,
                            Some((&expected, actual)),
                        ));
                        out.cells.push(cell(&rt, m, w, false, None, r.note));
                        continue;
                    }
                    let stats = r.stats.map(|mut s| {
                        if let Some(f) = floor {
                            s.floor_median_ns = Some(f);
                            s.median_net_ns = Some(s.p50_ns - f);
                        }
                        s
                    });
                    if let Some(s) = &stats {
                        println!(
                            "[{rt}] {} {} {}: {:.1} ns (median)",
                            w.id,
                            w.param.map_or(String::new(), |p| p.to_string()),
                            m.id(),
                            s.p50_ns
                        );
                    }
                    out.cells.push(cell(&rt, m, w, true, stats, r.note));
                }
            }
        }
    }
    out
}

fn native_cell(w: &WorkloadSpec, how: &How) -> Result<Outcome, String> {
    let before = native::answer(&w.id, &mut native::inputs(w)?);
    let stats = how
        .budget
        .map(|b| native::time_kernel(w, &mut native::inputs(w).expect("decoded once already"), b));
    let after = native::answer(&w.id, &mut native::inputs(w)?);
    Ok(Outcome {
        before,
        stats,
        after,
        note: Some("the kernel called natively, no engine".into()),
    })
}

fn cell(
    rt: &str,
    m: Mech,
    w: &WorkloadSpec,
    verified: bool,
    stats: Option<Stats>,
    note: Option<String>,
) -> Cell {
    let per_item = match (&w.per_item, &stats, w.param) {
        (Some(unit), Some(s), Some(p)) if p > 0 => Some(PerItem {
            unit: unit.clone(),
            avg_ns: s.avg_ns / p as f64,
            p50_ns: s.p50_ns / p as f64,
        }),
        _ => None,
    };
    Cell {
        runtime: rt.into(),
        mechanism: m.id().into(),
        workload: w.id.clone(),
        group: w.group.clone(),
        param: w.param,
        param_unit: w.param_unit.clone(),
        verified,
        // Only a cell whose after-timing answer matched gets here with stats (see `run`).
        verified_after_timing: stats.as_ref().map(|_| true),
        stats,
        note,
        per_item,
    }
}

fn failure(
    rt: &str,
    m: Option<Mech>,
    w: &WorkloadSpec,
    reason: String,
    values: Option<(&Answer, &Answer)>,
) -> Failure {
    Failure {
        runtime: rt.into(),
        mechanism: m.map(|m| m.id().into()),
        workload: Some(w.id.clone()),
        param: Some(w.param),
        reason,
        expected: values.map(|(e, _)| e.show()),
        actual: values.map(|(_, a)| a.show()),
    }
}
