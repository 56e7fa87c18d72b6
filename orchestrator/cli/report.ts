/**
 * `bridgetax report [file]`: a results file (by default the last run's, results/latest.json)
 * rendered in one of the report formats (`formats` in output.ts), optionally for some workloads
 * only. The terminal format is the full tables a compare run leaves out of its last screen.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { UsageError } from '../errors.ts';
import { resultsDir } from '../paths.ts';
import { validateFilters } from '../run/options.ts';
import { readResults } from '../store.ts';
import { list, oneOf } from './args.ts';
import { emit, formats } from './output.ts';

const latest = join(resultsDir, 'latest.json');

/** Declares `report` on `program`. */
export function reportCommand(program: Command): Command {
  return program.command('report')
    .description('render a results file: terminal table, Markdown, self-contained HTML, the validated JSON, or each runtime across its versions')
    .addArgument(new Argument('[file]', 'a results file').default(latest, 'results/latest.json, the last run\'s'))
    .option('--format <format>', 'terminal, markdown, html, json or versions (Markdown: a runtime\'s versions side by side)', oneOf(Object.keys(formats) as (keyof typeof formats)[], 'format'), 'terminal')
    .option('--workloads <list>', 'only these workload ids, comma-separated', list)
    .option('--out <file>', 'write there instead of stdout')
    .action(async (file: string, opts: { format: keyof typeof formats; workloads?: string[]; out?: string }) => {
      validateFilters({ ...(opts.workloads ? { workloads: opts.workloads } : {}) });
      if (file === latest && !existsSync(latest)) throw new UsageError(`no run to report yet: ${latest} is written by \`pnpm compare\``);
      const results = await readResults(resolve(file));
      const only = opts.workloads;
      await emit(formats[opts.format](only ? { ...results, cells: results.cells.filter((c) => only.includes(c.workload)) } : results), opts.out);
    });
}
