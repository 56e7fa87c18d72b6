/**
 * `compare --quick` as a person runs it: under a pseudo-terminal (util-linux `script`) one
 * progress bar rewritten in place, with cells done / total, the time left and the column; the
 * runners' cell lines never scroll by, and the build is one line. Piped, no bar and no runner
 * line: a line per column instead.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { onPath } from '../orchestrator/discover.ts';
import { root } from '../orchestrator/paths.ts';
import { node26, projectNode, runCli } from './helpers.ts';

const args = (out: string, runtime: string) => ['--quick', '--runtimes', runtime, '--mechanisms', 'js,napi,koffi', '--workloads', 'add_i32,bytes_sum', '--out-dir', out];
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** What a line shows once the terminal has applied its carriage returns and line clears. */
const visible = (line: string) => line.split('\r').map((s) => s.replace(/\x1b\[K/g, '')).filter(Boolean).at(-1) ?? '';

describe('compare progress', () => {
  it.skipIf(!onPath('script').length)('on a TTY: one bar with cells done / total, time left and the column; no runner line scrolls by', async () => {
    const runtime = await node26();
    const out = mkdtempSync(join(tmpdir(), 'bridgetax-tty-'));
    const cmd = ['stty cols 160;', quote(projectNode), quote(join(root, 'orchestrator', 'cli.ts')), 'compare', ...args(out, runtime.id).map(quote)].join(' ');
    const r = await execa('script', ['-qfec', cmd, '/dev/null'], { cwd: root, reject: false, timeout: 300_000, stdin: 'ignore' });
    expect(r.exitCode, r.stdout).toBe(0);
    const bars = [...r.stdout.matchAll(/\r\x1b\[K(\[[#.]{20}\] (\d+)\/(\d+) cells · ~([^·]+) left · \[1\/1\] ([^ ·\r\n]+))/g)];
    expect(bars.length, r.stdout.slice(0, 2000)).toBeGreaterThan(3);
    const last = bars.at(-1)!;
    expect(last[2]).toBe(last[3]);
    expect(last[5]).toBe(runtime.id);
    expect(bars.some((b) => / s$| min \d\d s$/.test(b[4]!.trim()))).toBe(true);
    const lines = r.stdout.split('\n').map(visible);
    expect(lines.filter((l) => /per call ±/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^Build: /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /Compiling|Finished/.test(l))).toEqual([]);
    expect(lines).toContain('Summary');
  }, 320_000);

  it('piped: a line per column, no bar and no per-cell line', async () => {
    const runtime = await node26();
    const out = mkdtempSync(join(tmpdir(), 'bridgetax-pipe-'));
    const r = await runCli(args(out, runtime.id), { timeoutMs: 300_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\x1b[K');
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`[1/1] ${runtime.id}: running`);
    expect(lines.some((l) => new RegExp(`^\\[1/1\\] ${runtime.id.replace(/\./g, '\\.')}: \\d+ cells$`).test(l))).toBe(true);
    // The runners' own lines are `[node@…] …`: none reaches the log; a periodic line may quote one.
    expect(lines.filter((l) => l.startsWith(`[${runtime.id}]`))).toEqual([]);
  }, 320_000);
});
