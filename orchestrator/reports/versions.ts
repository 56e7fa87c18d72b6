/**
 * One runtime across its own versions: for each runtime with two or more versions in a run,
 * a row per mechanism × workload and a column per version (oldest first), each cell's time per
 * call and its ratio to the oldest version that timed it. What a runtime author wants to see:
 * where a release made a mechanism faster or slower, measured in one run on one machine.
 */
import semver from 'semver';
import { mechanismIds } from '../../contract/registry.ts';
import { figureNs } from '../../contract/document.ts';
import type { Results } from '../../contract/results.ts';
import { eliminated, formatNs, formatRatio, rowLabel } from './model.ts';
import { md } from './markdown.ts';

/** One runtime's versions side by side. */
export interface VersionTable {
  name: string;
  /** Column ids, oldest version first. */
  versions: string[];
  rows: { mechanism: string; label: string; entries: VersionEntry[] }[];
}

/** One version's cell: its time per call, or why it has none. */
export type VersionEntry = { kind: 'timed'; ns: number } | { kind: 'verified' | 'eliminated' | 'failed' | 'skipped' | 'absent' };

/** The tables of `results`: one per runtime name that has two or more versions. */
export function versionTables(results: Results): VersionTable[] {
  const names = [...new Set(results.runtimes.map((r) => r.name))];
  const tables: VersionTable[] = [];
  for (const name of names) {
    const versions = results.runtimes.filter((r) => r.name === name)
      .sort((a, b) => semver.compare(semver.coerce(a.version) ?? '0.0.0', semver.coerce(b.version) ?? '0.0.0')).map((r) => r.id);
    if (new Set(versions).size < 2) continue;
    const rows: VersionTable['rows'] = [];
    const cells = results.cells.filter((c) => versions.includes(c.runtime));
    for (const mechanism of mechanismIds) {
      const mine = cells.filter((c) => c.mechanism === mechanism);
      const keys = [...new Set(mine.map((c) => `${c.workload}\u0000${c.param ?? ''}`))];
      for (const k of keys) {
        const same = mine.filter((c) => `${c.workload}\u0000${c.param ?? ''}` === k);
        const entries = versions.map((v): VersionEntry => {
          const c = same.find((x) => x.runtime === v);
          if (c && !c.verified) return { kind: 'failed' };
          if (c && eliminated(c)) return { kind: 'eliminated' };
          if (c?.stats) return { kind: 'timed', ns: figureNs(c) };
          if (c) return { kind: 'verified' };
          const skipped = results.skipped.some((s) => s.runtime === v && s.mechanism === mechanism
            && (s.workload === undefined || s.workload === same[0]!.workload));
          // A column that failed whole (crashed, timed out, could not be fetched) has no cells.
          const down = results.failures.some((f) => f.runtime === v && f.mechanism === undefined);
          return { kind: skipped ? 'skipped' : down ? 'failed' : 'absent' };
        });
        rows.push({ mechanism, label: rowLabel(same[0]!), entries });
      }
    }
    tables.push({ name, versions, rows });
  }
  return tables;
}

/** Markdown: one table per runtime, `time (ratio to the oldest version that has it)`. */
export function renderVersions(results: Results): string {
  const tables = versionTables(results);
  if (!tables.length) return 'No runtime has two or more versions in this run: name them with --runtimes (node@22,node@26).\n';
  const out: string[] = [];
  for (const t of tables) {
    out.push(`### ${md(t.name)} across versions`, '',
      `| mechanism | workload | ${t.versions.map(md).join(' | ')} |`,
      `|---|---|${t.versions.map(() => '---:').join('|')}|`);
    for (const r of t.rows) {
      const base = r.entries.findIndex((e) => e.kind === 'timed');
      const text = r.entries.map((e, i) => {
        if (e.kind !== 'timed') return ({ absent: '-', failed: '**FAILED**', eliminated: '_eliminated_', verified: 'verified', skipped: 'skipped' })[e.kind];
        const first = r.entries[base] as { ns: number };
        return i === base ? formatNs(e.ns) : `${formatNs(e.ns)} (${formatRatio(e.ns / first.ns)})`;
      });
      out.push(`| ${md(r.mechanism)} | ${md(r.label)} | ${text.join(' | ')} |`);
    }
    out.push('');
  }
  out.push('Time per call (per item where a call makes many); in brackets, the ratio to the oldest version that has the cell (below 1x: faster). Ratios hold within this one run only.');
  return `${out.join('\n')}\n`;
}
