/**
 * The progress tracker on its own: the bar's fields, the total corrected by the runner's
 * announcement and by what a column ran, the time left from the budget then from the cells
 * done, and without a TTY a line per column and one every few seconds, not one per cell.
 */
import { describe, expect, it } from 'vitest';
import { cellOverheadMs, estimatedCells, PRIOR_CELLS, formatLeft, isCellLine, Progress, progressBar } from '../orchestrator/progress.ts';
import { workloads } from '../runners/shared/catalogue.ts';

function tracker(tty: boolean, everyMs = 5000) {
  let t = 0;
  const bars: string[] = [];
  const lines: string[] = [];
  const p = new Progress([10, 10], { tty, bar: (l) => bars.push(l), print: (l) => lines.push(l), width: () => 200 }, everyMs, () => t);
  return { p, bars, lines, advance: (ms: number) => { t += ms; } };
}

describe('progress', () => {
  it('recognises the runner\'s cell lines and nothing else', () => {
    expect(isCellLine('[node@26.10.0] napi 3.16.1 add_i32: 97.1 ns per call ±1.2%')).toBe(true);
    expect(isCellLine('[node@26.10.0] js       bytes_sum(65536): 26.6 µs per call ±0.4%')).toBe(true);
    expect(isCellLine('[deno@2.9.6] koffi    add_i32: verified')).toBe(true);
    expect(isCellLine('[deno@2.9.6] wasm     str_hash(16): FAILED verification')).toBe(true);
    expect(isCellLine('[node@26.10.0] harness floor (i32,i32): 1.2 ns per call')).toBe(false);
    expect(isCellLine('[bun@1.4.4] node-ffi: skipped (node:ffi is Node\'s own FFI module)')).toBe(false);
    expect(isCellLine('[bun@1.4.4] 40 cells to run, each at most 150 ms of timing')).toBe(false);
  });

  it('estimates a column from the catalogue: params × mechanisms asked for', () => {
    const add = workloads.find((w) => w.id === 'add_i32')!;
    expect(estimatedCells({ mode: 'full', mechanisms: ['js', 'napi'], workloads: ['add_i32'] })).toBe(2 * add.params.length);
    expect(estimatedCells({ mode: 'full' })).toBeGreaterThan(estimatedCells({ mode: 'full', mechanisms: ['js'] }));
    // A quick run measures each workload at its headline size alone.
    expect(estimatedCells({ mode: 'quick', workloads: ['bytes_sum'] })).toBe(estimatedCells({ mode: 'full', workloads: ['bytes_sum'] }) / 3);
  });

  it('draws done / total, time left, the column and the cell in one line that fits', () => {
    const line = progressBar({ done: 5, total: 20, column: '[1/2] node@26.10.0', cell: 'napi add_i32: 97 ns per call', leftMs: 65_000 }, 200);
    expect(line).toBe('[#####...............] 5/20 cells · ~1 min 05 s left · [1/2] node@26.10.0 · napi add_i32: 97 ns per call');
    expect(progressBar({ done: 5, total: 20, column: 'x'.repeat(300), cell: '', leftMs: 0 }, 80)).toHaveLength(80);
    expect(formatLeft(42_400)).toBe('42 s');
  });

  it('on a TTY: one bar per line of the runner, the total corrected, the time left from the budget then the cells done', () => {
    const { p, bars, lines, advance } = tracker(true);
    p.startColumn('[1/2]', 'node@26.10.0');
    expect(lines).toEqual(['[1/2] node@26.10.0: running']);
    expect(bars.at(-1)).toContain('0/20 cells · time left unknown');
    p.line('[node@26.10.0] 4 cells to run, each at most 150 ms of timing');
    // The column to come is scaled like this one: 10 estimated, 4 announced.
    expect(p.total).toBe(8);
    for (let i = 0; i < 4; i++) {
      advance(1000);
      p.line(`[node@26.10.0] js       add_i32: ${i + 1}.0 ns per call ±1%`);
    }
    // 4 cells in 4 s, blended with 10 cells at the budget: 4 left.
    const per = ((150 + cellOverheadMs) * PRIOR_CELLS + 4000) / (PRIOR_CELLS + 4);
    expect(bars.at(-1)).toContain(`4/8 cells · ~${formatLeft(4 * per)} left`);
    expect(bars.at(-1)).toMatch(/^\[#{10}.*\] 4\/8 cells · ~\d+ s left · \[1\/2\] node@26\.10\.0 · js add_i32: 4\.0 ns per call ±1%$/);
    p.endColumn('4 cells');
    expect(bars.at(-1)).toBe('');
    expect(lines.at(-1)).toBe('[1/2] node@26.10.0: 4 cells');
  });

  it('without a TTY: a line per column and one every few seconds, not one per cell', () => {
    const { p, bars, lines, advance } = tracker(false, 5000);
    p.startColumn('[1/2]', 'node@26.10.0');
    for (let i = 0; i < 10; i++) {
      advance(1000);
      p.line(`[node@26.10.0] napi     add_i32: ${i} ns per call`);
    }
    p.endColumn('10 cells');
    expect(bars).toEqual([]);
    expect(lines[0]).toBe('[1/2] node@26.10.0: running');
    expect(lines.at(-1)).toBe('[1/2] node@26.10.0: 10 cells');
    const periodic = lines.slice(1, -1);
    expect(periodic.length).toBe(2);
    expect(periodic[0]).toMatch(/^\[1\/2\] node@26\.10\.0: 5\/20 cells, time left unknown; last: napi add_i32: 4 ns per call$/);
  });
});
