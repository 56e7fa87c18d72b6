/**
 * The comparison table as data, computed from a results document alone: rows are
 * workload × param, columns are runtime@version · mechanism, and every verified, timed cell
 * carries its ratio to the fastest verified cell in its row. Every format renders this.
 */
import { coldStart } from '../../contract/workloads.ts';
import { mechanismIds, serviceMechanisms } from '../../contract/registry.ts';
import { formatNs } from '../../contract/format.ts';
import { cellFlags, figureNs, mechanismKey, mechanismLabel, mechanismsIn, thresholds, type CallPath, type Cell, type CellFlag, type MechanismAt, type Stats } from '../../contract/document.ts';
import type { Machine, Results } from '../../contract/results.ts';
import { permissionLines } from './permission.ts';

/** A column of the table: a runtime column and a mechanism at its version. */
export interface Column extends MechanismAt {
  runtime: string;
  /** The mechanism as headers show it: `napi 3.16.1`, `koffi`. */
  label: string;
}

/** What one table cell shows. */
export type Entry =
  | { kind: 'timed'; ns: number; ratio: number; note?: string; per?: string; flags: CellFlag[]; cell: Cell }
  | { kind: 'eliminated'; ns: number; cell: Cell }
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

/** The key of a (runtime column, mechanism at version) pair, for maps. */
export const columnKey = (c: MechanismAt & { runtime: string }) => `${c.runtime}\u0000${mechanismKey(c)}`;

/** Whether a skip applies to a column: the same mechanism, and the same version unless the skip
 *  names none (a runtime that lacks a mechanism lacks every version of it). */
export const skipApplies = (s: MechanismAt & { runtime: string }, col: MechanismAt & { runtime: string }) =>
  s.runtime === col.runtime && s.mechanism === col.mechanism && (s.mechanismVersion === undefined || s.mechanismVersion === col.mechanismVersion);

/** The columns of a results document: per runtime column, each mechanism at each version it has
 *  cells of, in report order (catalogue order, newest version first). */
export function columnsOf(results: Pick<Results, 'runtimes' | 'cells'>): Column[] {
  return results.runtimes.flatMap((rt) => mechanismsIn(results.cells.filter((c) => c.runtime === rt.id))
    .map((m): Column => ({ runtime: rt.id, ...m, label: mechanismLabel(m) })));
}

/** Builds the table of a results document. Columns with no cell at all are left out (their
 *  skips are listed beside the table); row order follows the cells' order (catalogue order). */
export function tableOf(results: Results): Table {
  // Load cells time whole processes, not calls: they have their own table (`loadTableOf`).
  const perCall = results.cells.filter((c) => c.group !== coldStart.group);
  const columns = columnsOf({ runtimes: results.runtimes, cells: perCall });
  const rowKeys: string[] = [];
  const rowCells = new Map<string, Cell[]>();
  for (const c of perCall) {
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
    const byCol = new Map(cells.map((c) => [columnKey(c), c]));
    // A row whose cells make many items of work per call (callbacks) shows the time per item.
    const nsOf = figureNs;
    // An eliminated call is no time: it is never the row's 1.00x.
    const timed = cells.filter((c) => c.verified && c.stats && !eliminated(c)).map(nsOf);
    const fastest = timed.length ? Math.min(...timed) : NaN;
    const entries = columns.map((col): Entry => {
      const c = byCol.get(columnKey(col));
      if (!c) {
        const skip = results.skipped.find((s) => skipApplies(s, col) && (s.workload === undefined || s.workload === first.workload));
        return skip ? { kind: 'skipped', reason: skip.reason } : { kind: 'absent' };
      }
      if (!c.verified) return { kind: 'failed' };
      if (!c.stats) return { kind: 'verified' };
      if (eliminated(c)) return { kind: 'eliminated', ns: c.stats.p50Ns, cell: c };
      return {
        kind: 'timed', ns: nsOf(c), ratio: nsOf(c) / fastest,
        ...(c.note ? { note: c.note } : {}), ...(c.perItem ? { per: c.perItem.unit } : {}),
        flags: c.flags ?? [], cell: c,
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
    notes.get(c.note)!.add(`${mechanismLabel(c)} ${c.workload}`);
  }
  return [...notes].map(([note, where]) => `${[...where].join(', ')}: ${note}`);
}

/** Skips grouped by what was skipped and why, with the columns each applies to: the same
 *  mechanism missing from three runtimes for the same reason is one line, not three, and so
 *  are a mechanism's workloads skipped for one reason in the same columns. */
export function skipGroups(results: Results): { what: string; where: string[]; reason: string }[] {
  const byCell = new Map<string, { mechanism: string; workload?: string; reason: string; where: string[] }>();
  for (const s of results.skipped) {
    const key = `${mechanismKey(s)}\u0000${s.workload ?? ''}\u0000${s.reason}`;
    const g = byCell.get(key) ?? { mechanism: mechanismLabel(s), ...(s.workload ? { workload: s.workload } : {}), reason: s.reason, where: [] };
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
  return [f.runtime, f.mechanism && mechanismLabel({ mechanism: f.mechanism, mechanismVersion: f.mechanismVersion }), f.workload, f.param ?? undefined]
    .filter((x) => x !== undefined).join(' ');
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
        ...(results.eventLoop ? { eventLoop: results.eventLoop.filter((e) => mine(e.runtime)) } : {}),
        ...(results.parallel ? { parallel: results.parallel.filter((e) => mine(e.runtime)) } : {}),
      },
    };
  });
}

/** The environment in one line: CPU, cores, memory, OS, compilers, commit. */
export function environmentLine(env: Results['environment']): string {
  const gb = (env.memoryBytes / 2 ** 30).toFixed(0);
  return `${env.cpu}, ${env.cores} cores, ${gb} GiB, ${env.os} ${env.osRelease} (${env.arch}). `
    + `${env.rustc}; ${frameworksText(env)}; wasm built by ${env.wasmRustc ?? 'none'}. `
    + `Commit ${env.gitCommit ?? 'unknown'}${env.gitDirty ? ' (dirty)' : ''}.`;
}

/** A cell timed below the machine's physical floor: the call was optimised away, its figure is no time. */
export const eliminated = (c: Cell) => c.flags?.includes('below-physical-floor') ?? false;

/** One character per flag a cell can carry beside its figure (`below-physical-floor` replaces the
 *  figure with "eliminated" instead). */
export const flagMarkers: Readonly<Record<Exclude<CellFlag, 'below-physical-floor'>, string>> = {
  'at-harness-resolution': '~',
  noisy: '?',
  capped: 'c',
  'off-fast-path': '!',
  'cross-check-disagrees': 'x',
  'repeats-disagree': 'r',
  'not-optimized': 'i',
  'two-modes': 'm',
};

/** The markers of a cell's flags, in a fixed order. */
export function markers(flags: readonly CellFlag[]): string {
  return Object.entries(flagMarkers).filter(([f]) => flags.includes(f as CellFlag)).map(([, m]) => m).join('');
}

/** What each marker means, for the flags that occur in the results (all when `all`). */
export function legend(results: Results, all = false): string[] {
  const seen = new Set(results.cells.flatMap((c) => c.flags ?? []));
  const lines = Object.entries(flagMarkers).filter(([f]) => all || seen.has(f as CellFlag))
    .map(([f, m]) => `${m} ${cellFlags[f as CellFlag]}`);
  if (all || seen.has('below-physical-floor')) lines.push(`eliminated: ${cellFlags['below-physical-floor']}`);
  return lines;
}

/** A call path in a few letters: FA fast-api, SB shared-buffer, GEN generic, FC fast-call,
 *  SLOW slow-call, JIT jit; `+` when a probe confirmed it rather than the docs' rules. */
export function pathCode(p: CallPath): string {
  const codes: Record<string, string> = { 'fast-api': 'FA', 'shared-buffer': 'SB', generic: 'GEN', 'fast-call': 'FC', 'slow-call': 'SLOW', jit: 'JIT' };
  return `${codes[p.path] ?? '?'}${p.basis === 'probe' ? '+' : ''}`;
}

/** Legend of the path codes. */
export const pathLegend = 'path: FA node:ffi Fast API, SB shared buffer, GEN generic libffi; FC Deno fast call, SLOW Deno slow path; JIT bun:ffi JIT-compiled call; ? no rule; + confirmed by the probe run, else by the documented rules';

/** A percentage with two significant digits: `±0.42%`, `±3.1%`, `±12%`. */
export function formatRme(rme: number): string {
  const pct = rme * 100;
  return `±${pct < 1 ? pct.toFixed(2) : pct < 10 ? pct.toFixed(1) : pct.toFixed(0)}%`;
}

/** A figure net of the harness floor, or `at floor` when the cell is not measurably above it. */
export function formatNet(netNs: number | undefined): string {
  return netNs === undefined || netNs < thresholds.physicalFloorNs ? 'at floor' : formatNs(netNs);
}

/** The harness floors of every column by their medians: the same timing loop around a JS no-op no engine inlines,
 *  per argument shape. */
export function floorLines(results: Results): string[] {
  return results.runtimes.filter((r) => r.harness?.floors.length).map((r) => {
    const floors = r.harness!.floors.map((f) => {
      const ns = f.stats.p50Ns;
      const text = ns < thresholds.physicalFloorNs ? `${formatNs(ns)} (below ${thresholds.physicalFloorNs} ns: the loop was optimized away)` : formatNs(ns);
      return `(${f.shape}) ${text}`;
    });
    return `${r.id}: ${floors.join(', ')}`;
  });
}

/** The framework releases the artifacts were built against (`environment.frameworks`), or
 *  rustlib's napi-rs alone for a run that did not record them. */
export function frameworksText(env: Results['environment']): string {
  const f = Object.entries(env.frameworks ?? {});
  if (!f.length) return `napi-rs ${env.napiRs ?? 'unknown'}`;
  return f.map(([artifact, crates]) => `${artifact}: ${Object.entries(crates).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; ');
}

/** Provenance: machine, toolchain, versions, source and run settings, one fact per line. */
export function provenanceLines(results: Results): string[] {
  const e = results.environment;
  const gib = (e.memoryBytes / 2 ** 30).toFixed(0);
  const load = (l: number[] | null | undefined) => (l ? l.map((x) => x.toFixed(2)).join(' ') : 'n/a');
  const mhz = e.cpuMHz ? `${Math.round(e.cpuMHz)} MHz` : 'clock n/a';
  const libs = results.runtimes.map((r) => {
    const l = Object.entries(r.libraries ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
    return l ? `${r.id} (${l})` : r.id;
  });
  const run = results.run;
  return [
    `machine: ${e.cpu}, ${e.cores} cores, ${mhz}, governor ${e.governor ?? 'not exposed'}, ${gib} GiB; ${e.os} ${e.osRelease}${e.kernel ? ` ${e.kernel}` : ''} (${e.arch})`,
    `load average (1/5/15 min): ${load(e.loadAverageStart)} at start, ${load(e.loadAverage)} at end`,
    `toolchain: ${e.rustc}, build ${e.buildProfile}; wasm by ${e.wasmRustc ?? 'none'}; mitata ${e.mitata ?? 'unknown'}`,
    `frameworks (from each build's lockfile): ${frameworksText(e)}`,
    `runtimes: ${libs.join('; ')}`,
    `source: commit ${e.gitCommit ?? 'unknown'}${e.gitDirty ? ' (dirty: uncommitted changes)' : e.gitDirty === false ? ' (clean)' : ''}`,
    `run: ${run.id}, mode ${run.mode}${run.seed !== undefined ? `, seed ${run.seed}` : ''}${run.repeat !== undefined ? `, ${run.repeat} round${run.repeat === 1 ? '' : 's'} per column` : ''}`,
    ...permissionLines(results).map((l) => `permissions: ${l}`),
    ...(run.userWorkloads ?? []).map((u) => `your workload ${u.id}: ${u.dir}${Object.keys(u.crates).length ? ` (crates: ${Object.entries(u.crates).map(([c, v]) => `${c} ${v}`).join(', ')})` : ' (no crates)'}`),
  ];
}

/** One timed cell's credibility facts, formatted for a detail table. */
export interface Detail {
  runtime: string;
  /** The mechanism at its version, as headers show it. */
  mechanism: string;
  row: string;
  median: string;
  interval: string;
  rme: string;
  floor: string;
  net: string;
  path: string;
  crossCheck: string;
  repeats: string;
  flags: string;
}

/** Every timed cell's credibility facts, in table order. */
export function detailsOf(results: Results): Detail[] {
  const { columns, rows } = tableOf(results);
  const keys = columns.map(columnKey);
  const order = (c: Cell) => keys.indexOf(columnKey(c));
  const rowIndex = (c: Cell) => rows.findIndex((r) => r.workload === c.workload && r.param === c.param);
  return results.cells.filter((c) => c.verified && c.stats && c.group !== coldStart.group)
    .sort((a, b) => order(a) - order(b) || rowIndex(a) - rowIndex(b))
    .map((c): Detail => {
      const s = c.stats!;
      return {
        runtime: c.runtime, mechanism: mechanismLabel(c), row: rowLabel(c),
        median: eliminated(c) ? `eliminated (${s.p50Ns.toPrecision(2)} ns)` : formatNs(s.p50Ns),
        interval: s.medianCiLowNs !== undefined && s.medianCiHighNs !== undefined ? `${formatNs(s.medianCiLowNs)} – ${formatNs(s.medianCiHighNs)}` : '',
        rme: s.medianRme !== undefined ? formatRme(s.medianRme) : '',
        floor: s.floorMedianNs !== undefined ? formatNs(s.floorMedianNs) : '',
        net: s.floorMedianNs !== undefined ? formatNet(s.medianNetNs) : '',
        path: c.callPath ? `${c.callPath.path} (${c.callPath.basis})` : '',
        crossCheck: crossCheckText(c),
        repeats: repeatsText(c.repeats),
        flags: (c.flags ?? []).map((f) => flagDetail(f, s)).join(', '),
      };
    });
}

/** A cell's cross-check as a detail table shows it. A request to the loopback service is split
 *  into its named parts: the plain request (the same request encoded once, awaited in a plain
 *  loop) and what the cell adds to it, the encoding and decoding of each call. */
function crossCheckText(c: Cell): string {
  const s = c.stats!;
  if (!c.crossCheck) return '';
  const plain = c.crossCheck.nsPerCall;
  const ratio = `${formatNs(plain)} (${formatRatio(plain / Math.max(s.p50Ns, 1e-12))})`;
  if (!serviceMechanisms.includes(c.mechanism)) return ratio;
  const rest = s.p50Ns - plain;
  return `plain request ${ratio}; encoding and decoding ${rest > 0 ? `+${formatNs(rest)}` : 'within it'}`;
}

/** A flag as a detail table shows it: with both modes' medians and shares, or why the loop was
 *  not optimized. */
function flagDetail(flag: CellFlag, s: NonNullable<Cell['stats']>): string {
  if (flag === 'two-modes' && s.modes) return `two-modes (${s.modes.map((m) => `${formatNs(m.median)} ${Math.round(m.share * 100)} %`).join(' · ')})`;
  if (flag === 'not-optimized' && s.tier) return `not-optimized (${s.tier.why ?? s.tier.name})`;
  return flag;
}

/** The rounds' medians and their spread; a file read from version 1 or 2 without them shows the
 *  rounds' means, said so. */
function repeatsText(r: Cell['repeats']): string {
  if (!r) return '';
  if (r.p50Ns) return `${r.p50Ns.map(formatNs).join(', ')}${r.medianSpread !== undefined ? ` (${formatRatio(r.medianSpread)})` : ''}`;
  return `means ${r.avgNs.map(formatNs).join(', ')}`;
}

/** Bytes for people: B, KiB, MiB with three significant digits. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const [v, unit] = n < 1024 ** 2 ? [n / 1024, 'KiB'] : [n / 1024 ** 2, 'MiB'];
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${unit}`;
}

/** One row of the cold-start-and-size table: a column's floor, or one mechanism's load cell. */
export interface LoadRow {
  runtime: string;
  /** Absent for the column's floor (the runtime's own start, nothing loaded). */
  mechanism?: Cell['mechanism'];
  /** Median ns from a fresh process to its first verified call (the floor: to its exit). */
  coldNs?: number;
  /** What the cell shows instead of a time: verified only, failed, skipped (with the reason). */
  status?: 'verified' | 'failed' | 'skipped';
  reason?: string;
  cell?: Cell;
  /** The floor's statistics, for its own row. */
  floor?: Stats;
}

/** The header of the cold-start-and-size table, shared by every format. */
export const loadHeader = ['column', 'mechanism', 'cold start', '±', 'runtime start', 'loading on top', '95 % interval', 'on disk', 'gzip -9', 'what it loads'] as const;

/**
 * The cold start and size of every mechanism in every column, in runtime then catalogue order,
 * each column's floor first: the only rows are a column's load cells and its `cold_start` skips
 * (a mechanism the runtime lacks as a whole is listed with the other skips).
 */
export function loadTableOf(results: Results): LoadRow[] {
  const rows: LoadRow[] = [];
  for (const rt of results.runtimes) {
    const cells = results.cells.filter((c) => c.runtime === rt.id && c.group === coldStart.group);
    const skips = results.skipped.filter((s) => s.runtime === rt.id && s.workload === coldStart.id);
    if (!cells.length && !skips.length) continue;
    const floor = rt.harness?.startup;
    if (floor) rows.push({ runtime: rt.id, coldNs: floor.p50Ns, floor });
    for (const m of mechanismIds) {
      const cell = cells.find((c) => c.mechanism === m);
      const skip = skips.find((s) => s.mechanism === m);
      if (cell) {
        rows.push({
          runtime: rt.id, mechanism: m, cell,
          ...(cell.stats ? { coldNs: cell.stats.p50Ns } : { status: cell.verified ? 'verified' as const : 'failed' as const }),
        });
      } else if (skip) {
        rows.push({ runtime: rt.id, mechanism: m, status: 'skipped', reason: skip.reason });
      }
    }
  }
  return rows;
}

/** A load row as the table's text cells (`loadHeader` order); markup formats add only syntax. */
export function loadRowText(r: LoadRow): string[] {
  const ms = (ns: number | undefined) => (ns === undefined ? '' : formatNs(ns));
  const signed = (ns: number) => `${ns < 0 ? '−' : '+'}${formatNs(Math.abs(ns))}`;
  if (!r.mechanism) {
    const f = r.floor!;
    return [r.runtime, '(nothing)', ms(r.coldNs), f.medianRme !== undefined ? formatRme(f.medianRme) : '', '', '', '', '', '', `runtime start: ${f.samples} fresh processes`];
  }
  const l = r.cell?.load;
  const size = l ? [l.files.length ? formatBytes(l.bytes) : 'n/a', l.files.length ? formatBytes(l.gzipBytes) : 'n/a', loadedText(l)] : ['', '', ''];
  if (r.status) return [r.runtime, r.mechanism, r.status, '', '', '', '', ...(r.status === 'skipped' ? ['', '', r.reason ?? ''] : size)];
  const s = r.cell!.stats!;
  return [
    r.runtime, r.mechanism, ms(r.coldNs), s.medianRme !== undefined ? formatRme(s.medianRme) : '', ms(l?.startupMedianNs),
    l?.medianNetNs !== undefined ? signed(l.medianNetNs) : '',
    l?.medianNetCiLowNs !== undefined && l.medianNetCiHighNs !== undefined ? `${signed(l.medianNetCiLowNs)} … ${signed(l.medianNetCiHighNs)}` : '',
    ...size,
  ];
}

/** The files a load cell loads, and its package's installed weight where it has one. */
function loadedText(l: NonNullable<Cell['load']>): string {
  const files = l.files.length ? l.files.map((f) => f.name).join(' + ') : 'nothing built';
  return l.package ? `${files}; package ${l.package.name} ${l.package.version}: ${formatBytes(l.package.bytes)} installed (${l.package.files} files)` : files;
}

/** What the cold-start-and-size table shows, in one paragraph for under it. */
export function loadLegend(results: Results): string {
  const n = [...new Set(results.runtimes.map((r) => r.harness?.startup?.samples).filter((x) => x !== undefined))];
  return `Cold start: median wall time from spawning a fresh runtime process to the end of its first verified ${coldStart.via} call through the mechanism`
    + `${n.length ? ` (${n.join('/')} processes each; every process checks its answer)` : ''}; ± the 95 % bootstrap interval of the median. `
    + 'Runtime start: the same process with nothing to load (the column\'s floor). Loading on top: the median minus that floor, with its 95 % bootstrap interval: '
    + 'import / require / dlopen / WebAssembly.instantiate, the glue, and the first call. Sizes: what the mechanism loads (its built file, and for koffi its own addon), '
    + 'on disk and gzip -9; js and platform load nothing built (n/a). A package a mechanism depends on is named with its installed weight.';
}
