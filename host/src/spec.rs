//! What the host runner measures, read from the spec file (contract/host-spec.ts `HostSpecSchema`,
//! written by orchestrator/host.ts `hostSpec` with the workloads from runners/host/spec.ts): the
//! JS references' source, every input and every expected answer. Nothing about a workload is
//! declared again on the Rust side: which kernel each id calls (native.rs) is generated from the
//! declarations.

use serde::Deserialize;

/// The whole spec file.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Spec {
    /// The runner document version to write (document.ts `SCHEMA_VERSION`): the orchestrator
    /// declares it once, so the host cannot write a version the schema has moved past.
    pub schema_version: u32,
    /// When a timed cell stops (document.ts `stoppingRules`), as the JS runners apply it.
    pub stopping: StoppingRules,
    /// runners/shared/reference.ts compiled to a JS module (types removed, nothing else).
    pub reference_module: String,
    /// Modules the reference imports that an embedded engine lacks (`node:crypto`), as source
    /// whose functions throw: the module loads, and the one workload that needs it is skipped.
    pub stub_modules: Vec<StubModule>,
    /// Installed on the global object before the module loads, for the same reason.
    pub prelude: String,
    /// The small script of `engine_start`, `eval_fresh` and `eval_reused` (their `expected` is
    /// its answer).
    pub script: String,
    pub workloads: Vec<WorkloadSpec>,
}

#[derive(Deserialize, Debug)]
pub struct StubModule {
    pub name: String,
    pub source: String,
}

/// One workload at one param.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkloadSpec {
    pub id: String,
    pub group: String,
    pub param: Option<u64>,
    /// The size a quick run measures this workload at.
    pub headline: bool,
    pub param_unit: Option<String>,
    /// The reference module's export the `js` mechanism calls.
    pub function: String,
    /// A JS loop over another function (`each_add_i32`): its parameters and body.
    pub via: Option<Via>,
    pub args: Vec<Arg>,
    /// The answer is this argument's content after the call.
    pub observe: Option<usize>,
    /// Every timed call gets a fresh copy of its written arguments.
    pub fresh_args: bool,
    pub tolerance: Option<f64>,
    /// The reference's answer, computed by Node from the same input.
    pub expected: serde_json::Value,
    /// Figures are also reported per this many units of work (`param` of them per call).
    pub per_item: Option<String>,
    /// Why the host column cannot run this workload, when it cannot.
    pub skip: Option<String>,
    /// Why its `rust` mechanism does not exist (a script needs an engine), when it does not.
    pub rust_skip: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct Via {
    pub params: Vec<String>,
    pub body: String,
}

/// An argument, in the catalogue's neutral type words.
#[derive(Deserialize, Debug, Clone)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Arg {
    I32(i32),
    U32(u32),
    F64(f64),
    F64s(Vec<f64>),
    F64sMut(Vec<f64>),
    I32s(Vec<i32>),
    I32sMut(Vec<i32>),
    Strs(Vec<String>),
    Payments(Vec<PaymentSpec>),
}

/// A payment record of the plugin scenario, as JS sees it.
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentSpec {
    pub amount_cents: u32,
    pub method: String,
    pub cross_border: bool,
}

/// An answer, in the one shape both sides are compared in.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Num(f64),
    Nums(Vec<f64>),
    Strs(Vec<String>),
}

impl Answer {
    /// The expected answer as JSON gives it (numbers, arrays of numbers, arrays of strings).
    pub fn from_json(v: &serde_json::Value) -> Result<Answer, String> {
        use serde_json::Value as J;
        match v {
            J::Number(n) => n
                .as_f64()
                .map(Answer::Num)
                .ok_or_else(|| format!("not an f64: {n}")),
            J::Array(items) if items.iter().all(J::is_string) => Ok(Answer::Strs(
                items
                    .iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect(),
            )),
            J::Array(items) => items
                .iter()
                .map(|x| x.as_f64().ok_or_else(|| format!("not a number: {x}")))
                .collect::<Result<_, _>>()
                .map(Answer::Nums),
            other => Err(format!(
                "an expected answer must be a number or an array, not {other}"
            )),
        }
    }

    /// Equal, within a relative tolerance for floating results where one is given.
    pub fn matches(&self, other: &Answer, tolerance: Option<f64>) -> bool {
        let close = |a: f64, b: f64| match tolerance {
            Some(t) => a == b || (a - b).abs() <= t * a.abs().max(b.abs()),
            None => a == b || (a.is_nan() && b.is_nan()),
        };
        match (self, other) {
            (Answer::Num(a), Answer::Num(b)) => close(*a, *b),
            (Answer::Nums(a), Answer::Nums(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close(*x, *y))
            }
            (Answer::Strs(a), Answer::Strs(b)) => a == b,
            _ => false,
        }
    }

    /// A short printable form for a failure report.
    pub fn show(&self) -> String {
        fn list<T: std::fmt::Debug>(v: &[T]) -> String {
            let head: Vec<String> = v.iter().take(6).map(|x| format!("{x:?}")).collect();
            let more = if v.len() > 6 {
                format!(", … ({} in all)", v.len())
            } else {
                String::new()
            };
            format!("[{}{more}]", head.join(", "))
        }
        match self {
            Answer::Num(x) => format!("{x}"),
            Answer::Nums(v) => list(v),
            Answer::Strs(v) => list(v),
        }
    }
}

/// document.ts `stoppingRules`: per mode a target interval and a cap, the fewest samples (and
/// the fewest for a cell past its cap), and the samples trimmed at each end.
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoppingRules {
    pub quick: Rule,
    pub full: Rule,
    pub min_samples: usize,
    pub min_capped_samples: usize,
    pub trim: usize,
}

/// One mode's stopping rule.
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    pub target_rme: f64,
    pub cap_ms: f64,
}
