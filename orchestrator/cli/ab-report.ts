/**
 * `bridgetax ab-report file`: judge a saved A/B results file again. The verdict options and their
 * output are declared here once, for `ab-report` and for `ab`, which judges the run it just made.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { judgeAb, renderAbMarkdown, renderAbText, type AbJudgement } from '../reports/ab.ts';
import { readResults } from '../store.ts';
import { probability, ratio, textOrMarkdown } from './args.ts';
import { emit } from './output.ts';

/** The options of every command that judges an A/B. */
export interface VerdictFlags {
  threshold: number;
  alpha: number;
  format: 'text' | 'markdown';
  out?: string;
}

/** The verdict options, in help order; `out` is the help line of `--out`. */
export function withVerdictOptions(cmd: Command, out: string): Command {
  return cmd
    .option('--threshold <ratio>', 'smallest ratio (either way) the whole 95 % interval must reach for a change', ratio, 1.05)
    .option('--alpha <p>', 'significance level of the signed-rank test', probability, 0.01)
    .option('--format <format>', 'text or markdown', textOrMarkdown, 'text')
    .option('--out <file>', out);
}

/** Writes the verdicts in the format asked for, to `--out` or stdout. */
export const emitVerdicts = (j: AbJudgement, o: Pick<VerdictFlags, 'format' | 'out'>): Promise<void> =>
  emit(o.format === 'markdown' ? renderAbMarkdown(j) : renderAbText(j), o.out);

/** Declares `ab-report` on `program`. */
export function abReportCommand(program: Command): Command {
  const cmd = program.command('ab-report')
    .description('judge a saved A/B results file (ab-<time>.json) again, e.g. with another threshold')
    .argument('<file>', 'an A/B results file');
  return withVerdictOptions(cmd, 'write there instead of stdout')
    .action(async (file: string, opts: VerdictFlags) => {
      const results = await readResults(resolve(file));
      const labelledColumns = results.runtimes.filter((r) => r.label);
      if (labelledColumns.length !== 2) throw new UsageError(`${file} is not an A/B results file: it needs two labelled columns, it has ${labelledColumns.map((r) => r.id).join(', ') || 'none'}`);
      const j = judgeAb(results, labelledColumns[0]!.id, labelledColumns[1]!.id, { threshold: opts.threshold, alpha: opts.alpha });
      await emitVerdicts(j, opts);
    });
}
