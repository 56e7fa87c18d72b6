/**
 * Writing results: validated first, then each file written to a temporary name and renamed,
 * so `latest.json` is always either the previous run or the whole new one.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml } from './reports/html.ts';
import { RunError, UsageError } from './errors.ts';
import { renderMarkdown } from './reports/markdown.ts';
import { parseResults, type Results } from '../contract/results.ts';

/** Writes `text` to `file` atomically. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/** A results document as JSON text: one field a line, but arrays of numbers (a cell's kept
 *  samples) on one line each, which keeps a full run's file near 1 MB instead of 1.7 MB. JSON
 *  strings cannot hold a raw line break, so the rewrite only ever meets real arrays. */
export function resultsJson(results: Results): string {
  return `${JSON.stringify(results, null, 1).replace(/\[\n\s*(-?[\d.e+-]+(?:,\n\s*-?[\d.e+-]+)*)\n\s*\]/g,
    (_, items: string) => `[${items.replace(/,\n\s*/g, ',')}]`)}\n`;
}

/**
 * Refuses, before anything is measured, a results folder that can't take a file: created if
 * missing, then a probe file written and removed the way `writeAtomic` will. Throws a `RunError`
 * naming the folder and the cause.
 */
export async function checkWritable(dir: string): Promise<void> {
  const probe = join(dir, `.bridgetax-probe.${process.pid}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
  } catch (e) {
    throw new RunError(`cannot write results to ${dir} (${(e as Error).message}); `
      + 'make it writable or pass another --out-dir. Nothing was run; earlier results there are untouched.');
  }
  await rm(probe, { force: true });
}

/** Last resort when the results folder failed after measuring: the run's JSON in the system's
 *  temporary folder. Returns its path, or undefined when that failed too. */
export async function rescueResults(results: Results): Promise<string | undefined> {
  const file = join(tmpdir(), `bridgetax-${results.run.id}.json`);
  try {
    await writeAtomic(file, resultsJson(results));
    return file;
  } catch {
    return undefined;
  }
}

/** Files one run writes. */
export interface Written {
  run: string;
  latest: string;
  markdown: string;
  html: string;
}

/** Validates and writes a run's results and reports into `dir`. */
export async function writeResults(results: Results, dir: string): Promise<Written> {
  const checked = parseResults(results, 'the merged results');
  await mkdir(dir, { recursive: true });
  const json = resultsJson(checked);
  const files = {
    run: join(dir, `${checked.run.id}.json`), latest: join(dir, 'latest.json'), markdown: join(dir, 'latest.md'), html: join(dir, 'index.html'),
  };
  await writeAtomic(files.run, json);
  await writeAtomic(files.latest, json);
  await writeAtomic(files.markdown, renderMarkdown(checked));
  await writeAtomic(files.html, renderHtml(checked));
  return files;
}

/** Reads and validates a results file given as input; a file that can't be read as one (not
 *  JSON, not results, another schema version) is the user's to fix: a `UsageError`. */
export async function readResults(file: string): Promise<Results> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: cannot read it as JSON: ${(e as Error).message}`);
  }
  try {
    return parseResults(json, file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
