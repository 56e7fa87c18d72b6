/**
 * `bridgetax diff BASE HEAD` and `compare --baseline`: per cell, the ratio of HEAD to BASE and
 * a verdict from a statistical test on the samples, not from one number.
 *
 * The test. Where both cells carry their kept per-call samples (`stats.samplesNs`), a
 * two-sided Mann-Whitney U test (normal approximation, tie-corrected, continuity-corrected):
 * no assumption about the shape of timing distributions, which are skewed and heavy-tailed.
 * simple-statistics supplies the rank sum and the error function; the variance and the
 * p-value are the textbook formulas on top (no well-kept npm package returns a U test's
 * p-value without pulling hundreds of modules). Files written before samples were kept fall
 * back to a z-test on the two medians, each with the asymptotic standard error of a sample
 * median, 1.2533 σ / √n, σ estimated from the upper half of the interquartile range
 * ((p75 − p50) / 0.6745) and n the samples mitata kept.
 *
 * What it can tell. Separate runs differ by more than the noise inside one run (another load on
 * the machine, another JIT decision), and the per-call samples of one process carry none of that
 * run-to-run noise. So where both files recorded each round's median (`compare --repeat`), the
 * test is a Mann-Whitney U on the rounds' medians instead, which does; where they were not,
 * the report says the verdict ignores run-to-run noise and, given this machine's `agreement`
 * figure (`pnpm agreement` records it), takes that as the least ratio that counts. Two builds
 * judged in one run, interleaved, is `bridgetax ab` (reports/ab.ts): the trustworthy way.
 *
 * The verdict. A difference must be both significant (p < alpha) and at least the threshold
 * in size (median HEAD / median BASE ≥ threshold is slower, ≤ 1 / threshold is faster: each
 * cell's `p50Ns`, with rounds the median round's, the figure the tables show); any other cell
 * is unchanged. The mean is never
 * used: a file read from version 1 or 2 whose rounds recorded only their means is judged on its
 * samples, as a single run. On a busy machine a few percent of drift is real but not a change
 * of the code; the threshold is what says how much matters.
 */
import { errorFunction, wilcoxonRankSum } from 'simple-statistics';
import { mechanismKey, mechanismLabel, type Cell, type Stats } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { formatNs, rowLabel } from './model.ts';

/** How `diff` decides. */
export interface DiffOptions {
  /** A ratio at least this far from 1 (either way) can be a change; default 1.1. */
  threshold?: number;
  /** Significance level of the test; default 0.01. */
  alpha?: number;
  /** Match columns by runtime name, not version (`node linux-x64` for `node@26.10.0 linux-x64`),
   *  so a baseline from an older runtime release still pairs up. Mechanism versions still count
   *  (`napi 3.5.2` pairs with `napi 3.5.2` only): one run may hold several of them. */
  ignoreVersions?: boolean;
  /** This machine's run-to-run agreement (median slowest/fastest over call cells, from `pnpm
   *  agreement`): where a cell is judged on one run's samples, a change must reach it too. */
  agreement?: { ratio: number; source: string };
}

/** The test a compared cell was judged by. */
export type DiffMethod = 'rounds' | 'mann-whitney' | 'median-z';

/** faster: HEAD takes less time than BASE; slower: more. */
export type Verdict = 'faster' | 'slower' | 'unchanged';

/** A cell by its coordinates. */
export interface CellRef {
  runtime: string;
  mechanism: Cell['mechanism'];
  mechanismVersion?: string;
  workload: string;
  param: number | null;
  paramUnit?: string;
}

/** A cell timed on both sides. */
export interface Compared extends CellRef {
  /** The column id in HEAD when it differs from BASE's (versions ignored). */
  headRuntime?: string;
  baseNs: number;
  headNs: number;
  /** headNs / baseNs: the cells' medians (`stats.p50Ns`; with rounds, the median round's). */
  ratio: number;
  p: number;
  method: DiffMethod;
  verdict: Verdict;
}

/** A cell that could not be compared, and why. */
export interface Unpaired extends CellRef {
  why: string;
}

/** The whole comparison. */
export interface Diff {
  base: string;
  head: string;
  threshold: number;
  alpha: number;
  /** The agreement figure applied to cells judged on one run's samples, when one was given. */
  agreement?: { ratio: number; source: string };
  compared: Compared[];
  /** Cells in BASE with no cell in HEAD, and the reverse. */
  onlyInBase: Unpaired[];
  onlyInHead: Unpaired[];
  /** Cells on both sides that are not timed on both (failed verification, verify-only). */
  notComparable: Unpaired[];
}

/** Result of a two-sample test. */
export interface TestResult {
  /** Standard normal statistic; positive when the second sample is larger. */
  z: number;
  /** Two-sided p-value. */
  p: number;
}

const twoSidedP = (z: number) => Math.max(0, Math.min(1, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));

/** Two-sided Mann-Whitney U test of `a` against `b`, normal approximation with tie and
 *  continuity corrections. z > 0 when `b` tends to be larger. */
export function mannWhitney(a: readonly number[], b: readonly number[]): TestResult {
  const n1 = a.length;
  const n2 = b.length;
  if (!n1 || !n2) throw new Error('mannWhitney: both samples need at least one value');
  const n = n1 + n2;
  const uB = wilcoxonRankSum([...b], [...a]) - (n2 * (n2 + 1)) / 2;
  const counts = new Map<number, number>();
  for (const x of [...a, ...b]) counts.set(x, (counts.get(x) ?? 0) + 1);
  let ties = 0;
  for (const t of counts.values()) ties += t ** 3 - t;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  const d = uB - (n1 * n2) / 2;
  if (variance <= 0) return { z: 0, p: d === 0 ? 1 : 0 };
  const z = (d - 0.5 * Math.sign(d)) / Math.sqrt(variance);
  return { z, p: twoSidedP(z) };
}

/** z-test on two medians from summary statistics (see the module comment). */
export function medianZ(a: Stats, b: Stats): TestResult {
  const se = (s: Stats) => (1.2533 * ((s.p75Ns - s.p50Ns) / 0.6745)) / Math.sqrt(s.samples);
  const d = b.p50Ns - a.p50Ns;
  const sd = Math.hypot(se(a), se(b));
  if (sd === 0) return { z: 0, p: d === 0 ? 1 : 0 };
  const z = d / sd;
  return { z, p: twoSidedP(z) };
}

/** The test's name as shown to people. */
export const methodText: Record<DiffMethod, string> = {
  rounds: 'Mann-Whitney U test (two-sided) on the rounds\' medians: both files were measured in several rounds, so run-to-run noise is in the test',
  'mann-whitney': 'Mann-Whitney U test (two-sided, normal approximation) on the kept per-call samples',
  'median-z': 'z-test on the medians from summary statistics (no samples recorded in the file)',
};

const versionless = (runtime: string) => runtime.replace(/@\S+/, '');

function keyed(results: Results, source: string, ignoreVersions: boolean): Map<string, Cell> {
  const out = new Map<string, Cell>();
  for (const c of results.cells) {
    const runtime = ignoreVersions ? versionless(c.runtime) : c.runtime;
    const k = `${runtime}\u0000${mechanismKey(c)}\u0000${c.workload}\u0000${c.param ?? ''}`;
    const other = out.get(k);
    if (other && other.runtime !== c.runtime) {
      throw new Error(`${source}: columns ${other.runtime} and ${c.runtime} are the same runtime once versions are ignored; diff without --ignore-versions`);
    }
    out.set(k, c);
  }
  return out;
}

const refOf = (c: Cell): CellRef => ({
  runtime: c.runtime, mechanism: c.mechanism, ...(c.mechanismVersion ? { mechanismVersion: c.mechanismVersion } : {}),
  workload: c.workload, param: c.param, ...(c.paramUnit ? { paramUnit: c.paramUnit } : {}),
});

/** Compares every cell of `head` with the same cell of `base`. */
export function diffResults(base: Results, head: Results, o: DiffOptions & { baseName?: string; headName?: string } = {}): Diff {
  const threshold = o.threshold ?? 1.1;
  const alpha = o.alpha ?? 0.01;
  if (!(threshold >= 1)) throw new Error(`threshold ${threshold}: give a ratio of 1 or more (1.1 = a 10 % change)`);
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha ${alpha}: give a significance level between 0 and 1 (e.g. 0.01)`);
  const baseName = o.baseName ?? 'base';
  const headName = o.headName ?? 'head';
  const a = keyed(base, baseName, o.ignoreVersions ?? false);
  const b = keyed(head, headName, o.ignoreVersions ?? false);
  const d: Diff = { base: baseName, head: headName, threshold, alpha, ...(o.agreement ? { agreement: o.agreement } : {}), compared: [], onlyInBase: [], onlyInHead: [], notComparable: [] };
  for (const [k, ca] of a) {
    const cb = b.get(k);
    if (!cb) {
      d.onlyInBase.push({ ...refOf(ca), why: `no such cell in ${headName}` });
      continue;
    }
    if (!ca.stats || !cb.stats) {
      const side = (c: Cell, name: string) => (c.stats ? [] : [`${c.verified ? 'not timed' : 'failed verification'} in ${name}`]);
      d.notComparable.push({ ...refOf(ca), why: [...side(ca, baseName), ...side(cb, headName)].join(', ') });
      continue;
    }
    const sa = ca.stats;
    const sb = cb.stats;
    const ra = ca.repeats?.p50Ns;
    const rb = cb.repeats?.p50Ns;
    const method: DiffMethod = ra && rb && ra.length > 1 && rb.length > 1 ? 'rounds' : sa.samplesNs && sb.samplesNs ? 'mann-whitney' : 'median-z';
    const { p } = method === 'rounds' ? mannWhitney(ra!, rb!) : method === 'mann-whitney' ? mannWhitney(sa.samplesNs!, sb.samplesNs!) : medianZ(sa, sb);
    // The cell's own figure whatever the test: with rounds its stats are the median round's.
    const [baseNs, headNs] = [sa.p50Ns, sb.p50Ns];
    const ratio = baseNs > 0 ? headNs / baseNs : headNs > 0 ? Infinity : 1;
    const significant = p < alpha;
    // One run's samples hold no run-to-run noise: a change must also exceed what this machine's
    // runs of the same code differ by.
    const least = method === 'rounds' ? threshold : Math.max(threshold, o.agreement?.ratio ?? 1);
    const verdict: Verdict = significant && ratio >= least ? 'slower' : significant && ratio <= 1 / least ? 'faster' : 'unchanged';
    d.compared.push({
      ...refOf(ca), ...(cb.runtime !== ca.runtime ? { headRuntime: cb.runtime } : {}),
      baseNs, headNs, ratio, p, method, verdict,
    });
  }
  for (const [k, cb] of b) if (!a.has(k)) d.onlyInHead.push({ ...refOf(cb), why: `no such cell in ${baseName}` });
  return d;
}

/** True when some cell got slower. */
export const hasRegression = (d: Diff) => d.compared.some((c) => c.verdict === 'slower');

const where = (c: CellRef & { headRuntime?: string }) =>
  `${rowLabel(c)} · ${mechanismLabel(c)} · ${c.runtime}${c.headRuntime ? ` → ${c.headRuntime}` : ''}`;
const pText = (p: number) => (p < 1e-4 ? '<1e-4' : p.toPrecision(2));
const verdictOrder: Record<Verdict, number> = { slower: 0, faster: 1, unchanged: 2 };

/** Counts per verdict, in one line. */
export function diffSummary(d: Diff): string {
  const n = (v: Verdict) => d.compared.filter((c) => c.verdict === v).length;
  return `${n('slower')} slower, ${n('faster')} faster, ${n('unchanged')} unchanged of ${d.compared.length} compared cells; `
    + `${d.onlyInBase.length} only in ${d.base}, ${d.onlyInHead.length} only in ${d.head}, ${d.notComparable.length} not comparable`;
}

function methodsUsed(d: Diff): string[] {
  return [...new Set(d.compared.map((c) => c.method))].map((m) => methodText[m]);
}

/** What the verdicts can and cannot tell, given the tests used. */
export function caveat(d: Diff): string | undefined {
  const oneRun = d.compared.filter((c) => c.method !== 'rounds').length;
  if (!oneRun) return undefined;
  const least = d.agreement && d.agreement.ratio > d.threshold
    ? ` This machine's runs of the same code agree within ${d.agreement.ratio.toFixed(3)}x (${d.agreement.source}), so those cells need at least that ratio to count.`
    : ' No agreement figure of this machine was found (`pnpm agreement` records one), so a verdict may be run-to-run drift.';
  return `${oneRun} of ${d.compared.length} cells were judged on one run's samples per side: that test ignores run-to-run noise (load, JIT decisions), `
    + `which separate runs differ by.${least} To judge a change, run both builds interleaved: \`pnpm bridgetax ab A B\`.`;
}

function legend(d: Diff): string {
  return `Ratio: median time per call in head over base. A verdict needs p < ${d.alpha} and a ratio of at least `
    + `${d.threshold} (slower) or at most ${(1 / d.threshold).toFixed(3)} (faster). Test: ${methodsUsed(d).join('; ') || 'none (no cell compared)'}.`
    + (caveat(d) ? ` ${caveat(d)}` : '');
}

/** The diff as plain text: changed cells first, then every other cell. */
export function renderDiffText(d: Diff): string {
  const rows = [...d.compared].sort((x, y) => verdictOrder[x.verdict] - verdictOrder[y.verdict]);
  const table = rows.map((c) => [where(c), formatNs(c.baseNs), formatNs(c.headNs), `${c.ratio.toFixed(3)}x`, pText(c.p), c.verdict.toUpperCase()]);
  const head = ['cell', 'base', 'head', 'ratio', 'p', 'verdict'];
  const w = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
  const out = [`diff ${d.base} (base) → ${d.head} (head): ${diffSummary(d)}`, legend(d), ''];
  if (table.length) out.push(line(head), ...table.map(line), '');
  for (const u of d.onlyInBase) out.push(`only in ${d.base}: ${where(u)}`);
  for (const u of d.onlyInHead) out.push(`only in ${d.head}: ${where(u)}`);
  for (const u of d.notComparable) out.push(`not comparable: ${where(u)}: ${u.why}`);
  return out.join('\n').trimEnd();
}

/** The diff as Markdown (a pull request's job summary). */
export function renderDiffMarkdown(d: Diff): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
  const rows = [...d.compared].sort((x, y) => verdictOrder[x.verdict] - verdictOrder[y.verdict]);
  const mark: Record<Verdict, string> = { slower: '**slower**', faster: '**faster**', unchanged: 'unchanged' };
  const out = [`## bridgetax diff: ${esc(d.base)} (base) → ${esc(d.head)} (head)`, '', esc(diffSummary(d)), '', esc(legend(d)), ''];
  if (rows.length) {
    out.push('| cell | base | head | ratio | p | verdict |', '|---|---:|---:|---:|---:|---|',
      ...rows.map((c) => `| ${esc(where(c))} | ${formatNs(c.baseNs)} | ${formatNs(c.headNs)} | ${c.ratio.toFixed(3)}x | ${pText(c.p)} | ${mark[c.verdict]} |`), '');
  }
  const listed = [
    ...d.onlyInBase.map((u) => `only in ${d.base}: ${where(u)}`),
    ...d.onlyInHead.map((u) => `only in ${d.head}: ${where(u)}`),
    ...d.notComparable.map((u) => `not comparable: ${where(u)}: ${u.why}`),
  ];
  if (listed.length) out.push(...listed.map((l) => `- ${esc(l)}`), '');
  return out.join('\n');
}
