/**
 * The comparison table as data, computed from a results document alone: rows are
 * workload × param, columns are runtime@version · mechanism, and every verified, timed cell
 * carries its ratio to the fastest verified cell in its row. Every format renders this.
 */
import { mechanismIds } from '../../runners/shared/catalogue.ts';
import { formatNs } from '../../runners/shared/format.ts';
import type { Cell } from '../../runners/shared/document.ts';
import type { Machine, Results } from '../schema.ts';

/** A column of the table. */
export interface Column {
  runtime: string;
  mechanism: Cell['mechanism'];
}

/** What one table cell shows. */
export type Entry =
  | { kind: 'timed'; ns: number; ratio: number; note?: string; per?: string }
  | { kind: 'verified' }
  | { kind: 'failed' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'absent' };

/** A row: one workload at one param. */
export interface Row {
  workload: string;
  group: Cell['group'];
  param: number | null;
  paramUnit?: string;
  entries: Entry[];
}

/** The whole table. */
export interface Table {
  columns: Column[];
  rows: Row[];
}

const colKey = (runtime: string, mechanism: string) => `${runtime}\u0000${mechanism}`;

/** Builds the table of a results document. Columns with no cell at all are left out (their
 *  skips are listed beside the table); row order follows the cells' order (catalogue order). */
export function tableOf(results: Results): Table {
  const columns: Column[] = [];
  for (const rt of results.runtimes) {
    for (const m of mechanismIds) {
      if (results.cells.some((c) => c.runtime === rt.id && c.mechanism === m)) columns.push({ runtime: rt.id, mechanism: m });
    }
  }
  const rowKeys: string[] = [];
  const rowCells = new Map<string, Cell[]>();
  for (const c of results.cells) {
    const k = `${c.workload}\u0000${c.param ?? ''}`;
    if (!rowCells.has(k)) {
      rowKeys.push(k);
      rowCells.set(k, []);
    }
    rowCells.get(k)!.push(c);
  }
  const rows = rowKeys.map((k): Row => {
    const cells = rowCells.get(k)!;
    const first = cells[0]!;
    const byCol = new Map(cells.map((c) => [colKey(c.runtime, c.mechanism), c]));
    // A row whose cells make many items of work per call (callbacks) shows the time per item.
    const nsOf = (c: Cell) => c.perItem?.avgNs ?? c.stats!.avgNs;
    const timed = cells.filter((c) => c.verified && c.stats).map(nsOf);
    const fastest = timed.length ? Math.min(...timed) : NaN;
    const entries = columns.map((col): Entry => {
      const c = byCol.get(colKey(col.runtime, col.mechanism));
      if (!c) {
        const skip = results.skipped.find((s) => s.runtime === col.runtime && s.mechanism === col.mechanism
          && (s.workload === undefined || s.workload === first.workload));
        return skip ? { kind: 'skipped', reason: skip.reason } : { kind: 'absent' };
      }
      if (!c.verified) return { kind: 'failed' };
      if (!c.stats) return { kind: 'verified' };
      return {
        kind: 'timed', ns: nsOf(c), ratio: nsOf(c) / fastest,
        ...(c.note ? { note: c.note } : {}), ...(c.perItem ? { per: c.perItem.unit } : {}),
      };
    });
    return {
      workload: first.workload, group: first.group, param: first.param,
      ...(first.paramUnit ? { paramUnit: first.paramUnit } : {}), entries,
    };
  });
  return { columns, rows };
}

export { formatNs };

/** A ratio to the fastest cell: `1.00x`, `12.3x`, `140x`. */
export function formatRatio(r: number): string {
  return `${r < 10 ? r.toFixed(2) : r < 100 ? r.toFixed(1) : r.toFixed(0)}x`;
}

/** A row label: the workload and its param in its unit (bytes as B/KiB/MiB). */
export function rowLabel(row: { workload: string; param: number | null; paramUnit?: string }): string {
  if (row.param === null) return row.workload;
  return `${row.workload} ${formatParam(row.param, row.paramUnit)}`;
}

/** A param in its unit: bytes as B/KiB/MiB, others with their unit word. */
export function formatParam(p: number, unit?: string): string {
  if (unit === 'bytes') {
    if (p >= 1 << 20 && p % (1 << 20) === 0) return `${p / (1 << 20)} MiB`;
    if (p >= 1024 && p % 1024 === 0) return `${p / 1024} KiB`;
    return `${p} B`;
  }
  return unit ? `${p} ${unit}` : String(p);
}

/** One line per distinct note, with the columns it applies to (e.g. the wasm copy). */
export function notesOf(results: Results): string[] {
  const notes = new Map<string, Set<string>>();
  for (const c of results.cells) {
    if (!c.note) continue;
    if (!notes.has(c.note)) notes.set(c.note, new Set());
    notes.get(c.note)!.add(`${c.mechanism} ${c.workload}`);
  }
  return [...notes].map(([note, where]) => `${[...where].join(', ')}: ${note}`);
}

/** Skips grouped by what was skipped and why, with the columns each applies to: the same
 *  mechanism missing from three runtimes for the same reason is one line, not three, and so
 *  are a mechanism's workloads skipped for one reason in the same columns. */
export function skipGroups(results: Results): { what: string; where: string[]; reason: string }[] {
  const byCell = new Map<string, { mechanism: string; workload?: string; reason: string; where: string[] }>();
  for (const s of results.skipped) {
    const key = `${s.mechanism}\u0000${s.workload ?? ''}\u0000${s.reason}`;
    const g = byCell.get(key) ?? { mechanism: s.mechanism, ...(s.workload ? { workload: s.workload } : {}), reason: s.reason, where: [] };
    g.where.push(s.runtime);
    byCell.set(key, g);
  }
  const groups = new Map<string, { mechanism: string; workloads: string[]; where: string[]; reason: string }>();
  for (const g of byCell.values()) {
    const key = `${g.mechanism}\u0000${g.workload === undefined}\u0000${g.reason}\u0000${g.where.join(',')}`;
    const merged = groups.get(key) ?? { mechanism: g.mechanism, workloads: [], where: g.where, reason: g.reason };
    if (g.workload) merged.workloads.push(g.workload);
    groups.set(key, merged);
  }
  return [...groups.values()].map((g) => ({
    what: g.workloads.length ? `${g.mechanism} ${g.workloads.join(', ')}` : g.mechanism, where: g.where, reason: g.reason,
  }));
}

/** Where a failure happened, as one label. */
export function failureWhere(f: Results['failures'][number]): string {
  return [f.runtime, f.mechanism, f.workload, f.param ?? undefined].filter((x) => x !== undefined).join(' ');
}

/** One machine's part of a document: its columns with their cells, skips and failures. */
export interface MachinePart {
  /** Absent for a single-machine document. */
  machine?: Machine;
  results: Results;
}

/** A merged document split per machine (`bridgetax merge`), so each machine gets its own table
 *  with ratios within that machine; a single-machine document is one part, itself. */
export function perMachine(results: Results): MachinePart[] {
  if (!results.machines) return [{ results }];
  return results.machines.map((m) => {
    // Merged column ids end in " <machine id>" (orchestrator/combine.ts).
    const mine = (runtime: string) => runtime.endsWith(` ${m.id}`);
    const { machines: _all, ...rest } = results;
    return {
      machine: m,
      results: {
        ...rest,
        run: m.run,
        environment: m.environment,
        runtimes: results.runtimes.filter((r) => r.machine === m.id),
        cells: results.cells.filter((c) => mine(c.runtime)),
        skipped: results.skipped.filter((s) => mine(s.runtime)),
        failures: results.failures.filter((f) => mine(f.runtime)),
      },
    };
  });
}

/** The environment in one line: CPU, cores, memory, OS, compilers, commit. */
export function environmentLine(env: Results['environment']): string {
  const gb = (env.memoryBytes / 2 ** 30).toFixed(0);
  return `${env.cpu}, ${env.cores} cores, ${gb} GiB, ${env.os} ${env.osRelease} (${env.arch}). `
    + `${env.rustc}; napi-rs ${env.napiRs ?? 'unknown'}; wasm built by ${env.wasmRustc ?? 'none'}. `
    + `Commit ${env.gitCommit ?? 'unknown'}${env.gitDirty ? ' (dirty)' : ''}.`;
}
