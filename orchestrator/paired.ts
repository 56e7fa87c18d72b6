/**
 * The statistics of an A/B over interleaved rounds (`bridgetax ab`). Pure.
 *
 * The unit is the round: A and B each ran once in a fresh process, back to back, so the pair
 * shares whatever the machine was doing then. Per round the log ratio log(B / A) of the cells'
 * median times (each round's `p50Ns`, the figure the cell is quoted by); over rounds the Wilcoxon signed-rank test (exact distribution, no normality
 * assumed: on a busy machine the round ratios are skewed, with a few rounds hit by a build) and
 * its effect size, the Hodges-Lehmann estimate (median of the Walsh averages) with the
 * distribution-free confidence interval that goes with the test. simple-statistics has the
 * two-sample rank sum but not the paired signed-rank test; the exact null distribution is a
 * small dynamic programme over the ranks, written out below.
 */
import { median } from 'simple-statistics';

/** Result of a paired test on per-round log ratios. */
export interface PairedResult {
  /** Rounds with a non-zero difference (ties at exactly zero carry no sign). */
  n: number;
  /** Two-sided exact p-value of the signed-rank test. */
  p: number;
  /** Hodges-Lehmann estimate of B / A (exp of the median Walsh average of the log ratios). */
  ratio: number;
  /** Its confidence interval, B / A; [0, Infinity] when too few rounds bound it. */
  low: number;
  high: number;
  /** Confidence level of the interval actually reached (the exact distribution is discrete). */
  confidence: number;
}

/** Ranks of |x| (1-based, ties averaged), doubled so they are integers. */
function doubledRanks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [Math.abs(x), i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    // Average of ranks i+1 .. j+1, doubled: (i + 1 + j + 1).
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = i + j + 2;
    i = j + 1;
  }
  return ranks;
}

/** Null distribution of the signed-rank statistic over the given (doubled) ranks: counts[s] is
 *  how many of the 2^n sign patterns give a positive-rank sum of s. */
function nullCounts(ranks: readonly number[]): number[] {
  const total = ranks.reduce((a, b) => a + b, 0);
  let counts = new Array<number>(total + 1).fill(0);
  counts[0] = 1;
  for (const r of ranks) {
    const next = [...counts];
    for (let s = total - r; s >= 0; s--) if (counts[s]) next[s + r]! += counts[s]!;
    counts = next;
  }
  return counts;
}

/** Two-sided exact Wilcoxon signed-rank test of `d` (differences) against zero, with the
 *  Hodges-Lehmann estimate and its interval at `confidence`. The estimates are on d's scale. */
export function signedRank(d: readonly number[], confidence = 0.95): { n: number; p: number; estimate: number; low: number; high: number; confidence: number } {
  const nz = d.filter((x) => x !== 0);
  const n = nz.length;
  if (!d.length) throw new Error('signedRank: no differences to test');
  const walsh: number[] = [];
  for (let i = 0; i < d.length; i++) for (let j = i; j < d.length; j++) walsh.push((d[i]! + d[j]!) / 2);
  walsh.sort((a, b) => a - b);
  const estimate = median(walsh);
  if (n === 0) return { n, p: 1, estimate, low: estimate, high: estimate, confidence: 1 };
  const ranks = doubledRanks(nz);
  const plus = nz.reduce((s, x, i) => s + (x > 0 ? ranks[i]! : 0), 0);
  const counts = nullCounts(ranks);
  const all = 2 ** n;
  let below = 0;
  let above = 0;
  for (let s = 0; s < counts.length; s++) {
    if (s <= plus) below += counts[s]!;
    if (s >= plus) above += counts[s]!;
  }
  const p = Math.min(1, (2 * Math.min(below, above)) / all);
  // The interval from the untied distribution over all rounds: the k-th smallest and k-th
  // largest Walsh averages, k the largest with P(T < k) <= (1 - confidence) / 2.
  const untied = nullCounts(d.map((_, i) => 2 * (i + 1)));
  const tail = (1 - confidence) / 2;
  let k = 0;
  let cum = 0;
  for (let c = 0; ; c++) {
    cum += untied[2 * c]! / 2 ** d.length;
    if (cum > tail) break;
    k = c + 1;
  }
  if (k < 1) return { n, p, estimate, low: -Infinity, high: Infinity, confidence: 1 };
  let reached = 0;
  for (let c = 0; c < k; c++) reached += untied[2 * c]! / 2 ** d.length;
  return { n, p, estimate, low: walsh[k - 1]!, high: walsh[walsh.length - k]!, confidence: 1 - 2 * reached };
}

/** The paired test on per-round times of A and B (same length, round by round). */
export function pairedRounds(a: readonly number[], b: readonly number[], confidence = 0.95): PairedResult {
  if (a.length !== b.length) throw new Error(`pairedRounds: ${a.length} rounds of A against ${b.length} of B; pair them round by round`);
  if (a.some((x) => !(x > 0)) || b.some((x) => !(x > 0))) throw new Error('pairedRounds: every round time must be above zero');
  const r = signedRank(a.map((x, i) => Math.log(b[i]! / x)), confidence);
  return { n: r.n, p: r.p, ratio: Math.exp(r.estimate), low: Math.exp(r.low), high: Math.exp(r.high), confidence: r.confidence };
}

/** faster: B takes less time than A; slower: more. */
export type AbVerdict = 'faster' | 'slower' | 'unchanged';

/**
 * A change needs p < alpha and its whole interval beyond `threshold`: B is then at least that
 * much slower (or faster) at the interval's confidence, not merely different with a large point
 * estimate. Why the interval and not the estimate: a call the JIT folds to ~10 ns lands in one of
 * a few speeds per process, so its per-round ratios are a mixture and the estimate can sit far
 * from both sides' medians (a CI run, 2026-12-06: `js add_f64` at 11.3 ns against 11.5 ns, the
 * estimate 1.261x, p = 0.0083, interval 1.007x-1.442x, called slower by the estimate alone).
 */
export function abVerdict(r: Pick<PairedResult, 'p' | 'low' | 'high'>, alpha: number, threshold: number): AbVerdict {
  if (!(r.p < alpha)) return 'unchanged';
  if (r.low >= threshold) return 'slower';
  if (r.high <= 1 / threshold) return 'faster';
  return 'unchanged';
}
