/**
 * merge across machines: two recorded results files become one document in which each machine
 * keeps its environment and run, every column is renamed per machine, the analysis covers both,
 * and every report (terminal, Markdown, HTML) shows both machines' columns.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { speedupsOf } from '../orchestrator/analysis.ts';
import { combine } from '../orchestrator/combine.ts';
import { chartsOf, renderHtml } from '../orchestrator/reports/html.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { perMachine, tableOf } from '../orchestrator/reports/model.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import { parseResults } from '../contract/results.ts';
import { readRecorded, resultsA, resultsB } from './recorded-results.ts';

const cli = new URL('../orchestrator/cli.ts', import.meta.url).pathname;
const both = () => [
  { results: readRecorded(resultsA), source: 'a.json', label: 'box-a' },
  { results: readRecorded(resultsB), source: 'b.json', label: 'box-b' },
];

describe('combine', () => {
  const a = readRecorded(resultsA);
  const b = readRecorded(resultsB);
  const merged = combine(both(), { now: new Date('2026-11-22T10:00:00.000Z') });

  it('keeps each machine with its own environment and run', () => {
    expect(merged.machines!.map((m) => m.id)).toEqual(['box-a', 'box-b']);
    expect(merged.machines![0]!.environment).toEqual(a.environment);
    expect(merged.machines![1]!.run).toEqual(b.run);
    expect(merged.run.id).toBe('2026-11-22T10-00-00Z');
    expect(merged.run.startedAt).toBe([a.run.startedAt, b.run.startedAt].sort()[0]);
    expect(merged.environment).toEqual(a.environment);
  });

  it('renames every column per machine, in runtimes, cells, skips and failures', () => {
    expect(merged.runtimes.map((r) => [r.id, r.machine])).toEqual([
      ['node@26.10.0 box-a', 'box-a'], ['bun@1.4.4 box-a', 'box-a'], ['node@20.20.2 box-b', 'box-b'], ['deno@2.9.6 box-b', 'box-b'],
    ]);
    expect(merged.cells).toHaveLength(a.cells.length + b.cells.length);
    const ids = new Set(merged.runtimes.map((r) => r.id));
    for (const c of merged.cells) expect(ids.has(c.runtime), c.runtime).toBe(true);
    for (const s of merged.skipped) expect(ids.has(s.runtime), s.runtime).toBe(true);
    expect(merged.skipped).toHaveLength(a.skipped.length + b.skipped.length);
  });

  it('recomputes the analysis over both machines', () => {
    expect(merged.analysis!.speedups).toHaveLength(speedupsOf(a.cells).length + speedupsOf(b.cells).length);
    expect(merged.analysis!.crossovers.some((x) => x.runtime === 'deno@2.9.6 box-b')).toBe(true);
  });

  it('validates, and an old single-machine file still reads', () => {
    expect(parseResults(JSON.parse(JSON.stringify(merged)))).toEqual(merged);
    expect(a.machines).toBeUndefined();
  });

  it('names unlabelled machines by OS and arch, numbering repeats', () => {
    const m = combine([{ results: a, source: 'a.json' }, { results: b, source: 'b.json' }]);
    expect(m.machines!.map((x) => x.id)).toEqual(['linux-x64', 'linux-x64-2']);
    expect(m.runtimes[2]!.id).toBe('node@20.20.2 linux-x64-2');
  });

  it('merges a merged document with another file, keeping its machines', () => {
    const again = combine([{ results: merged, source: 'merged.json' }, { results: readRecorded(resultsA), source: 'c.json', label: 'box-c' }]);
    expect(again.machines!.map((m) => m.id)).toEqual(['box-a', 'box-b', 'box-c']);
    expect(again.runtimes.map((r) => r.id)).toContain('node@20.20.2 box-b');
    expect(again.runtimes.map((r) => r.id)).toContain('node@26.10.0 box-c');
  });

  it('refuses what it cannot merge honestly, saying what to do', () => {
    expect(() => combine([])).toThrow(/at least one results file/);
    expect(() => combine([{ results: a, source: 'a.json', label: 'x' }, { results: b, source: 'b.json', label: 'x' }]))
      .toThrow(/machine id "x" is used by both a\.json and b\.json: give each input its own label/);
    const verify = readRecorded(resultsB);
    verify.run.mode = 'full';
    expect(() => combine([{ results: a, source: 'a.json' }, { results: verify, source: 'full.json' }]))
      .toThrow(/cannot merge runs of different modes \(a\.json: quick, full\.json: full\)/);
    expect(() => combine([{ results: merged, source: 'm.json', label: 'y' }])).toThrow(/already a merged document/);
    expect(() => combine([{ results: a, source: 'a.json', label: 'has space' }])).toThrow(/label "has space"/);
  });
});

describe('reports of a merged document', () => {
  const merged = combine(both());

  it('split per machine, each table with only its own columns', () => {
    const parts = perMachine(merged);
    expect(parts.map((p) => p.machine!.id)).toEqual(['box-a', 'box-b']);
    expect(tableOf(parts[1]!.results).columns.map((c) => c.runtime)).toEqual([...Array(4).fill('node@20.20.2 box-b'), ...Array(5).fill('deno@2.9.6 box-b')]);
    // Ratios are within a machine: each machine's table has its own 1.00x per row.
    for (const p of parts) for (const row of tableOf(p.results).rows) expect(row.entries.filter((e) => e.kind === 'timed' && e.ratio === 1)).toHaveLength(1);
  });

  it('terminal: a table per machine headed by its environment', () => {
    const text = renderTerminal(merged, 120);
    expect(text).toMatch(/^Machine box-a: AMD EPYC/m);
    expect(text).toMatch(/^Machine box-b: AMD EPYC/m);
    for (const id of ['node@26.10.0 box-a', 'bun@1.4.4 box-a', 'node@20.20.2 box-b', 'deno@2.9.6 box-b']) expect(text).toContain(id);
  });

  it('Markdown: the machines table and a section per machine', () => {
    const text = renderMarkdown(merged);
    expect(text).toMatch(/\| machine \| CPU \| cores \| memory \| OS \| runtimes \| commit \|/);
    expect(text).toMatch(/\| box-b \| AMD EPYC \| 2 \| 24 GiB \| linux .* \| node@20\.20\.2, deno@2\.9\.6 \|/);
    expect(text).toMatch(/^## box-a$/m);
    expect(text).toMatch(/^## box-b$/m);
    expect(text).toContain('| workload | node@20.20.2 box-b<br>js |');
  });

  it('HTML: both machines in the charts, tables and environment', () => {
    const labels = chartsOf(merged).filter((c) => c.id.startsWith('group-call-')).flatMap((c) => c.series.map((s) => `${s.runtime} · ${s.label}`));
    expect(labels).toContain('bun@1.4.4 box-a · bun-ffi');
    expect(labels).toContain('deno@2.9.6 box-b · deno-ffi');
    const html = renderHtml(merged);
    expect(html).toContain('<h3>box-a</h3>');
    expect(html).toContain('<h3>box-b</h3>');
    expect(html).toContain('merged from 2 machines');
  });
});

describe('bridgetax merge and report (CLI)', () => {
  it('writes the merged file, then renders it in every format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-merge-'));
    const out = join(dir, 'merged.json');
    const m = await execa(process.execPath, [cli, 'merge', resultsA, resultsB, '--labels', 'box-a,box-b', '--out', out], { reject: false });
    expect(m.exitCode, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/Machine box-b/);
    const merged = parseResults(JSON.parse(await readFile(out, 'utf8')));
    expect(merged.machines!.map((x) => x.id)).toEqual(['box-a', 'box-b']);
    const md = await execa(process.execPath, [cli, 'report', out, '--format', 'markdown']);
    expect(md.stdout).toMatch(/^## box-b$/m);
    await execa(process.execPath, [cli, 'report', out, '--format', 'html', '--out', join(dir, 'site', 'index.html')]);
    expect(await readFile(join(dir, 'site', 'index.html'), 'utf8')).toContain('deno@2.9.6 box-b');
    const bad = await execa(process.execPath, [cli, 'merge', resultsA, resultsB, '--labels', 'only-one', '--out', out], { reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--labels gives 1 label\(s\) for 2 file\(s\)/);
  });
});
