//! Timing with the JS runners' method, written once for the Rust side.
//!
//! The JS runners time through mitata (runners/shared/measure.ts) and compute a 95 % bootstrap
//! interval of the mean (runners/shared/bootstrap.ts). A host column must be comparable with
//! them, so this module does the same steps in the same order: samples of one call or of a
//! batch of calls, sorted, two trimmed at each end once there are more than 12 (mitata's
//! `samples_threshold`), mean and mitata's index percentiles of what is left, then the same
//! percentile bootstrap (1000 resamples, m-out-of-n past 1024 samples, R's type-7 quantile).

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::document::Stats;
use crate::spec::StoppingRules;

/// When a cell stops: the JS runners' stopping rule (document.ts `stoppingRules`, passed in the
/// spec), so host figures carry the same kind of interval. One QuickJS call of `fin_metrics` over
/// 1 Mi points lasts about a second (QuickJS has no JIT), so a cell past its cap stops with
/// `MIN_CAPPED_SAMPLES` rather than the rule's minimum; it says so (`stop: "cap"`).
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub target_rme: f64,
    pub cap: Duration,
    pub min_samples: usize,
}

impl Budget {
    /// The budget of `mode` (`quick` or `full`) under `rules`.
    pub fn for_mode(rules: &StoppingRules, mode: &str) -> Budget {
        let rule = if mode == "full" {
            &rules.full
        } else {
            &rules.quick
        };
        Budget {
            target_rme: rule.target_rme,
            cap: Duration::from_secs_f64(rule.cap_ms / 1000.0),
            min_samples: rules.min_samples,
        }
    }
}

/// Fewest samples of a cell stopped by its cap.
const MIN_CAPPED_SAMPLES: usize = 3;

/// Why a cell stopped: its interval met the target, or it reached its cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Target,
    Cap,
}

impl Stop {
    fn word(self) -> &'static str {
        match self {
            Stop::Target => "target",
            Stop::Cap => "cap",
        }
    }
}

/// Whether `samples` (unsorted, as taken) already give an interval within the target.
fn converged(samples: &[f64], budget: Budget, seed: u32, label: &str) -> bool {
    samples.len() >= budget.min_samples
        && summarize(samples.to_vec(), 1, seed, label).rme <= budget.target_rme
}

/// Takes samples from `sample` until the interval is tight (checked each time the count
/// doubles, from the rule's minimum) or the cap is reached; the statistics carry why it stopped.
fn sample_until(
    budget: Budget,
    seed: u32,
    label: &str,
    per_sample: u64,
    mut sample: impl FnMut() -> f64,
) -> Stats {
    let mut samples = Vec::new();
    let start = Instant::now();
    let mut check_at = budget.min_samples.max(1);
    let stop = loop {
        samples.push(sample());
        if samples.len() >= MAX_SAMPLES {
            break Stop::Cap;
        }
        if samples.len() >= check_at {
            check_at *= 2;
            if converged(&samples, budget, seed, label) {
                break Stop::Target;
            }
        }
        if start.elapsed() >= budget.cap && samples.len() >= MIN_CAPPED_SAMPLES {
            break if converged(&samples, budget, seed, label) {
                Stop::Target
            } else {
                Stop::Cap
            };
        }
    };
    let timed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let ticks = samples.len() as u64 * per_sample;
    let mut stats = summarize(samples, ticks, seed, label);
    stats.stop = Some(stop.word());
    stats.timed_ms = Some(timed_ms);
    stats.batch = Some(per_sample);
    stats
}

/// A call shorter than this is timed in batches, so the clock's own cost (~20-30 ns for
/// `Instant::now`) stays under 0.3 % of a sample; mitata's `batch_threshold` in measure.ts.
const BATCH_TARGET_NS: f64 = 10_000.0;
/// The largest batch: mitata's `batch_samples`.
const MAX_BATCH: u64 = 4096;
/// Samples past which two are trimmed at each end (mitata's `samples_threshold`).
const TRIM_ABOVE: usize = 12;
/// How many per-call times a cell keeps (measure.ts `maxKeptSamples`).
const KEPT_SAMPLES: usize = 256;
/// A cell never samples past this, whatever its budget (a sub-ns native call in full mode).
const MAX_SAMPLES: usize = 200_000;

/// Times `f` and returns its statistics in ns per call. `seed`/`label` seed the bootstrap.
pub fn time<R>(budget: Budget, seed: u32, label: &str, mut f: impl FnMut() -> R) -> Stats {
    // Warm-up, and an estimate of one call to size the batch: a tenth of the budget, at least
    // one call (the verification before timing has already run it once).
    let t0 = Instant::now();
    let mut warm = 0u64;
    while warm < 1 || (t0.elapsed() < budget.cap / 10 && warm < 10_000) {
        black_box(f());
        warm += 1;
    }
    let per_call = t0.elapsed().as_nanos() as f64 / warm as f64;
    let batch = ((BATCH_TARGET_NS / per_call.max(0.01)).ceil() as u64).clamp(1, MAX_BATCH);
    sample_until(budget, seed, label, batch, || {
        let t = Instant::now();
        for _ in 0..batch {
            black_box(f());
        }
        t.elapsed().as_nanos() as f64 / batch as f64
    })
}

/// Times `routine` on a fresh input from `setup` per call; the setup is outside the timing
/// (the JS runners' `freshArgs`: sorting sorted data is not the same work).
pub fn time_fresh<I, R>(
    budget: Budget,
    seed: u32,
    label: &str,
    mut setup: impl FnMut() -> I,
    mut routine: impl FnMut(I) -> R,
) -> Stats {
    black_box(routine(setup()));
    sample_until(budget, seed, label, 1, || {
        let input = setup();
        let t = Instant::now();
        black_box(routine(input));
        t.elapsed().as_nanos() as f64
    })
}

/// mitata's summary of sorted samples plus the bootstrap interval of the mean.
pub fn summarize(mut samples: Vec<f64>, ticks: u64, seed: u32, label: &str) -> Stats {
    samples.sort_by(f64::total_cmp);
    if samples.len() > TRIM_ABOVE {
        samples = samples[2..samples.len() - 2].to_vec();
    }
    let n = samples.len();
    let at = |q: f64| samples[(q * (n - 1) as f64) as usize];
    let avg = mean(&samples);
    let ci = bootstrap_mean(&samples, seed, label);
    Stats {
        avg_ns: avg,
        p50_ns: at(0.50),
        p75_ns: at(0.75),
        p99_ns: at(0.99),
        min_ns: samples[0],
        max_ns: samples[n - 1],
        samples: n as u64,
        ticks,
        samples_ns: thin_sorted(&samples, KEPT_SAMPLES)
            .into_iter()
            .map(four_digits)
            .collect(),
        ci_low_ns: ci.0,
        ci_high_ns: ci.1,
        rme: if avg > 0.0 {
            (ci.1 - ci.0) / 2.0 / avg
        } else {
            0.0
        },
        floor_ns: None,
        net_ns: None,
        stop: None,
        timed_ms: None,
        batch: None,
    }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The `q` quantile of sorted values, linearly interpolated (bootstrap.ts `quantile`).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// bootstrap.ts `bootstrapMean` with its defaults: 1000 resamples of at most 1024 draws, the
/// deviation rescaled by sqrt(m/n), the 2.5 % and 97.5 % quantiles of the resampled means.
pub fn bootstrap_mean(samples: &[f64], seed: u32, label: &str) -> (f64, f64) {
    let n = samples.len();
    let m = n.min(1024);
    let center = mean(samples);
    let scale = (m as f64 / n as f64).sqrt();
    let mut rng = fastrand::Rng::with_seed(seed_of(seed, label));
    let mut means: Vec<f64> = (0..1000)
        .map(|_| {
            let s: f64 = (0..m).map(|_| samples[rng.usize(..n)]).sum();
            center + (s / m as f64 - center) * scale
        })
        .collect();
    means.sort_by(f64::total_cmp);
    (quantile(&means, 0.025), quantile(&means, 0.975))
}

/// One generator per (run seed, cell): FNV-1a 64 of the label, mixed with the seed.
fn seed_of(seed: u32, label: &str) -> u64 {
    let h = label.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    h ^ u64::from(seed)
}

/// At most `k` evenly spaced quantiles of an ascending slice, min and max included.
pub fn thin_sorted(sorted: &[f64], k: usize) -> Vec<f64> {
    if sorted.len() <= k {
        return sorted.to_vec();
    }
    (0..k)
        .map(|i| sorted[((i * (sorted.len() - 1)) as f64 / (k - 1) as f64).round() as usize])
        .collect()
}

/// Four significant digits, as the JS runners keep `samplesNs`.
fn four_digits(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 3 - x.abs().log10().floor() as i32;
    let p = 10f64.powi(digits);
    (x * p).round() / p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_indexes_like_mitata() {
        let samples: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let s = summarize(samples, 20, 1, "t");
        // 20 samples, 2 trimmed each end: 3..=18.
        assert_eq!(s.min_ns, 3.0);
        assert_eq!(s.max_ns, 18.0);
        assert_eq!(s.samples, 16);
        assert_eq!(s.avg_ns, 10.5);
        assert_eq!(s.p50_ns, 10.0); // index (0.5 * 15) | 0 = 7
        assert_eq!(s.p99_ns, 17.0); // index 14
    }

    #[test]
    fn bootstrap_brackets_the_mean_and_is_seeded() {
        let samples: Vec<f64> = (0..500).map(|i| 100.0 + f64::from(i % 17)).collect();
        let (lo, hi) = bootstrap_mean(&samples, 7, "cell");
        let m = mean(&samples);
        assert!(lo < m && m < hi, "{lo} < {m} < {hi}");
        assert_eq!(bootstrap_mean(&samples, 7, "cell"), (lo, hi));
        assert_ne!(bootstrap_mean(&samples, 8, "cell"), (lo, hi));
    }

    #[test]
    fn stops_at_the_target_or_the_cap() {
        let rules = StoppingRules {
            quick: crate::spec::Rule {
                target_rme: 0.03,
                cap_ms: 50.0,
            },
            full: crate::spec::Rule {
                target_rme: 0.01,
                cap_ms: 100.0,
            },
            min_samples: 12,
        };
        let b = Budget::for_mode(&rules, "quick");
        // Identical samples: the interval has no width, so the first check stops it.
        let s = sample_until(b, 1, "flat", 1, || 100.0);
        assert_eq!(s.stop, Some("target"));
        assert_eq!(s.samples, 12); // the rule's minimum, too few to trim
                                   // Samples that never settle: only the cap stops them, within a few samples of it.
        let mut i = 0u64;
        let s = sample_until(b, 1, "wild", 1, || {
            i += 1;
            std::thread::sleep(Duration::from_millis(1));
            if i.is_multiple_of(2) {
                1.0
            } else {
                1e6
            }
        });
        assert_eq!(s.stop, Some("cap"));
        assert!(s.timed_ms.unwrap() >= 50.0, "{:?}", s.timed_ms);
        assert_eq!(Budget::for_mode(&rules, "full").target_rme, 0.01);
    }

    #[test]
    fn quantile_interpolates() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert_eq!(four_digits(123_456.0), 123_500.0);
        assert_eq!(four_digits(0.012_345_6), 0.012_35);
    }
}
