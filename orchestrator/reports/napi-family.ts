/**
 * The N-API family, per runtime column: what Node-API itself costs and what each framework adds
 * over it. The floor is `napi-sys` (the same exports written against raw Node-API, no framework);
 * every framework column (napi-rs at each version it was built at, neon) shows its own figure and
 * the nanoseconds it adds over the floor; and where one framework comes in two versions, the
 * newer's nanoseconds over the older's, so "this napi-rs release adds ~80 ns per call" is one
 * glance. A pure function of the results, shared by every format, which supply only the syntax.
 *
 * Figures are medians (`p50Ns`), as in analysis.ts: on a shared machine a few preempted samples
 * move a mean by multiples, and a difference of two means would inherit both.
 */
import type { MechanismId } from '../../contract/registry.ts';
import { compareVersions } from '../../contract/versions.ts';
import { mechanismLabel, type Cell, type MechanismAt } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { columnsOf, formatNs, rowLabel, type Column } from './model.ts';

/** Which mechanisms are the family: the floor, and the frameworks measured over it. Plain
 *  strings, so a mechanism id not yet in the catalogue just has no cells. */
export const napiFamily: { readonly floor: string; readonly frameworks: readonly string[] } = {
  floor: 'napi-sys',
  frameworks: ['napi', 'neon'],
};

/** One family cell: the median, and what it adds over the floor's median in the same row. */
export interface FamilyCell {
  ns: number;
  overFloorNs?: number;
}

/** Two versions of one framework, compared: the newer's ns over the older's. */
export interface VersionPair {
  /** `napi 3.16.1 − napi 3.5.2`. */
  label: string;
  newer: MechanismAt;
  older: MechanismAt;
}

/** One row: a workload at a param. */
export interface FamilyRow {
  label: string;
  workload: string;
  param: number | null;
  group: Cell['group'];
  /** One per column, in `columns` order; undefined where that column has no timed cell. */
  cells: (FamilyCell | undefined)[];
  /** One per version pair: newer minus older, ns. */
  deltas: (number | undefined)[];
}

/** The family table of one runtime column. */
export interface FamilyTable {
  runtime: string;
  /** The family's columns here: the floor first when it was measured, then the frameworks
   *  (each version its own column, newest first). */
  columns: { label: string; floor: boolean }[];
  pairs: VersionPair[];
  rows: FamilyRow[];
  /** The table in sentences: per framework its median ns over the floor, per version pair the
   *  newer's over the older's, over the `call` rows (the bare crossing). */
  summary: string[];
}

const members = () => [napiFamily.floor, ...napiFamily.frameworks];
const isFamily = (m: MechanismId) => members().includes(m);
const timed = (c: Cell) => c.verified && c.stats !== undefined && !(c.flags ?? []).includes('below-physical-floor');

/** Every pair of versions of one framework among `columns`: each newer one against each older. */
function versionPairs(columns: readonly Column[]): VersionPair[] {
  const pairs: VersionPair[] = [];
  for (const id of napiFamily.frameworks) {
    const versions = columns.filter((c) => c.mechanism === id && c.mechanismVersion)
      .sort((a, b) => compareVersions(b.mechanismVersion!, a.mechanismVersion!));
    versions.forEach((newer, i) => {
      for (const older of versions.slice(i + 1)) pairs.push({ label: `${newer.label} − ${older.label}`, newer, older });
    });
  }
  return pairs;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};

/** The family tables of a results document: one per runtime column with two family columns or
 *  more (one alone compares with nothing). Rows are those with two family cells timed or more. */
export function familyTables(results: Results): FamilyTable[] {
  const tables: FamilyTable[] = [];
  const allColumns = columnsOf(results).filter((c) => isFamily(c.mechanism));
  for (const rt of results.runtimes) {
    // The floor, then the frameworks in the family's order, each newest version first.
    const columns = allColumns.filter((c) => c.runtime === rt.id).sort((a, b) => members().indexOf(a.mechanism) - members().indexOf(b.mechanism)
      || compareVersions(b.mechanismVersion ?? '0', a.mechanismVersion ?? '0'));
    if (columns.length < 2) continue;
    const floor = columns.find((c) => c.mechanism === napiFamily.floor);
    const pairs = versionPairs(columns);
    const cellsHere = results.cells.filter((c) => c.runtime === rt.id && isFamily(c.mechanism) && timed(c));
    const ns = (m: MechanismAt, workload: string, param: number | null) => cellsHere.find((c) => c.mechanism === m.mechanism
      && c.mechanismVersion === m.mechanismVersion && c.workload === workload && c.param === param)?.stats!.p50Ns;
    const rows: FamilyRow[] = [];
    const seen = new Set<string>();
    for (const c of cellsHere) {
      const k = `${c.workload}\u0000${c.param ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const floorNs = floor && ns(floor, c.workload, c.param);
      const cells = columns.map((col): FamilyCell | undefined => {
        const v = ns(col, c.workload, c.param);
        if (v === undefined) return undefined;
        return col === floor || floorNs === undefined ? { ns: v } : { ns: v, overFloorNs: v - floorNs };
      });
      if (cells.filter(Boolean).length < 2) continue;
      const deltas = pairs.map((p) => {
        const [a, b] = [ns(p.newer, c.workload, c.param), ns(p.older, c.workload, c.param)];
        return a !== undefined && b !== undefined ? a - b : undefined;
      });
      rows.push({ label: rowLabel(c), workload: c.workload, param: c.param, group: c.group, cells, deltas });
    }
    if (!rows.length) continue;
    tables.push({
      runtime: rt.id, columns: columns.map((c) => ({ label: c.label, floor: c === floor })), pairs, rows,
      summary: summaryOf(columns, floor, pairs, rows),
    });
  }
  return tables;
}

function summaryOf(columns: readonly Column[], floor: Column | undefined, pairs: readonly VersionPair[], rows: readonly FamilyRow[]): string[] {
  const call = rows.filter((r) => r.group === 'call');
  const over = (values: (number | undefined)[], what: string) => {
    const xs = values.filter((x): x is number => x !== undefined);
    return xs.length ? `${signedNs(median(xs))} per call over ${what} (median of ${xs.length} call row${xs.length === 1 ? '' : 's'})` : undefined;
  };
  const out: string[] = [];
  if (floor) {
    columns.forEach((col, i) => {
      if (col === floor) return;
      const s = over(call.map((r) => r.cells[i]?.overFloorNs), `${floor.label}, the Node-API floor`);
      if (s) out.push(`${col.label}: ${s}`);
    });
  }
  pairs.forEach((p, i) => {
    const s = over(call.map((r) => r.deltas[i]), mechanismLabel(p.older));
    if (s) out.push(`${mechanismLabel(p.newer)}: ${s}`);
  });
  return out;
}

/** A difference in ns with its sign: `+82 ns`, `−3.1 ns`. */
export function signedNs(d: number): string {
  return `${d < 0 ? '−' : '+'}${formatNs(Math.abs(d))}`;
}

/** A family cell as text: `125 ns (+93 ns)`; the floor's and a cell without a floor, `32 ns`. */
export function formatFamilyCell(c: FamilyCell | undefined): string {
  if (!c) return '-';
  return c.overFloorNs === undefined ? formatNs(c.ns) : `${formatNs(c.ns)} (${signedNs(c.overFloorNs)})`;
}

/** A version delta as text, `-` where either side is missing. */
export const formatDelta = (d: number | undefined) => (d === undefined ? '-' : signedNs(d));

/** What a family table says, in one line, for its heading. */
export function familyHeading(t: FamilyTable): string {
  const floor = t.columns.find((c) => c.floor);
  return `${t.runtime}: the N-API family (median time per call; in brackets the ns over ${floor ? `the ${floor.label} floor, raw Node-API` : 'the floor, which was not measured here'})`;
}

/** A family table as a header and rows of strings, for the formats to lay out. */
export function familyGrid(t: FamilyTable): { header: string[]; rows: string[][] } {
  return {
    header: ['workload', ...t.columns.map((c) => (c.floor ? `${c.label} (floor)` : c.label)), ...t.pairs.map((p) => p.label)],
    rows: t.rows.map((r) => [r.label, ...r.cells.map(formatFamilyCell), ...r.deltas.map(formatDelta)]),
  };
}
