/**
 * Least privilege in the report: what each column was allowed (as its runner read it from
 * inside), and, where a Node column ran both under its permission model and without it
 * (`compare --node-permission both`), what the model costs each call and each cold start. Pure.
 */
import { mechanismLabel, type Cell, type Permissions } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { formatNs } from '../../contract/format.ts';
import { coldStart } from '../../contract/workloads.ts';
import { median } from 'simple-statistics';
import { pairedRounds } from '../paired.ts';

/** One workload through one mechanism, under the model and without it. */
export interface PermissionCostCell {
  /** Median under the model and median without (with rounds: the median over rounds of each
   *  round's median, as `bridgetax ab` quotes its sides). */
  withNs: number;
  withoutNs: number;
  /** Under / without: with rounds, the Hodges-Lehmann estimate over the per-round ratios
   *  (rounds are interleaved, so round r of both columns ran side by side); else the ratio of
   *  the two medians. Above 1: the model costs. */
  ratio: number;
  /** With at least `MIN_ROUNDS` rounds: the signed-rank test's p over the per-round ratios. */
  p?: number;
  /** A cold start (each sample a fresh process, so run-to-run noise is in its interval): the
   *  two medians' 95 % intervals do not overlap. */
  apart?: boolean;
}

/** Fewer rounds than this cannot reach p < 0.05 in a signed-rank test. */
export const MIN_ROUNDS = 6;
/** Significance level of the mark in the table. */
export const ALPHA = 0.05;

/** One Node version's cost table: rows are workloads (the `call` group, then cold start),
 *  columns mechanisms. */
export interface PermissionCostTable {
  /** The column under the model and its unrestricted twin. */
  under: string;
  without: string;
  /** Rounds per column (`--repeat`); below `MIN_ROUNDS` nothing is tested. */
  rounds: number;
  mechanisms: string[];
  rows: { workload: string; cells: (PermissionCostCell | undefined)[] }[];
}

const timed = (c: Cell) => c.verified && c.stats !== undefined && c.param === null;

function costOf(a: Cell, b: Cell): PermissionCostCell | undefined {
  if (!a.stats || !b.stats) return undefined;
  const ra = a.repeats?.p50Ns;
  const rb = b.repeats?.p50Ns;
  if (ra && rb && ra.length === rb.length && ra.length >= MIN_ROUNDS && [...ra, ...rb].every((x) => x > 0)) {
    // pairedRounds(a, b) is b over a: give it (without, under) for under / without.
    const r = pairedRounds(rb, ra);
    return { withNs: median(ra), withoutNs: median(rb), ratio: r.ratio, p: r.p };
  }
  const cell = { withNs: a.stats.p50Ns, withoutNs: b.stats.p50Ns, ratio: a.stats.p50Ns / b.stats.p50Ns };
  const [al, ah, bl, bh] = [a.stats.medianCiLowNs, a.stats.medianCiHighNs, b.stats.medianCiLowNs, b.stats.medianCiHighNs];
  if (a.workload !== coldStart.id || al === undefined || ah === undefined || bl === undefined || bh === undefined) return cell;
  return { ...cell, apart: al > bh || bl > ah };
}

/** The pairs of one Node version measured under the model and without, and their cost per cell. */
export function permissionCostTables(results: Results): PermissionCostTable[] {
  const tables: PermissionCostTable[] = [];
  for (const under of results.runtimes.filter((r) => r.permissions?.model === 'node')) {
    const twin = results.runtimes.find((t) => t !== under && t.name === under.name && t.version === under.version
      && t.machine === under.machine && t.permissions?.model === 'none' && t.execPath === under.execPath);
    if (!twin) continue;
    const cellsOf = (id: string) => results.cells.filter((c) => c.runtime === id && timed(c) && (c.group === 'call' || c.workload === coldStart.id));
    const mine = cellsOf(under.id);
    const theirs = cellsOf(twin.id);
    const key = (c: Cell) => `${mechanismLabel(c)}\u0000${c.workload}`;
    const other = new Map(theirs.map((c) => [key(c), c]));
    const paired = mine.filter((c) => other.has(key(c)));
    if (!paired.length) continue;
    const mechanisms = [...new Set(paired.map(mechanismLabel))];
    const workloads = [...new Set(paired.map((c) => c.workload))].sort((a, b) => Number(a === coldStart.id) - Number(b === coldStart.id));
    tables.push({
      under: under.id, without: twin.id, rounds: results.run.repeat ?? 1, mechanisms,
      rows: workloads.map((workload) => ({
        workload,
        cells: mechanisms.map((m) => {
          const a = paired.find((c) => mechanismLabel(c) === m && c.workload === workload);
          return a && costOf(a, other.get(key(a))!);
        }),
      })),
    });
  }
  return tables;
}

/** A cost cell as text: the ratio, `*` when the rounds resolve it (p < ALPHA) or, for a cold
 *  start, its two intervals are apart. */
export function formatCost(c: PermissionCostCell | undefined): string {
  return c ? `${c.ratio.toFixed(2)}x${(c.p !== undefined && c.p < ALPHA) || c.apart ? '*' : ''}` : '-';
}

/** A cost cell with its two figures: `1.03x* (12.3 ns vs 11.9 ns)`, the ratio first (over rounds
 *  it is the estimate over per-round ratios, not the quotient of the two medians after it). */
export function formatCostFigures(c: PermissionCostCell | undefined): string {
  return c ? `${formatCost(c)} (${formatNs(c.withNs)} vs ${formatNs(c.withoutNs)})` : '-';
}

/** A cost table turned for reading with figures: a row per mechanism, a column per workload. */
export function permissionCostByMechanism(t: PermissionCostTable): { header: string[]; rows: string[][] } {
  return {
    header: ['mechanism', ...t.rows.map((r) => r.workload)],
    rows: t.mechanisms.map((m, i) => [m, ...t.rows.map((r) => formatCostFigures(r.cells[i]))]),
  };
}

/** The heading and legend of a cost table. */
export function permissionCostHeading(t: PermissionCostTable): string {
  const how = t.rounds >= MIN_ROUNDS
    ? `over ${t.rounds} interleaved rounds, the Hodges-Lehmann estimate of the per-round ratio; * p < ${ALPHA}, signed-rank test over rounds`
    : `one process each${t.rounds > 1 ? ` (${t.rounds} rounds, fewer than ${MIN_ROUNDS} to test)` : ''}: run-to-run noise is not out of these ratios, so read nothing into a small one; --repeat ${MIN_ROUNDS} or more tests each`;
  return `${t.under}: what Node's permission model costs (time under --permission / time of ${t.without}, run without it; above 1x the model costs; `
    + `calls: ${how}; cold start: the medians over fresh processes, * where their 95 % intervals are apart; in brackets, where given, the medians under the model vs without)`;
}

const words: Record<keyof NonNullable<Permissions['access']>, string> = {
  fsRead: 'reads', fsWrite: 'writes', addons: 'addons', ffi: 'FFI', net: 'network', childProcess: 'child processes', worker: 'workers',
};

/** One column's permissions in a phrase. */
export function permissionPhrase(p: Permissions | undefined): string {
  if (!p) return 'not recorded';
  if (p.model === 'none' || !p.access) return `every permission${p.why ? ` (${p.why})` : ''}`;
  const by = (a: 'all' | 'scoped' | 'none') => (Object.keys(words) as (keyof typeof words)[]).filter((k) => p.access![k] === a).map((k) => words[k]);
  const parts = [
    by('scoped').length ? `${by('scoped').join(', ')} scoped to what it needs` : '',
    by('all').length ? `${by('all').join(', ')} granted` : '',
    by('none').length ? `no ${by('none').join(', no ')}` : '',
  ].filter(Boolean);
  return `${p.model === 'node' ? "Node's permission model (--permission)" : "Deno's permissions"}: ${parts.join('; ')}`;
}

/** Provenance lines: each column's permissions as its runner read them, Bun's absence said once. */
export function permissionLines(results: Results): string[] {
  const lines: string[] = [];
  let bunSaid = false;
  for (const r of results.runtimes) {
    if (!r.permissions) continue;
    if (r.name === 'bun') {
      if (!bunSaid) lines.push('Bun has no permission model: its columns run with every permission');
      bunSaid = true;
      continue;
    }
    lines.push(`${r.id}: ${permissionPhrase(r.permissions)}`);
  }
  return lines;
}
