/**
 * `compare` piped, as CI or `| tee` sees it, ends on the answer: after the progress lines, at
 * most 40 lines of plain text holding the summary, the best bridge per kind of work, the flags
 * and the files; the full tables are in the files, and `bridgetax report` or `--verbose` print them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { root } from '../orchestrator/paths.ts';
import { node26, projectNode, runCli } from './helpers.ts';

/** A progress line of a run: the runtimes found, the build, the service, a column's lines. */
const progress = /^(Runtimes: |Build: |HTTP service: |\[\d+\/\d+\] )/;

describe('compare, piped', () => {
  it('ends on a screen of at most 40 lines: the summary, the best bridges, the flags and the files', async () => {
    const runtime = await node26();
    const out = mkdtempSync(join(tmpdir(), 'bridgetax-last-screen-'));
    const r = await runCli(['--quick', '--runtimes', runtime.id, '--mechanisms', 'js,napi', '--workloads', 'noop,add_i32', '--out-dir', out], { timeoutMs: 300_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    // Plain text: no colour, no cursor movement, no status line.
    expect(r.stdout).not.toMatch(/\x1b|\r/);
    const lines = r.stdout.split('\n');
    const lastProgress = lines.findLastIndex((l) => progress.test(l));
    expect(lastProgress).toBeGreaterThan(0);
    const screen = lines.slice(lastProgress + 1).join('\n').trim().split('\n');
    expect(screen.length, screen.join('\n')).toBeLessThanOrEqual(40);
    expect(screen[0]).toBe('Summary');
    expect(screen).toContain('Best bridge per kind of work:');
    expect(screen.find((l) => l.startsWith('kind of work'))).toContain(runtime.id);
    expect(screen.some((l) => /^call +\| +napi /.test(l))).toBe(true);
    expect(screen.join('\n')).toMatch(/^Flags: 0 failures; /m);
    // The files, each by name, and how to see the full tables.
    const files = screen.slice(-2).join('\n');
    for (const f of ['latest.json', 'latest.md', 'index.html']) expect(files).toContain(join(out, f));
    expect(files).toMatch(new RegExp(`Wrote ${out}/\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z\\.json`));
    expect(files).toContain(`pnpm bridgetax report ${join(out, 'latest.json')}`);
    // The full tables are not printed: they are in the files.
    expect(r.stdout).not.toMatch(/^Credibility:|^Provenance:/m);

    const report = await execa(projectNode, [join(root, 'orchestrator', 'cli.ts'), 'report', join(out, 'latest.json')], { cwd: root, reject: false });
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^Credibility:/m);
    expect(report.stdout).toMatch(/^Provenance:/m);
  }, 320_000);

  it('with --verbose: the full tables first, then the same last screen', async () => {
    const runtime = await node26();
    const out = mkdtempSync(join(tmpdir(), 'bridgetax-verbose-'));
    const r = await runCli(['--quick', '--verbose', '--runtimes', runtime.id, '--mechanisms', 'js,napi', '--workloads', 'add_i32', '--out-dir', out], { timeoutMs: 300_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b|\r/);
    const lines = r.stdout.split('\n');
    const credibility = lines.findIndex((l) => l.startsWith('Credibility:'));
    const provenance = lines.indexOf('Provenance:');
    // The full report opens with its own summary; the last screen's begins after the provenance.
    const lastSummary = lines.lastIndexOf('Summary');
    expect(credibility).toBeGreaterThan(0);
    expect(provenance).toBeGreaterThan(credibility);
    expect(lastSummary).toBeGreaterThan(provenance);
    expect(lines.slice(lastSummary).join('\n')).toMatch(/Best bridge per kind of work:[^]*Flags: 0 failures;[^]*pnpm bridgetax report /);
  }, 320_000);
});
