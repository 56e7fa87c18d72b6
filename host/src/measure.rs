//! Timing with the JS runners' method, written once for the Rust side.
//!
//! The JS runners time through mitata (runners/shared/measure.ts) and compute their statistics
//! with contract/statistics.ts. A host column must be comparable with them, so this module does
//! the same steps in the same order: samples of one call or of a batch of calls, sorted, two
//! trimmed at each end once there are the stopping rule's `minSamples` (12; `keptSamples`),
//! mitata's index percentiles and the mean of what is left, and the 95 % percentile-bootstrap
//! interval of the median (the lower middle sample, the cell's figure) computed exactly rather
//! than by resampling (`bootstrapMedian`); a cell stops by the same pure rule (`stopDecision`).
//! contract/statistics-vectors.json pins all of it for both sides: the test at the end of this
//! file reads it, as test/statistics-vectors.test.ts does.

use std::hint::black_box;
use std::time::Instant;

use crate::document::Stats;
use crate::spec::StoppingRules;

/// When a cell stops: the JS runners' stopping rule (document.ts `stoppingRules`, passed in the
/// spec), so host figures carry the same kind of interval. One QuickJS call of `fin_metrics` over
/// 1 Mi points lasts about a second (QuickJS has no JIT), so a cell past its cap stops with
/// the rule's `minCappedSamples` rather than its minimum; it says so (`stop: "cap"`).
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub target_rme: f64,
    pub cap_ms: f64,
    pub min_samples: usize,
    pub min_capped_samples: usize,
    pub trim: usize,
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
            cap_ms: rule.cap_ms,
            min_samples: rules.min_samples,
            min_capped_samples: rules.min_capped_samples,
            trim: rules.trim,
        }
    }
}

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

/// statistics.ts `keptSamples`: `pooled` sorted, `trim` dropped at each end once there are
/// `min_samples`.
pub fn kept_samples(pooled: &[f64], min_samples: usize, trim: usize) -> Vec<f64> {
    let mut sorted = pooled.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.len() >= min_samples && sorted.len() > 2 * trim {
        sorted[trim..sorted.len() - trim].to_vec()
    } else {
        sorted
    }
}

/// statistics.ts `MedianInterval`: the lower median, its 95 % interval and relative margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MedianInterval {
    pub median: f64,
    pub low: f64,
    pub high: f64,
    pub rme: f64,
}

/// statistics.ts `stopDecision`: whether a cell with samples `pooled` (any order), timed for
/// `elapsed_ms`, stops (`Some`), and the interval of its kept samples' median (absent only when
/// it continues below the rule's minimum).
pub fn stop_decision(
    pooled: &[f64],
    elapsed_ms: f64,
    budget: &Budget,
) -> (Option<Stop>, Option<MedianInterval>) {
    let capped = elapsed_ms >= budget.cap_ms;
    let kept = || kept_samples(pooled, budget.min_samples, budget.trim);
    if pooled.len() < budget.min_samples {
        if !capped || pooled.len() < budget.min_capped_samples.max(1) {
            return (None, None);
        }
        return (Some(Stop::Cap), Some(bootstrap_median(&kept())));
    }
    let interval = bootstrap_median(&kept());
    if interval.rme <= budget.target_rme {
        (Some(Stop::Target), Some(interval))
    } else {
        (capped.then_some(Stop::Cap), Some(interval))
    }
}

/// Takes samples from `sample` until `stop_decision` says so: asked each time the count doubles
/// from the rule's minimum (an interval costs a sort and two binary searches), and on every
/// sample once the cap has passed; the statistics carry why it stopped.
fn sample_until(budget: Budget, per_sample: u64, mut sample: impl FnMut() -> f64) -> Stats {
    let mut samples = Vec::new();
    let start = Instant::now();
    let mut check_at = budget.min_samples.max(1);
    let elapsed_ms = |start: Instant| start.elapsed().as_secs_f64() * 1000.0;
    let stop = loop {
        samples.push(sample());
        if samples.len() >= MAX_SAMPLES {
            break Stop::Cap;
        }
        let ms = elapsed_ms(start);
        if samples.len() >= check_at || ms >= budget.cap_ms {
            if samples.len() >= check_at {
                check_at *= 2;
            }
            if let (Some(stop), _) = stop_decision(&samples, ms, &budget) {
                break stop;
            }
        }
    };
    let timed_ms = elapsed_ms(start);
    let ticks = samples.len() as u64 * per_sample;
    let mut stats = summarize(&samples, ticks, &budget);
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
    while warm < 1 || (t0.elapsed().as_secs_f64() * 1000.0 < budget.cap_ms / 10.0 && warm < 10_000)
    {
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

/// mitata's summary of the kept samples (`kept_samples`) plus the bootstrap interval of their
/// median: the same fields, in the same way, as measure.ts `time`.
pub fn summarize(pooled: &[f64], ticks: u64, budget: &Budget) -> Stats {
    let samples = kept_samples(pooled, budget.min_samples, budget.trim);
    let n = samples.len();
    let at = |q: f64| samples[(q * (n - 1) as f64) as usize];
    let ci = bootstrap_median(&samples);
    Stats {
        avg_ns: mean(&samples),
        p50_ns: ci.median,
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
        median_ci_low_ns: ci.low,
        median_ci_high_ns: ci.high,
        median_rme: ci.rme,
        floor_median_ns: None,
        median_net_ns: None,
        stop: None,
        timed_ms: None,
        batch: None,
    }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// statistics.ts `bootstrapMedian`: the 95 % percentile-bootstrap interval of the lower median
/// of `sorted` (ascending), exactly. A resample's median is at most `sorted[i]` when at least
/// (n - 1) / 2 + 1 of its n draws are, and those draws are Binomial(n, (values <= sorted[i]) / n).
pub fn bootstrap_median(sorted: &[f64]) -> MedianInterval {
    let n = sorted.len();
    assert!(n > 0, "median interval of no samples");
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
    let median = sorted[need - 1];
    // The tails as statistics.ts computes them from its 95 % level, bit for bit.
    let tail = (1.0 - 0.95) / 2.0;
    let (low, high) = (first_at(tail), first_at(1.0 - tail));
    MedianInterval {
        median,
        low,
        high,
        rme: if median > 0.0 {
            (high - low) / 2.0 / median
        } else {
            0.0
        },
    }
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
    use serde::Deserialize;
    use std::time::Duration;

    fn rules() -> StoppingRules {
        StoppingRules {
            quick: crate::spec::Rule {
                target_rme: 0.03,
                cap_ms: 50.0,
            },
            full: crate::spec::Rule {
                target_rme: 0.01,
                cap_ms: 100.0,
            },
            min_samples: 12,
            min_capped_samples: 3,
            trim: 2,
        }
    }

    #[test]
    fn trims_and_indexes_like_mitata() {
        let samples: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let s = summarize(&samples, 20, &Budget::for_mode(&rules(), "quick"));
        // 20 samples, 2 trimmed each end: 3..=18.
        assert_eq!(s.min_ns, 3.0);
        assert_eq!(s.max_ns, 18.0);
        assert_eq!(s.samples, 16);
        assert_eq!(s.avg_ns, 10.5);
        assert_eq!(s.p50_ns, 10.0); // index (0.5 * 15) | 0 = 7
        assert_eq!(s.p99_ns, 17.0); // index 14

        // Twelve samples are trimmed too (the rule's minimum), as measure.ts trims them.
        let twelve: Vec<f64> = (1..=12).map(f64::from).collect();
        assert_eq!(
            kept_samples(&twelve, 12, 2),
            (3..=10).map(f64::from).collect::<Vec<_>>()
        );
        assert_eq!(kept_samples(&twelve[..11], 12, 2).len(), 11);
    }

    #[test]
    fn stops_at_the_target_or_the_cap() {
        let b = Budget::for_mode(&rules(), "quick");
        // Identical samples: the interval has no width, so the first check stops it.
        let s = sample_until(b, 1, || 100.0);
        assert_eq!(s.stop, Some("target"));
        assert_eq!(s.samples, 8); // the rule's minimum, two trimmed at each end

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
        assert_eq!(Budget::for_mode(&rules(), "full").target_rme, 0.01);
        // A call slower than the cap stops with the rule's fewest capped samples.
        let s = sample_until(b, 1, || {
            std::thread::sleep(Duration::from_millis(20));
            1e7
        });
        assert_eq!(s.stop, Some("cap"));
        assert_eq!(s.samples, 3);
    }

    #[test]
    fn four_significant_digits() {
        assert_eq!(four_digits(123_456.0), 123_500.0);
        assert_eq!(four_digits(0.012_345_6), 0.012_35);
    }

    #[derive(Deserialize)]
    struct Interval {
        median: f64,
        low: f64,
        high: f64,
        rme: f64,
    }

    #[derive(Deserialize)]
    struct IntervalVector {
        name: String,
        sorted: Vec<f64>,
        #[serde(flatten)]
        expected: Interval,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct StopVector {
        name: String,
        mode: String,
        elapsed_ms: f64,
        pooled: Vec<f64>,
        stop: String,
        kept: usize,
        interval: Option<Interval>,
    }

    #[derive(Deserialize)]
    struct Vectors {
        rules: StoppingRules,
        intervals: Vec<IntervalVector>,
        stops: Vec<StopVector>,
    }

    /// contract/statistics-vectors.json, the statistics specification the TypeScript side is
    /// tested against too (test/statistics-vectors.test.ts): every number must match exactly.
    #[test]
    fn statistics_vectors() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../contract/statistics-vectors.json");
        let text = std::fs::read_to_string(&path).expect("read contract/statistics-vectors.json");
        let v: Vectors = serde_json::from_str(&text).expect("statistics vectors parse");
        assert!(v.intervals.len() >= 10 && v.stops.len() >= 10);
        let same = |got: MedianInterval, want: &Interval, name: &str| {
            assert_eq!(
                (got.median, got.low, got.high, got.rme),
                (want.median, want.low, want.high, want.rme),
                "{name}"
            );
        };
        for c in &v.intervals {
            same(bootstrap_median(&c.sorted), &c.expected, &c.name);
        }
        for c in &v.stops {
            let budget = Budget::for_mode(&v.rules, &c.mode);
            let (stop, interval) = stop_decision(&c.pooled, c.elapsed_ms, &budget);
            let word = stop.map_or("continue", Stop::word);
            assert_eq!(word, c.stop, "{}", c.name);
            assert_eq!(
                kept_samples(&c.pooled, budget.min_samples, budget.trim).len(),
                c.kept,
                "{}",
                c.name
            );
            match (interval, &c.interval) {
                (Some(got), Some(want)) => same(got, want, &c.name),
                (None, None) => {}
                (got, want) => panic!(
                    "{}: interval {:?} where the vectors have {}",
                    c.name,
                    got,
                    want.is_some()
                ),
            }
        }
    }
}
