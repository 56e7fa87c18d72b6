/**
 * The report's least-privilege parts, from a merged document: each column's permissions said
 * once (Bun's absence once), and the cost table of a Node measured under its permission model
 * and without (`--node-permission both`): ratios of the two medians, call workloads by mechanism.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, RunnerDocument } from '../contract/document.ts';
import { labelled, relabel } from '../orchestrator/columns.ts';
import { merge } from '../orchestrator/merge.ts';
import { renderHtml } from '../orchestrator/reports/html.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { formatCost, permissionCostTables, permissionLines } from '../orchestrator/reports/permission.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import { foundOf, mergeInput, recorded } from './fixtures.ts';

const scaled = (c: Cell, k: number): Cell => (c.stats ? {
  ...c, stats: { ...c.stats, p50Ns: c.stats.p50Ns * k, medianCiLowNs: (c.stats.medianCiLowNs ?? c.stats.p50Ns) * k, medianCiHighNs: (c.stats.medianCiHighNs ?? c.stats.p50Ns) * k },
} : c);

function bothWays() {
  const base = recorded('runner-node26.json');
  const under: RunnerDocument = {
    ...base,
    runtime: { ...base.runtime, permissions: { model: 'node', access: { fsRead: 'scoped', fsWrite: 'scoped', addons: 'all', ffi: 'all', net: 'all', childProcess: 'none', worker: 'none' } } },
  };
  // The same Node without the model, every cell 20 % faster: the model costs 1.25x.
  const twinRuntime = { ...labelled(foundOf(base), 'unrestricted'), unrestricted: true };
  const free = relabel({ ...base, runtime: { ...base.runtime, permissions: { model: 'none', why: 'run without --permission' } }, cells: base.cells.map((c) => scaled(c, 0.8)) }, twinRuntime);
  const bun = recorded('runner-bun.json');
  const withBun: RunnerDocument = { ...bun, runtime: { ...bun.runtime, permissions: { model: 'none', why: 'Bun has no permission model' } } };
  const input = mergeInput();
  return merge({ ...input, columns: [{ runtime: foundOf(base), document: under }, { runtime: twinRuntime, document: free }, { runtime: foundOf(bun), document: withBun }] });
}

describe('permissions in the report', () => {
  it('says each column\'s permissions, and Bun\'s absence of a model once', () => {
    expect(permissionLines(bothWays())).toEqual([
      "node@26.10.0: Node's permission model (--permission): reads, writes scoped to what it needs; addons, FFI, network granted; no child processes, no workers",
      'node@26.10.0#unrestricted: every permission (run without --permission)',
      'Bun has no permission model: its columns run with every permission',
    ]);
  });

  it('tables what the model costs per call workload and mechanism, as the ratio of the two medians', () => {
    const results = bothWays();
    const [t, ...more] = permissionCostTables(results);
    expect(more).toEqual([]);
    expect(t!.under).toBe('node@26.10.0');
    expect(t!.without).toBe('node@26.10.0#unrestricted');
    const callWorkloads = [...new Set(results.cells.filter((c) => c.runtime === 'node@26.10.0' && c.group === 'call' && c.stats && c.verified).map((c) => c.workload))];
    expect(t!.rows.map((r) => r.workload).sort()).toEqual(callWorkloads.sort());
    const cells = t!.rows.flatMap((r) => r.cells).filter((c) => c !== undefined);
    expect(cells.length).toBeGreaterThanOrEqual(callWorkloads.length);
    for (const c of cells) expect(c!.ratio).toBeCloseTo(1.25, 10);
    expect(renderTerminal(results)).toContain("node@26.10.0: what Node's permission model costs");
    expect(renderMarkdown(results)).toContain('## What the permission model costs');
    expect(renderHtml(results)).toContain('<section id="permission-cost"><h2>What the permission model costs</h2>');
  });

  it('with interleaved rounds: the estimate over per-round ratios, marked where the rounds resolve it', () => {
    const base = bothWays();
    const rounds = (c: Cell, k: number, spread: number): Cell => (c.stats ? {
      ...c, repeats: { p50Ns: Array.from({ length: 8 }, (_, i) => c.stats!.p50Ns * k * (1 + spread * ((i * 5) % 8 - 3.5) / 3.5)), avgNs: Array.from({ length: 8 }, () => c.stats!.p50Ns * k) },
    } : c);
    // Under the model: 1.2x the unrestricted column in every round (its rounds spread ±10 %, the
    // same spread on both sides, so each round's ratio is exactly 1.2), but through js the same:
    // its rounds steady, so its round ratios spread ±10 % around 1 with no direction.
    const results = {
      ...base, run: { ...base.run, repeat: 8 },
      cells: base.cells.map((c) => (c.runtime === 'node@26.10.0' ? (c.mechanism === 'js' ? rounds(c, 1, 0) : rounds(c, 1.2, 0.1))
        : c.runtime === 'node@26.10.0#unrestricted' ? rounds(c, 1 / 0.8, 0.1) : c)),
    };
    const [t] = permissionCostTables(results);
    expect(t!.rounds).toBe(8);
    const [row] = t!.rows.filter((r) => r.workload === 'add_i32');
    const by = Object.fromEntries(t!.mechanisms.map((m, i) => [m, row!.cells[i]!]));
    for (const m of t!.mechanisms.filter((x) => x !== 'js')) {
      expect(by[m]!.ratio, m).toBeCloseTo(1.2, 10);
      expect(by[m]!.p, m).toBeLessThan(0.05);
      expect(formatCost(by[m]), m).toBe('1.20x*');
    }
    expect(by.js!.ratio).toBeCloseTo(1, 1);
    expect(by.js!.p).toBeGreaterThan(0.05);
    expect(formatCost(by.js)).toBe('1.00x');
  });

  it('has no cost table without a twin', () => {
    const input = mergeInput();
    expect(permissionCostTables(merge(input))).toEqual([]);
  });
});
