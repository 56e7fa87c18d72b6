/**
 * Where the command line's output goes and how it ends: the report and export formats (one line
 * each; every format is a pure function of the results, orchestrator/reports/), the one place
 * that writes a command's text to a file or stdout, the progress lines of a run, and the error →
 * exit-code mapping.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CommanderError } from 'commander';
import type { Results } from '../../contract/results.ts';
import { exitCodes, UsageError } from '../errors.ts';
import { renderBmf } from '../reports/bmf.ts';
import { renderGab } from '../reports/gab.ts';
import { renderHtml } from '../reports/html.ts';
import { renderMarkdown } from '../reports/markdown.ts';
import { renderTerminal } from '../reports/terminal.ts';
import { renderVersions } from '../reports/versions.ts';
import { resultsJson, writeAtomic } from '../store.ts';

/** The formats `report --format` renders a results file in. */
export const formats = {
  terminal: (r: Results) => renderTerminal(r, process.stdout.columns || 160),
  markdown: renderMarkdown,
  html: renderHtml,
  json: resultsJson,
  versions: renderVersions,
} as const;

/** The formats `export --format` writes for a benchmark-tracking service. */
export const exportFormats = { bmf: renderBmf, gab: renderGab } as const;

/** Writes `text` to `file` (atomically, creating its folder) or to stdout. */
export async function emit(text: string, file?: string): Promise<void> {
  if (!file) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  await mkdir(dirname(resolve(file)), { recursive: true });
  await writeAtomic(resolve(file), text);
  console.error(`Wrote ${file}`);
}

/** How a run shows its progress: a line per event, and on a TTY one rewritten status line. */
export interface ProgressOutput {
  print: (line: string) => void;
  /** Only on a TTY: elsewhere every status would be a line of its own. */
  statusLine?: (line: string) => void;
  /** Columns the terminal table may use. */
  width: number;
}

/** What a run takes from the process rather than from its options: the command line it records,
 *  where a seed comes from when none is given, and where its progress goes. */
export interface RunContext {
  argv: string[];
  newSeed: () => number;
  output: ProgressOutput;
}

/** The terminal a run reports to: whether stdout is a TTY and how wide it is. */
export interface Terminal {
  isTTY: boolean;
  columns: number | undefined;
}

/**
 * The progress lines of a run written to `stream` (stdout for `compare`, stderr for `ab`, whose
 * stdout carries the verdicts). Whether there is a status line follows stdout's terminal, as the
 * table's width does. On stdout a printed line first clears the status line it replaces; on
 * stderr it is printed as it is, since the runs that print there clear their status line first.
 */
export function progressOutput(
  stream: 'stdout' | 'stderr',
  out: Pick<NodeJS.WriteStream, 'write'> = process[stream],
  terminal: Terminal = { isTTY: process.stdout.isTTY, columns: process.stdout.columns },
): ProgressOutput {
  const clear = '\r\x1b[K';
  const tty = terminal.isTTY;
  const columns = terminal.columns || 120;
  return {
    print: (line) => { out.write(`${tty && stream === 'stdout' ? clear : ''}${line}\n`); },
    ...(tty ? { statusLine: (line: string) => { out.write(`${clear}${line.slice(0, columns - 1)}`); } } : {}),
    width: tty ? columns : 160,
  };
}

/** The exit code a command that threw `e` ends with (`exitCodes` in errors.ts). */
export function exitCodeOf(e: unknown): number {
  // Commander's own refusals (unknown option, bad value, conflict, stray argument) are usage
  // errors like ours; --help and --version end through it with 0.
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : exitCodes.usage;
  if (e instanceof UsageError) return exitCodes.usage;
  // The run could not start or save (a RunError: a build that failed, a results folder that
  // can't be written, impossible figures; or anything unexpected): nothing was written.
  return exitCodes.notRun;
}

/** The line the CLI prints for `e`, or `undefined` when commander has printed the message and the
 *  usage already. */
export function errorLine(e: unknown): string | undefined {
  if (e instanceof CommanderError) return undefined;
  // A thrown non-Error (a string, an object) is still said, not printed as `undefined`.
  return `bridgetax: ${e instanceof Error ? e.message : String(e)}`;
}
