/**
 * How the command line ends and where its text goes: the exit code and the line each kind of
 * error gets, the progress lines of a run on a terminal and off it, and emit's two destinations.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError, InvalidArgumentError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emit, errorLine, exitCodeOf, exportFormats, formats, progressOutput } from '../orchestrator/cli/output.ts';
import { exitCodes, RunError, UsageError } from '../orchestrator/errors.ts';

describe('exitCodeOf and errorLine', () => {
  it('a usage error: code 2, its message after the program\'s name', () => {
    const e = new UsageError('unknown runtime "python"');
    expect([exitCodeOf(e), errorLine(e)]).toEqual([2, 'bridgetax: unknown runtime "python"']);
  });

  it('commander\'s refusals: code 2 and no line of ours (commander printed it with the usage)', () => {
    for (const e of [new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'"), new InvalidArgumentError('expected a directory')]) {
      expect([exitCodeOf(e), errorLine(e)]).toEqual([exitCodes.usage, undefined]);
    }
  });

  it('--help and --version end through commander with 0', () => {
    expect(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(exitCodes.ok);
  });

  it('a run that could not start or save, or anything unexpected: code 3', () => {
    const run = new RunError('the build failed');
    expect([exitCodeOf(run), errorLine(run)]).toEqual([3, 'bridgetax: the build failed']);
    const other = new TypeError('x is not a function');
    expect([exitCodeOf(other), errorLine(other)]).toEqual([exitCodes.notRun, 'bridgetax: x is not a function']);
    expect(errorLine('the service died')).toBe('bridgetax: the service died');
  });
});

describe('progressOutput', () => {
  const capture = () => {
    const written: string[] = [];
    return { written, out: { write: (s: string) => written.push(s) > 0 } };
  };

  it('off a terminal: plain lines, no status line, the wide table', () => {
    const { written, out } = capture();
    const o = progressOutput('stdout', out, { isTTY: false, columns: undefined });
    o.print('Runtimes: node');
    expect(written).toEqual(['Runtimes: node\n']);
    expect(o.statusLine).toBeUndefined();
    expect(o.width).toBe(160);
  });

  it('on a terminal, to stdout: a printed line clears the status line; the status line is cut to the width', () => {
    const { written, out } = capture();
    const o = progressOutput('stdout', out, { isTTY: true, columns: 10 });
    o.statusLine!('0123456789abc');
    o.print('done');
    expect(written).toEqual(['\r\x1b[K012345678', '\r\x1b[Kdone\n']);
    expect(o.width).toBe(10);
  });

  it('on a terminal, to stderr: the status line as on stdout, printed lines as they are', () => {
    const { written, out } = capture();
    const o = progressOutput('stderr', out, { isTTY: true, columns: undefined });
    o.statusLine!('x'.repeat(200));
    o.print('round 1/6 done');
    expect(written).toEqual([`\r\x1b[K${'x'.repeat(119)}`, 'round 1/6 done\n']);
    expect(o.width).toBe(120);
  });
});

describe('emit', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('writes to stdout with exactly one final newline', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await emit('a\n');
    await emit('b');
    expect(write.mock.calls.map((c) => c[0])).toEqual(['a\n', 'b\n']);
  });

  it('writes a file as given, creating its folder, and says so on stderr', async () => {
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const file = join(mkdtempSync(join(tmpdir(), 'bridgetax-emit-')), 'deep', 'er', 'out.md');
    await emit('| a |', file);
    expect(readFileSync(file, 'utf8')).toBe('| a |');
    expect(said).toHaveBeenCalledWith(`Wrote ${file}`);
  });
});

describe('the format tables', () => {
  it('name the formats report and export offer', () => {
    expect(Object.keys(formats)).toEqual(['terminal', 'markdown', 'html', 'json', 'versions']);
    expect(Object.keys(exportFormats)).toEqual(['bmf', 'gab']);
  });
});
