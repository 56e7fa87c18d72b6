/**
 * `bridgetax merge files... --out file`: results from several machines (or CI cells) as one
 * document, one column set per machine.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { combine } from '../combine.ts';
import { UsageError } from '../errors.ts';
import { readResults } from '../store.ts';
import { list } from './args.ts';
import { emit, formats } from './output.ts';

/** Declares `merge` on `program`. */
export function mergeCommand(program: Command): Command {
  return program.command('merge')
    .description('merge results files from several machines (or CI cells) into one document, one column set per machine')
    .argument('<files...>', 'results files (single runs or merged documents)')
    .requiredOption('--out <file>', 'where the merged results JSON goes')
    .option('--labels <list>', 'machine ids for the files, in order, comma-separated (default: <os>-<arch> of each)', list)
    .action(async (files: string[], opts: { out: string; labels?: string[] }) => {
      if (opts.labels && opts.labels.length !== files.length) {
        throw new UsageError(`--labels gives ${opts.labels.length} label(s) for ${files.length} file(s): give one per file, in order`);
      }
      const inputs = await Promise.all(files.map(async (f, i) => ({
        results: await readResults(resolve(f)), source: f, ...(opts.labels ? { label: opts.labels[i]! } : {}),
      })));
      const merged = combine(inputs, { argv: process.argv.slice(2) });
      await emit(formats.json(merged), opts.out);
      console.log(formats.terminal(merged));
    });
}
