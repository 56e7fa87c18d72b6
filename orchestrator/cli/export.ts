/**
 * `bridgetax export file --format bmf|gab`: a results file in a benchmark-tracking service's
 * format (`exportFormats` in output.ts).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readResults } from '../store.ts';
import { oneOf } from './args.ts';
import { emit, exportFormats } from './output.ts';

/** Declares `export` on `program`. */
export function exportCommand(program: Command): Command {
  return program.command('export')
    .description("export a results file for a service: Bencher's BMF JSON or github-action-benchmark's customSmallerIsBetter JSON")
    .argument('<file>', 'a results file')
    .requiredOption('--format <format>', 'bmf or gab', oneOf(Object.keys(exportFormats) as (keyof typeof exportFormats)[], 'export format'))
    .option('--out <file>', 'write there instead of stdout')
    .action(async (file: string, opts: { format: keyof typeof exportFormats; out?: string }) => {
      await emit(exportFormats[opts.format](await readResults(resolve(file))), opts.out);
    });
}
