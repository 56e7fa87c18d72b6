/**
 * `bridgetax report file`: a results file rendered in one of the report formats (`formats` in
 * output.ts), optionally for some workloads only.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { validateFilters } from '../run/options.ts';
import { readResults } from '../store.ts';
import { list, oneOf } from './args.ts';
import { emit, formats } from './output.ts';

/** Declares `report` on `program`. */
export function reportCommand(program: Command): Command {
  return program.command('report')
    .description('render a results file: terminal table, Markdown, self-contained HTML, the validated JSON, or each runtime across its versions')
    .argument('<file>', 'a results file')
    .option('--format <format>', 'terminal, markdown, html, json or versions (Markdown: a runtime\'s versions side by side)', oneOf(Object.keys(formats) as (keyof typeof formats)[], 'format'), 'terminal')
    .option('--workloads <list>', 'only these workload ids, comma-separated', list)
    .option('--out <file>', 'write there instead of stdout')
    .action(async (file: string, opts: { format: keyof typeof formats; workloads?: string[]; out?: string }) => {
      validateFilters({ ...(opts.workloads ? { workloads: opts.workloads } : {}) });
      const results = await readResults(resolve(file));
      const only = opts.workloads;
      await emit(formats[opts.format](only ? { ...results, cells: results.cells.filter((c) => only.includes(c.workload)) } : results), opts.out);
    });
}
