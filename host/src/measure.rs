//! Timing with the JS runners' method, written once for the Rust side.
//!
//! The JS runners time through mitata (runners/shared/measure.ts) and compute a 95 % bootstrap
//! interval of the mean (contract/statistics.ts). A host column must be comparable with
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
fn converged(samples: &[f64], budget: Budget) -> bool {
    samples.len() >= budget.min_samples && summarize(samples.to_vec(), 1).rme <= budget.target_rme
}

/// Takes samples from `sample` until the interval is tight (checked each time the count
/// doubles, from the rule's minimum) or the cap is reached; the statistics carry why it stopped.
fn sample_until(budget: Budget, per_sample: u64, mut sample: impl FnMut() -> f64) -> Stats {
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
            if converged(&samples, budget) {
                break Stop::Target;
            }
        }
        if start.elapsed() >= budget.cap && samples.len() >= MIN_CAPPED_SAMPLES {
            break if converged(&samples, budget) {
                Stop::Target
            } else {
                Stop::Cap
            };
        }
    };
    let timed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let ticks = samples.len() as u64 * per_sample;
    let mut stats = summarize(samples, ticks);
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

/// Times `f` and returns its statistics in ns per call.
pub fn time<R>(budget: Budget, mut f: impl FnMut() -> R) -> Stats {
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
    sample_until(budget, batch, || {
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
    mut setup: impl FnMut() -> I,
    mut routine: impl FnMut(I) -> R,
) -> Stats {
    black_box(routine(setup()));
    sample_until(budget, 1, || {
        let input = setup();
        let t = Instant::now();
        black_box(routine(input));
        t.elapsed().as_nanos() as f64
    })
}

/// mitata's summary of sorted samples plus the bootstrap interval of the median.
pub fn summarize(mut samples: Vec<f64>, ticks: u64) -> Stats {
    samples.sort_by(f64::total_cmp);
    if samples.len() > TRIM_ABOVE {
        samples = samples[2..samples.len() - 2].to_vec();
    }
    let n = samples.len();
    let at = |q: f64| samples[(q * (n - 1) as f64) as usize];
    let avg = mean(&samples);
    let (ci_low, ci_high) = bootstrap_median(&samples);
    let median = at(0.50);
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
        ci_low_ns: ci_low,
        ci_high_ns: ci_high,
        rme: if median > 0.0 {
            (ci_high - ci_low) / 2.0 / median
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

/// bootstrap.ts `bootstrapMedian`: the 95 % percentile-bootstrap interval of the lower median
/// of `sorted`, exactly. A resample's median is at most `sorted[i]` when at least
/// (n - 1) / 2 + 1 of its n draws are, and those draws are Binomial(n, (values <= sorted[i]) / n).
pub fn bootstrap_median(sorted: &[f64]) -> (f64, f64) {
    let n = sorted.len();
    let need = (n - 1) / 2 + 1;
    let at_or_below = |i: usize| {
        let mut j = i;
        while j + 1 < n && sorted[j + 1] == sorted[i] {
            j += 1;
        }
        j + 1
    };
    let first_at = |q: f64| {
        let (mut lo, mut hi) = (0, n - 1);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if binomial_at_least(n, at_or_below(mid) as f64 / n as f64, need) >= q {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        sorted[lo]
    };
    (first_at(0.025), first_at(0.975))
}

/// P(X >= k) for X ~ Binomial(n, p): exact in log space up to 2000 draws, the normal
/// approximation with continuity correction past it (bootstrap.ts `binomialAtLeast`).
fn binomial_at_least(n: usize, p: f64, k: usize) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let nf = n as f64;
    if n > 2000 {
        let z = (k as f64 - 0.5 - nf * p) / (nf * p * (1.0 - p)).sqrt();
        return 1.0 - normal_cdf(z);
    }
    let (lp, lq) = (p.ln(), (-p).ln_1p());
    let mut log_pmf = nf * lq;
    let mut tail = f64::NEG_INFINITY;
    for i in 0..n {
        if i >= k {
            tail = log_add(tail, log_pmf);
        }
        log_pmf += ((n - i) as f64 / (i + 1) as f64).ln() + lp - lq;
    }
    log_add(tail, log_pmf).exp().min(1.0)
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Phi(z), Abramowitz & Stegun 7.1.26 (bootstrap.ts `normalCdf`).
fn normal_cdf(z: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * (z.abs() / std::f64::consts::SQRT_2));
    let y = 1.0
        - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t
            + 0.254_829_592)
            * t
            * (-(z * z) / 2.0).exp();
    if z >= 0.0 {
        (1.0 + y) / 2.0
    } else {
        (1.0 - y) / 2.0
    }
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
        let s = summarize(samples, 20);
        // 20 samples, 2 trimmed each end: 3..=18.
        assert_eq!(s.min_ns, 3.0);
        assert_eq!(s.max_ns, 18.0);
        assert_eq!(s.samples, 16);
        assert_eq!(s.avg_ns, 10.5);
        assert_eq!(s.p50_ns, 10.0); // index (0.5 * 15) | 0 = 7
        assert_eq!(s.p99_ns, 17.0); // index 14
    }

    #[test]
    fn median_interval_is_the_exact_bootstrap() {
        // Five samples: a resample's median is the smallest with probability
        // P(Bin(5, 1/5) >= 3) = 5.8 % >= 2.5 %, so the interval is the whole range (as in
        // test/load-size.test.ts for bootstrap.ts).
        assert_eq!(
            bootstrap_median(&[10.0, 20.0, 30.0, 40.0, 50.0]),
            (10.0, 50.0)
        );
        assert_eq!(bootstrap_median(&[7.0; 8]), (7.0, 7.0));
        // 0..1000: the interval of the median 499 is about +-1.96 * sqrt(1000) / 2 ranks.
        let many: Vec<f64> = (0..1000).map(f64::from).collect();
        let (lo, hi) = bootstrap_median(&many);
        assert!((466.0..=472.0).contains(&lo), "{lo}");
        assert!((527.0..=533.0).contains(&hi), "{hi}");
        // Past 2000 draws, the normal approximation: the same width in ranks per sqrt(n).
        let more: Vec<f64> = (0..4000).map(f64::from).collect();
        let (lo, hi) = bootstrap_median(&more);
        assert!((1934.0..=1942.0).contains(&lo), "{lo}");
        assert!((2057.0..=2065.0).contains(&hi), "{hi}");
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
        let s = sample_until(b, 1, || 100.0);
        assert_eq!(s.stop, Some("target"));
        assert_eq!(s.samples, 12); // the rule's minimum, too few to trim
                                   // Samples that never settle: only the cap stops them, within a few samples of it.
        let mut i = 0u64;
        let s = sample_until(b, 1, || {
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
    fn four_significant_digits() {
        assert_eq!(four_digits(123_456.0), 123_500.0);
        assert_eq!(four_digits(0.012_345_6), 0.012_35);
    }
}
