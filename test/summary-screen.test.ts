/**
 * The screen a compare run ends on: failures one line each, the summary's sentences, the best
 * bridge per kind of work in each runtime column (agreeing with the matrices' `*` marks), the
 * flags counted, the files named; short enough to stay in sight, plain text, and the full
 * tables only with `verbose`.
 */
import { describe, expect, it } from 'vitest';
import { exitCodes } from '../orchestrator/errors.ts';
import { filesLines, reportRun } from '../orchestrator/run/finish.ts';
import { bestBridges, summaryOf } from '../orchestrator/reports/summary.ts';
import { renderSummaryScreen, renderTerminal, wrap } from '../orchestrator/reports/terminal.ts';
import type { Written } from '../orchestrator/store.ts';
import { manyColumns } from './many-columns.ts';
import { readRecorded, resultsA, resultsAllGroups } from './recorded-results.ts';

const written: Written = {
  run: '/work/x/results/2026-12-07T00-00-00Z.json', latest: '/work/x/results/latest.json',
  markdown: '/work/x/results/latest.md', html: '/work/x/results/index.html',
};

function printed(verbose: boolean, results = manyColumns()): { lines: string[]; code: number } {
  const lines: string[] = [];
  const code = reportRun({ print: (l) => lines.push(...l.split('\n')), width: 120, verbose }, results, written);
  return { lines, code };
}

describe('the best bridge per kind of work', () => {
  it('is, per runtime and group, the bridge starred in most rows, with its wins and median speedup over js', () => {
    const r = readRecorded(resultsAllGroups);
    const { matrices } = summaryOf(r);
    const t = bestBridges(matrices);
    expect(t.groups).toEqual(['call', 'data', 'callback', 'async', 'compute']);
    expect(t.rows.map((x) => x.runtime)).toEqual(['node@26.10.0', 'deno@2.9.6']);
    for (const [m, row] of matrices.map((m, i) => [m, t.rows[i]!] as const)) {
      t.groups.forEach((g, gi) => {
        const b = row.best[gi]!;
        const rows = m.rows.filter((x) => x.group === g);
        const at = m.mechanisms.findIndex((x) => x.key === b.mechanism.key);
        const wins = rows.filter((x) => x.cells[at]!.best).length;
        expect(b.wins, `${m.runtime} ${g}`).toBe(wins);
        expect(b.rows).toBe(rows.length);
        // No other bridge is starred in more of the group's rows.
        for (let i = 0; i < m.mechanisms.length; i++) expect(rows.filter((x) => x.cells[i]!.best).length).toBeLessThanOrEqual(wins);
        expect(b.mechanism.mechanism).not.toBe('js');
      });
    }
    // Deno's data rows (str_hash at three sizes): koffi is the fastest bridge in all three.
    expect(t.rows[1]!.best[1]).toMatchObject({ mechanism: { key: 'koffi' }, wins: 3, rows: 3 });
  });
});

describe('the summary screen', () => {
  it('names each failure in one line, then the summary, the best bridges and the flags, within 40 lines', () => {
    const r = manyColumns();
    r.failures.push(
      { runtime: 'deno@2.9.6', mechanism: 'koffi', workload: 'add_i32', param: null, reason: 'wrong answer', expected: '3', actual: '4' },
      { runtime: 'node@26.10.0', reason: 'runner died from SIGSEGV (Segmentation fault)', stderrTail: 'line one\nline two' },
    );
    const screen = renderSummaryScreen(r, 120).split('\n');
    expect(screen.slice(0, 2)).toEqual([
      'FAILED: deno@2.9.6 koffi add_i32: wrong answer (expected 3, got 4)',
      'FAILED: node@26.10.0: runner died from SIGSEGV (Segmentation fault)',
    ]);
    // The stderr tail is for the full report, not the last screen.
    expect(screen.join('\n')).not.toContain('line one');
    expect(screen).toContain('Summary');
    expect(screen.indexOf('Summary')).toBeLessThan(screen.indexOf('Best bridge per kind of work:'));
    // The flags close the screen.
    expect(screen.join(' ')).toMatch(/Flags: 2 failures; \d+ sanity findings?[^]* flagged\s+cells?\s+in\s+all\.$/);
    expect(screen.length).toBeLessThanOrEqual(40);
    for (const l of screen) expect(l.length, l).toBeLessThanOrEqual(120);
    // Four Node columns and Deno, each a column of the best-bridge table.
    const header = screen.find((l) => l.startsWith('kind of work'))!;
    for (const rt of r.runtimes) expect(header).toContain(rt.id);
  });

  it('counts the cells whose plain loop disagrees with mitata', () => {
    const r = readRecorded(resultsA);
    r.cells.filter((c) => c.mechanism === 'napi' && c.stats).slice(0, 3).forEach((c) => { c.flags = ['cross-check-disagrees']; });
    expect(renderSummaryScreen(r, 200)).toMatch(/; 3 cross-check disagreements \(x\);/);
  });
});

describe('a run\'s last lines', () => {
  it('end on the summary and the files; the full tables only with verbose', () => {
    const quiet = printed(false);
    expect(quiet.code).toBe(exitCodes.ok);
    expect(quiet.lines.length).toBeLessThanOrEqual(40);
    expect(quiet.lines.join('\n')).not.toMatch(/Credibility:|Provenance:|does crossing pay\?/);
    expect(quiet.lines.at(-2)).toBe('Wrote /work/x/results/2026-12-07T00-00-00Z.json (also /work/x/results/latest.json)');
    expect(quiet.lines.at(-1)).toBe('  full tables: /work/x/results/latest.md, /work/x/results/index.html, or here: pnpm bridgetax report /work/x/results/latest.json');
    expect(quiet.lines.some((l) => /^Time: /.test(l))).toBe(true);

    const loud = printed(true);
    const full = renderTerminal(manyColumns(), 120).split('\n');
    // The full tables first, then the same last screen.
    expect(loud.lines.slice(1, 1 + full.length)).toEqual(full);
    expect(loud.lines.slice(-quiet.lines.length)).toEqual(quiet.lines);
  });

  it('with failures: exit code 1 and the count as the last line', () => {
    const r = manyColumns();
    r.failures.push({ runtime: 'deno@2.9.6', reason: 'timed out after 300 s' });
    const { lines, code } = printed(false, r);
    expect(code).toBe(exitCodes.failures);
    expect(lines).toContain('FAILED: deno@2.9.6: timed out after 300 s');
    expect(lines.at(-1)).toBe('1 failure(s): listed above.');
  });

  it('name files under the working folder by their relative path', () => {
    expect(filesLines(written, '/work/x')[0]).toBe('Wrote results/2026-12-07T00-00-00Z.json (also results/latest.json)');
    expect(filesLines(written, '/elsewhere')[0]).toBe(`Wrote ${written.run} (also ${written.latest})`);
  });
});

describe('wrap', () => {
  it('breaks at spaces within the width, indenting the lines after the first', () => {
    expect(wrap('aaa bbb ccc ddd', 9, '  ', '    ')).toEqual(['  aaa bbb', '    ccc', '    ddd']);
    expect(wrap('a-very-long-word x', 5, '', '')).toEqual(['a-very-long-word', 'x']);
  });
});
