//! The runner document a host column writes: the same shape the JS runners write
//! (contract/document.ts `RunnerDocumentSchema`, which validates this output too).

use serde::Serialize;

#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub avg_ns: f64,
    pub p50_ns: f64,
    pub p75_ns: f64,
    pub p99_ns: f64,
    pub min_ns: f64,
    pub max_ns: f64,
    pub samples: u64,
    pub ticks: u64,
    pub samples_ns: Vec<f64>,
    /// The 95 % interval of `p50_ns` and its relative margin (document.ts `medianCiLowNs`, …).
    pub median_ci_low_ns: f64,
    pub median_ci_high_ns: f64,
    pub median_rme: f64,
    /// The harness floor's median, and this cell's median net of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor_median_ns: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_net_ns: Option<f64>,
    /// Why timing stopped: `target` (the median's interval met the stopping rule) or `cap`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<&'static str>,
    /// How long the cell was timed, warm-up not included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timed_ms: Option<f64>,
    /// Calls per sample.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<u64>,
}

#[derive(Serialize, Debug)]
pub struct PerItem {
    pub unit: String,
    #[serde(rename = "avgNs")]
    pub avg_ns: f64,
    /// The median per item: the figure reports quote (document.ts `figureNs`).
    #[serde(rename = "p50Ns")]
    pub p50_ns: f64,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub runtime: String,
    pub mechanism: String,
    pub workload: String,
    pub group: String,
    pub param: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param_unit: Option<String>,
    pub verified: bool,
    /// Timed cells: the answer checked again after timing still matched (the host checks every
    /// timed cell's answer after timing; one that changed is a failure and carries no stats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_after_timing: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<Stats>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_item: Option<PerItem>,
}

#[derive(Serialize, Debug)]
pub struct Skip {
    pub runtime: String,
    pub mechanism: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    pub reason: String,
}

#[derive(Serialize, Debug)]
pub struct Failure {
    pub runtime: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<Option<u64>>,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

/// The embedded engine of a host column, for the provenance.
#[derive(Serialize, Debug, Clone)]
pub struct Engine {
    pub name: String,
    pub version: String,
}

#[derive(Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub exec_path: String,
    pub engine: Engine,
}

#[derive(Serialize, Debug)]
pub struct Floor {
    pub shape: String,
    pub arity: u32,
    pub stats: Stats,
}

#[derive(Serialize, Debug)]
pub struct Harness {
    pub seeds: Vec<u32>,
    pub floors: Vec<Floor>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct RunnerDocument {
    pub schema_version: u32,
    pub kind: &'static str,
    pub runtime: RuntimeInfo,
    pub mode: String,
    pub started_at: String,
    pub finished_at: String,
    pub libraries: std::collections::BTreeMap<String, String>,
    pub cells: Vec<Cell>,
    pub skipped: Vec<Skip>,
    pub failures: Vec<Failure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub harness: Option<Harness>,
}
