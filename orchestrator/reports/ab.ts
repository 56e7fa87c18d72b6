/**
 * The verdicts of `bridgetax ab A B`: per cell, B's time over A's from the interleaved rounds
 * (each round a fresh process of A next to a fresh process of B), tested round by round with the
 * paired test of orchestrator/paired.ts. Pure: reads the per-round medians a results document
 * keeps (`repeats.p50Ns`, in round order), so a saved A/B can be judged again with other options.
 */
import { mechanismKey, mechanismLabel, type Cell } from '../../contract/document.ts';
import { abVerdict, pairedRounds, type AbVerdict } from '../paired.ts';
import type { Results } from '../../contract/results.ts';
import type { CellRef, Unpaired } from './diff.ts';
import { formatNs, rowLabel } from './model.ts';

/** How an A/B decides. */
export interface AbOptions {
  /** Significance level of the signed-rank test; default 0.01. */
  alpha?: number;
  /** Smallest ratio (either way) the whole interval must reach to count as a change; default 1.05. */
  threshold?: number;
  /** Level of the effect's interval; default 0.95. */
  confidence?: number;
}

/** One cell judged over the rounds. */
export interface AbCell extends Omit<CellRef, 'runtime'> {
  /** Medians over rounds of each side's per-round median. */
  aNs: number;
  bNs: number;
  rounds: number;
  /** Hodges-Lehmann estimate of B / A over the rounds, and its interval. */
  ratio: number;
  low: number;
  high: number;
  p: number;
  verdict: AbVerdict;
}

/** The whole A/B. */
export interface AbJudgement {
  a: string;
  b: string;
  rounds: number;
  alpha: number;
  threshold: number;
  confidence: number;
  cells: AbCell[];
  /** Cells not timed in every round on both sides, or on one side only. */
  notComparable: (Omit<Unpaired, 'runtime'>)[];
}

/** A cell's per-round figure: the round's median (a file read from version 1 or 2 without them
 *  has no per-round figure to judge: its rounds' means are not the cell's figure). */
const roundsOf = (c: Cell) => c.repeats?.p50Ns;
const key = (c: Cell) => `${mechanismKey(c)}\u0000${c.workload}\u0000${c.param ?? ''}`;
const mid = (xs: readonly number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const refOf = (c: Cell): Omit<CellRef, 'runtime'> => ({
  mechanism: c.mechanism, ...(c.mechanismVersion ? { mechanismVersion: c.mechanismVersion } : {}),
  workload: c.workload, param: c.param, ...(c.paramUnit ? { paramUnit: c.paramUnit } : {}),
});

/** Judges column `b` against column `a` of one results document made by interleaved rounds. */
export function judgeAb(results: Results, a: string, b: string, o: AbOptions = {}): AbJudgement {
  const alpha = o.alpha ?? 0.01;
  const threshold = o.threshold ?? 1.05;
  const confidence = o.confidence ?? 0.95;
  for (const id of [a, b]) {
    if (!results.runtimes.some((r) => r.id === id)) throw new Error(`no column ${id} in this results file (columns: ${results.runtimes.map((r) => r.id).join(', ')})`);
  }
  const rounds = results.run.repeat ?? 1;
  const bCells = new Map(results.cells.filter((c) => c.runtime === b).map((c) => [key(c), c]));
  const out: AbJudgement = { a, b, rounds, alpha, threshold, confidence, cells: [], notComparable: [] };
  const seen = new Set<string>();
  for (const ca of results.cells.filter((c) => c.runtime === a)) {
    const k = key(ca);
    seen.add(k);
    const cb = bCells.get(k);
    const ra = roundsOf(ca);
    const rb = cb && roundsOf(cb);
    if (!cb) {
      out.notComparable.push({ ...refOf(ca), why: `no such cell in ${b}` });
    } else if (!ra || !rb || ra.length !== rb.length || ra.length < 2 || ra.some((x) => !(x > 0)) || rb.some((x) => !(x > 0))) {
      const n = (c: Cell) => (!c.verified ? 'failed verification'
        : c.repeats && !c.repeats.p50Ns ? `${c.repeats.avgNs.length} rounds without their medians recorded (an older file)`
        : `${c.repeats?.p50Ns?.length ?? (c.stats ? 1 : 0)} timed round(s)`);
      out.notComparable.push({ ...refOf(ca), why: `${a}: ${n(ca)}, ${b}: ${n(cb)}; a paired test needs at least 2 rounds timed on both sides` });
    } else {
      const r = pairedRounds(ra, rb, confidence);
      out.cells.push({ ...refOf(ca), aNs: mid(ra), bNs: mid(rb), rounds: ra.length, ratio: r.ratio, low: r.low, high: r.high, p: r.p, verdict: abVerdict(r, alpha, threshold) });
    }
  }
  for (const cb of results.cells.filter((c) => c.runtime === b)) if (!seen.has(key(cb))) out.notComparable.push({ ...refOf(cb), why: `no such cell in ${a}` });
  return out;
}

/** True when some cell of B is slower. */
export const abHasRegression = (j: AbJudgement) => j.cells.some((c) => c.verdict === 'slower');

/** Counts per verdict, in one line. */
export function abSummary(j: AbJudgement): string {
  const n = (v: AbVerdict) => j.cells.filter((c) => c.verdict === v).length;
  const unchanged = j.cells.length ? ` (${((100 * n('unchanged')) / j.cells.length).toFixed(1)} % unchanged)` : '';
  return `${n('slower')} slower, ${n('faster')} faster, ${n('unchanged')} unchanged of ${j.cells.length} cells${unchanged}; ${j.notComparable.length} not comparable`;
}

const where = (c: Omit<CellRef, 'runtime'>) => `${rowLabel(c)} · ${mechanismLabel(c)}`;
const pText = (p: number) => (p < 1e-4 ? '<1e-4' : p.toPrecision(2));
const x = (r: number) => (Number.isFinite(r) ? `${r.toFixed(3)}x` : r > 0 ? '∞' : '0');
const order: Record<AbVerdict, number> = { slower: 0, faster: 1, unchanged: 2 };

function legend(j: AbJudgement): string {
  return `${j.rounds} interleaved rounds (A B, B A, A B, …; each a fresh process). Ratio: B over A, the Hodges-Lehmann estimate over rounds `
    + `with its ${Math.round(j.confidence * 100)} % interval. Test: exact Wilcoxon signed-rank on the per-round log ratios. `
    + `A verdict needs p < ${j.alpha} and the whole interval at or above ${j.threshold} (slower) or at or below ${(1 / j.threshold).toFixed(3)} (faster).`;
}

const rowsOf = (j: AbJudgement) => [...j.cells].sort((p, q) => order[p.verdict] - order[q.verdict] || Math.abs(Math.log(q.ratio)) - Math.abs(Math.log(p.ratio)));

/** The A/B as plain text: changed cells first. */
export function renderAbText(j: AbJudgement): string {
  const head = ['cell', 'A', 'B', 'B/A', 'interval', 'p', 'verdict'];
  const table = rowsOf(j).map((c) => [where(c), formatNs(c.aNs), formatNs(c.bNs), x(c.ratio), `${x(c.low)}–${x(c.high)}`, pText(c.p), c.verdict.toUpperCase()]);
  const w = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(w[i]!) : v.padStart(w[i]!))).join('  ');
  const out = [`ab ${j.a} (A) → ${j.b} (B): ${abSummary(j)}`, legend(j), ''];
  if (table.length) out.push(line(head), ...table.map(line), '');
  for (const u of j.notComparable) out.push(`not comparable: ${where(u)}: ${u.why}`);
  return out.join('\n').trimEnd();
}

/** The A/B as Markdown (a pull request's job summary). */
export function renderAbMarkdown(j: AbJudgement): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
  const mark: Record<AbVerdict, string> = { slower: '**slower**', faster: '**faster**', unchanged: 'unchanged' };
  const out = [`## bridgetax ab: ${esc(j.a)} (A) → ${esc(j.b)} (B)`, '', esc(abSummary(j)), '', esc(legend(j)), ''];
  if (j.cells.length) {
    out.push('| cell | A | B | B/A | interval | p | verdict |', '|---|---:|---:|---:|---:|---:|---|',
      ...rowsOf(j).map((c) => `| ${esc(where(c))} | ${formatNs(c.aNs)} | ${formatNs(c.bNs)} | ${x(c.ratio)} | ${x(c.low)}–${x(c.high)} | ${pText(c.p)} | ${mark[c.verdict]} |`), '');
  }
  if (j.notComparable.length) out.push(...j.notComparable.map((u) => `- not comparable: ${esc(where(u))}: ${esc(u.why)}`), '');
  return out.join('\n');
}
