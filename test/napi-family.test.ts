/**
 * The N-API family report: per runtime, the napi-sys floor, each framework's median and the ns
 * it adds over the floor, and the ns a newer napi-rs adds over an older one — computed from the
 * cells alone, and shown by the terminal, Markdown and HTML reports. The results here are a
 * recorded run with its napi cells turned into the whole family (napi-sys, napi at two
 * versions, neon) at chosen medians, so every figure the report prints is known.
 */
import { describe, expect, it } from 'vitest';
import type { MechanismId } from '../contract/registry.ts';
import type { Cell } from '../contract/document.ts';
import { renderHtml } from '../orchestrator/reports/html.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { familyTables, formatFamilyCell, signedNs } from '../orchestrator/reports/napi-family.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import type { Results } from '../contract/results.ts';
import { readRecorded, resultsA } from './recorded-results.ts';

/** Median per call, by family member and workload, in node@26.10.0. */
const medians: Record<string, Record<string, number>> = {
  'napi-sys': { add_i32: 32, add_f64: 34 },
  'napi 3.16.1': { add_i32: 125, add_f64: 130 },
  'napi 3.5.2': { add_i32: 43, add_f64: 44 },
  neon: { add_i32: 50 },
};

/** The recorded run with node@26.10.0's napi call cells replaced by the family at `medians`;
 *  bun@1.4.4 keeps its one napi column (no family to compare). */
function family(members = Object.keys(medians)): Results {
  const r = readRecorded(resultsA);
  const napi = r.cells.filter((c) => c.runtime === 'node@26.10.0' && c.mechanism === 'napi' && c.group === 'call');
  const made: Cell[] = [];
  for (const member of members) {
    const [mechanism, version] = member.split(' ');
    for (const c of napi) {
      const p50 = medians[member]![c.workload];
      if (p50 === undefined) continue;
      const { mechanismVersion: _recorded, ...rest } = c;
      made.push({
        ...rest, mechanism: mechanism as MechanismId, ...(version ? { mechanismVersion: version } : {}),
        stats: { ...c.stats!, p50Ns: p50, avgNs: p50 * 1.1 },
      });
    }
  }
  r.cells = [...r.cells.filter((c) => !napi.includes(c)), ...made];
  return r;
}

describe('the N-API family', () => {
  it('puts the floor first, then each framework newest version first, with ns over the floor', () => {
    const [t, ...others] = familyTables(family());
    expect(others).toEqual([]);
    expect(t!.runtime).toBe('node@26.10.0');
    expect(t!.columns).toEqual([
      { label: 'napi-sys', floor: true }, { label: 'napi 3.16.1', floor: false },
      { label: 'napi 3.5.2', floor: false }, { label: 'neon', floor: false },
    ]);
    const add = t!.rows.find((r) => r.workload === 'add_i32')!;
    expect(add.cells).toEqual([{ ns: 32 }, { ns: 125, overFloorNs: 93 }, { ns: 43, overFloorNs: 11 }, { ns: 50, overFloorNs: 18 }]);
    expect(t!.pairs.map((p) => p.label)).toEqual(['napi 3.16.1 − napi 3.5.2']);
    expect(add.deltas).toEqual([82]);
    // neon has no add_f64 cell: its place is empty, the row still there.
    expect(t!.rows.find((r) => r.workload === 'add_f64')!.cells[3]).toBeUndefined();
  });

  it('says it in sentences: each framework over the floor, the newer napi-rs over the older', () => {
    const t = familyTables(family())[0]!;
    expect(t.summary).toEqual([
      'napi 3.16.1: +94.5 ns per call over napi-sys, the Node-API floor (median of 2 call rows)',
      'napi 3.5.2: +10.5 ns per call over napi-sys, the Node-API floor (median of 2 call rows)',
      'neon: +18.0 ns per call over napi-sys, the Node-API floor (median of 1 call row)',
      'napi 3.16.1: +84.0 ns per call over napi 3.5.2 (median of 2 call rows)',
    ]);
  });

  it('without the floor, still compares the two napi-rs versions', () => {
    const t = familyTables(family(['napi 3.16.1', 'napi 3.5.2']))[0]!;
    expect(t.columns.map((c) => c.floor)).toEqual([false, false]);
    expect(t.rows.find((r) => r.workload === 'add_i32')!.cells).toEqual([{ ns: 125 }, { ns: 43 }]);
    expect(t.summary).toEqual(['napi 3.16.1: +84.0 ns per call over napi 3.5.2 (median of 2 call rows)']);
  });

  it('leaves out a runtime with one family column, and cells that are not timed or were eliminated', () => {
    expect(familyTables(family(['napi 3.16.1']))).toEqual([]);
    const r = family();
    const sys = r.cells.find((c) => c.mechanism === ('napi-sys' as MechanismId) && c.workload === 'add_i32')!;
    sys.flags = ['below-physical-floor'];
    const f64 = r.cells.find((c) => c.mechanismVersion === '3.16.1' && c.workload === 'add_f64' && c.runtime === 'node@26.10.0')!;
    f64.verified = false;
    delete f64.stats;
    const t = familyTables(r)[0]!;
    // No floor in the row: figures without "over the floor".
    expect(t.rows.find((x) => x.workload === 'add_i32')!.cells).toEqual([undefined, { ns: 125 }, { ns: 43 }, { ns: 50 }]);
    const f = t.rows.find((x) => x.workload === 'add_f64')!;
    expect(f.cells).toEqual([{ ns: 34 }, undefined, { ns: 44, overFloorNs: 10 }, undefined]);
    expect(f.deltas).toEqual([undefined]);
    // A row with one family cell left compares nothing.
    const only = family(['napi-sys', 'napi 3.16.1']);
    only.cells.find((c) => c.mechanism === ('napi-sys' as MechanismId) && c.workload === 'add_i32')!.flags = ['below-physical-floor'];
    expect(familyTables(only)[0]!.rows.map((x) => x.workload)).toEqual(['add_f64']);
  });

  it('formats differences with their sign', () => {
    expect(signedNs(82)).toBe('+82.0 ns');
    expect(signedNs(-3.1)).toBe('−3.10 ns');
    expect(formatFamilyCell({ ns: 125, overFloorNs: 93 })).toBe('125 ns (+93.0 ns)');
    expect(formatFamilyCell(undefined)).toBe('-');
  });

  it('every report shows it: terminal, Markdown and HTML', () => {
    const r = family();
    const heading = 'node@26.10.0: the N-API family (median time per call; in brackets the ns over the napi-sys floor, raw Node-API)';
    const terminal = renderTerminal(r, 200);
    expect(terminal).toContain(heading);
    expect(terminal).toMatch(/add_i32 +\| +32\.0 ns \| 125 ns \(\+93\.0 ns\) \| 43\.0 ns \(\+11\.0 ns\) \| 50\.0 ns \(\+18\.0 ns\) \| +\+82\.0 ns/);
    expect(terminal).toContain('napi 3.16.1: +84.0 ns per call over napi 3.5.2 (median of 2 call rows)');
    const markdown = renderMarkdown(r);
    expect(markdown).toContain('## The N-API family');
    expect(markdown).toContain('| workload | napi-sys (floor) | napi 3.16.1 | napi 3.5.2 | neon | napi 3.16.1 − napi 3.5.2 |');
    expect(markdown).toContain('| add_i32 | 32.0 ns | 125 ns (+93.0 ns) | 43.0 ns (+11.0 ns) | 50.0 ns (+18.0 ns) | +82.0 ns |');
    const html = renderHtml(r);
    expect(html).toContain('<section id="napi-family">');
    expect(html).toContain(`<h3>${heading}</h3>`);
    expect(html).toContain('<tr><th>add_i32</th><td>32.0 ns</td><td>125 ns (+93.0 ns)</td><td>43.0 ns (+11.0 ns)</td><td>50.0 ns (+18.0 ns)</td><td>+82.0 ns</td></tr>');
  });

  it('the versions are columns of the main table too, in every format', () => {
    const r = family();
    expect(renderTerminal(r, 400)).toMatch(/\| +napi 3\.16\.1 \| +napi 3\.5\.2 \|/);
    expect(renderMarkdown(r)).toContain('node@26.10.0<br>napi 3.16.1 | node@26.10.0<br>napi 3.5.2');
    expect(renderHtml(r)).toContain('<th>node@26.10.0<br>napi 3.5.2</th>');
  });
});
