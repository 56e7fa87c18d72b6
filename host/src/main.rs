//! bridgetax's host runner: the other direction, a Rust program embedding a JS engine.
//!
//! Spawned by the orchestrator like the JS runners (`--out FILE --mode quick|full|verify
//! --seed N`, filters) with the spec file the orchestrator wrote from the workload catalogue
//! (`--spec FILE`); writes one runner document (contract/document.ts), atomically.
//! stdout is progress for people; only the document is read back.

mod cells;
mod column;
#[cfg(any(feature = "deno_core", feature = "deno_core-quickjs"))]
mod deno_core;
mod document;
mod measure;
mod native;
#[cfg(feature = "rquickjs")]
mod quickjs;
mod spec;

// Both pick deno_core's engine (deno_v8 links V8 or v8x's QuickJS-ng, not both).
#[cfg(all(feature = "deno_core", feature = "deno_core-quickjs"))]
compile_error!(
    "features deno_core (V8) and deno_core-quickjs exclude each other: build one binary per engine"
);

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Parser, ValueEnum};
use serde::Serialize;

use column::{ColumnOptions, Engine};
use document::{Harness, RunnerDocument, RuntimeInfo};
use measure::Budget;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EngineName {
    Rquickjs,
    #[value(name = "deno_core")]
    DenoCore,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Mode {
    Quick,
    Full,
    Verify,
}

/// bridgetax host runner: measures a JS engine embedded in Rust.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
    /// Print the engines this binary can host (and why one it lacks is missing) as JSON, then exit.
    #[arg(long)]
    describe: bool,
    /// Where to write the runner document.
    #[arg(long, required_unless_present = "describe")]
    out: Option<String>,
    /// The spec the orchestrator wrote (contract/host-spec.ts, orchestrator/host.ts).
    #[arg(long, required_unless_present = "describe")]
    spec: Option<String>,
    #[arg(long, value_enum, default_value = "rquickjs")]
    engine: EngineName,
    #[arg(long, value_enum, default_value = "full")]
    mode: Mode,
    /// Seed of the mechanism order and the bootstrap.
    #[arg(long)]
    seed: Option<u32>,
    /// Refuse to measure unless this is the column `<crate>@<version>`.
    #[arg(long)]
    expect: Option<String>,
    /// Mechanisms, comma-separated (only js and rust exist here; others are skipped with the reason).
    #[arg(long, value_delimiter = ',')]
    mechanisms: Option<Vec<String>>,
    /// Workload ids, comma-separated.
    #[arg(long, value_delimiter = ',')]
    workloads: Option<Vec<String>>,
    /// Every mechanism id of the catalogue, so the others are listed as skipped.
    #[arg(long, value_delimiter = ',')]
    all_mechanisms: Option<Vec<String>>,
}

/// One engine as `--describe` reports it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Described {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
    /// Tells this build apart from another of the same crate version: the column is
    /// `<name>@<version>#<label>` (deno_core over QuickJS-ng beside deno_core over V8).
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<document::Engine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unavailable: Option<&'static str>,
}

/// Why deno_core is missing, word for word in every report.
#[cfg(not(feature = "deno_core"))]
const DENO_CORE_MISSING: &str = "deno_core (V8) is not part of this host runner: the v8 crate downloads a prebuilt \
librusty_v8.a from GitHub at build time (RUSTY_V8_ARCHIVE may point at a local copy), which this machine cannot reach, and \
building V8 from source needs Chromium's toolchains";

/// Why rquickjs is missing from a binary built without it.
#[cfg(not(feature = "rquickjs"))]
const RQUICKJS_MISSING: &str =
    "this host runner was built without rquickjs (cargo feature `rquickjs`, a default one): \
the orchestrator builds it as its own binary";

/// What this binary carries: each engine it was built with, and deno_core over V8 as missing
/// (with why) when it lacks it. Another binary may carry what this one lacks (orchestrator/host.ts).
// Each push is behind its own cfg: a `vec![]` cannot leave an element out.
#[allow(clippy::vec_init_then_push)]
fn describe() -> Vec<Described> {
    let mut all = Vec::new();
    #[cfg(feature = "rquickjs")]
    all.push(Described {
        name: "rquickjs",
        version: Some(quickjs::CRATE_VERSION),
        label: None,
        engine: Some(quickjs::info()),
        unavailable: None,
    });
    #[cfg(any(feature = "deno_core", feature = "deno_core-quickjs"))]
    all.push(Described {
        name: "deno_core",
        version: Some(deno_core::CRATE_VERSION),
        label: deno_core::LABEL,
        engine: Some(deno_core::info()),
        unavailable: None,
    });
    #[cfg(not(feature = "deno_core"))]
    all.push(Described {
        name: "deno_core",
        // The version the lockfile would build: the column is named even when skipped.
        version: Some(env!("DENO_CORE_VERSION")),
        label: None,
        engine: None,
        unavailable: Some(DENO_CORE_MISSING),
    });
    all
}

/// The column an engine of this binary measures: crate, version, label, engine.
type Identity = (
    &'static str,
    &'static str,
    Option<&'static str>,
    document::Engine,
);

fn identity(engine: EngineName) -> Result<Identity, String> {
    match engine {
        #[cfg(feature = "rquickjs")]
        EngineName::Rquickjs => Ok(("rquickjs", quickjs::CRATE_VERSION, None, quickjs::info())),
        #[cfg(not(feature = "rquickjs"))]
        EngineName::Rquickjs => Err(RQUICKJS_MISSING.into()),
        #[cfg(any(feature = "deno_core", feature = "deno_core-quickjs"))]
        EngineName::DenoCore => Ok((
            "deno_core",
            deno_core::CRATE_VERSION,
            deno_core::LABEL,
            deno_core::info(),
        )),
        #[cfg(not(any(feature = "deno_core", feature = "deno_core-quickjs")))]
        EngineName::DenoCore => Err(DENO_CORE_MISSING.into()),
    }
}

/// The engine itself, its reused runtime made and the reference module loaded.
fn open(engine: EngineName, spec: &spec::Spec) -> Result<Box<dyn Engine + '_>, String> {
    match engine {
        #[cfg(feature = "rquickjs")]
        EngineName::Rquickjs => Ok(Box::new(quickjs::QuickJs::new(spec)?)),
        #[cfg(any(feature = "deno_core", feature = "deno_core-quickjs"))]
        EngineName::DenoCore => Ok(Box::new(deno_core::DenoCore::new(spec)?)),
        #[allow(unreachable_patterns)]
        other => Err(format!("{other:?} is not built into this host runner")),
    }
}

/// An ISO 8601 UTC timestamp with milliseconds (what zod's `iso.datetime()` accepts).
fn now_iso() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.describe {
        println!(
            "{}",
            serde_json::to_string(&describe()).expect("plain data serializes")
        );
        return ExitCode::SUCCESS;
    }
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bridgetax-host: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let (out, spec_path) = (
        cli.out.as_deref().unwrap_or_default(),
        cli.spec.as_deref().unwrap_or_default(),
    );
    let started_at = now_iso();
    let spec_text = std::fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read --spec {spec_path}: {e}"))?;
    let spec: spec::Spec = serde_json::from_str(&spec_text)
        .map_err(|e| format!("--spec {spec_path} is not a host spec ({e}); the orchestrator writes it (orchestrator/host.ts)"))?;
    if let Some(w) = cli
        .workloads
        .iter()
        .flatten()
        .find(|w| !spec.workloads.iter().any(|x| &x.id == *w))
    {
        let ids: std::collections::BTreeSet<&str> =
            spec.workloads.iter().map(|x| x.id.as_str()).collect();
        return Err(format!(
            "unknown workload \"{w}\"; valid: {}",
            ids.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let (name, version, label, engine_info) = identity(cli.engine)?;
    let id = format!("{name}@{version}");
    if let Some(expect) = &cli.expect {
        // The orchestrator launches a labelled column under its plain id and relabels it.
        let labelled = label.map(|l| format!("{id}#{l}"));
        if expect != &id && Some(expect) != labelled.as_ref() {
            return Err(format!(
                "launched as {expect} but this is {id}; refusing to measure under the wrong label"
            ));
        }
    }
    let seed = cli.seed.unwrap_or_else(|| fastrand::u32(..));
    let mode = match cli.mode {
        Mode::Quick => "quick",
        Mode::Full => "full",
        Mode::Verify => "verify",
    };
    let opts = ColumnOptions {
        runtime: &id,
        budget: (!matches!(cli.mode, Mode::Verify)).then(|| Budget::for_mode(&spec.stopping, mode)),
        seed,
        mechanisms: cli.mechanisms.clone(),
        workloads: cli.workloads.clone(),
        headline_only: matches!(cli.mode, Mode::Quick),
    };
    let all = cli
        .all_mechanisms
        .clone()
        .unwrap_or_else(|| vec!["js".into(), "rust".into()]);
    let mut engine = open(cli.engine, &spec)?;
    let collected = column::run(engine.as_mut(), &spec, &opts, &all);
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "bridgetax-host".into());
    let mut libraries = BTreeMap::new();
    libraries.insert(name.to_string(), version.to_string());
    libraries.insert(engine_info.name.clone(), engine_info.version.clone());
    let doc = RunnerDocument {
        schema_version: spec.schema_version,
        kind: "runner",
        runtime: RuntimeInfo {
            id: id.clone(),
            name: name.into(),
            version: version.into(),
            exec_path: exe,
            engine: engine_info,
        },
        mode: mode.into(),
        started_at,
        finished_at: now_iso(),
        libraries,
        cells: collected.cells,
        skipped: collected.skipped,
        failures: collected.failures,
        harness: opts.budget.map(|_| Harness {
            seeds: vec![seed],
            floors: collected.floors,
        }),
    };
    let text = serde_json::to_string(&doc).map_err(|e| format!("serializing the document: {e}"))?;
    // Atomic: a reader sees the previous file or the whole new one, never half.
    let tmp = format!("{out}.{}.tmp", std::process::id());
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {tmp}: {e}"))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("cannot rename {tmp} to {out}: {e}"))?;
    Ok(())
}
