/**
 * `bridgetax diff base head`: two results files cell by cell. Its options are declared here once,
 * for `diff` and for `compare --baseline`, which diffs the run it just made.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Results } from '../../contract/results.ts';
import { agreementFor } from '../agreement.ts';
import { diffResults, hasRegression, renderDiffMarkdown, renderDiffText, type Diff, type DiffOptions } from '../reports/diff.ts';
import { readResults } from '../store.ts';
import { probability, ratio, textOrMarkdown } from './args.ts';
import { emit } from './output.ts';

/** Options of every command that diffs. */
export interface DiffFlags {
  threshold: number;
  alpha: number;
  ignoreVersions?: boolean;
  failOnRegression?: boolean;
}

/** The diff options, declared once for `diff` and for `compare --baseline` (`note` prefixes each
 *  help line). */
export function withDiffOptions(cmd: Command, note = ''): Command {
  return cmd
    .option('--threshold <ratio>', `${note}smallest ratio (either way) that counts as a change`, ratio, 1.1)
    .option('--alpha <p>', `${note}significance level of the test`, probability, 0.01)
    .option('--ignore-versions', `${note}pair columns by runtime name, not version (node@24.1.0 with node@24.2.0)`)
    .option('--fail-on-regression', `${note}exit 1 when a cell got slower`);
}

/** The options `diffResults` takes, from the parsed flags. */
export const diffOptions = (o: DiffFlags): DiffOptions => ({ threshold: o.threshold, alpha: o.alpha, ...(o.ignoreVersions ? { ignoreVersions: true } : {}) });

/** The agreement figure `pnpm agreement` recorded for the machine that made `head`, as diff takes it. */
async function machineAgreement(head: Results): Promise<Pick<DiffOptions, 'agreement'>> {
  const a = await agreementFor(head.environment);
  return a ? { agreement: { ratio: a.median, source: `pnpm agreement, ${a.cells} call cells, ${a.measuredAt.slice(0, 10)}` } } : {};
}

/** `head` diffed against `base` with the flags and the agreement recorded for `head`'s machine. */
export async function diffWithFlags(base: Results, head: Results, flags: DiffFlags, names: { baseName: string; headName: string }): Promise<Diff> {
  return diffResults(base, head, { ...diffOptions(flags), ...await machineAgreement(head), ...names });
}

/** Declares `diff` on `program`. */
export function diffCommand(program: Command): Command {
  const cmd = program.command('diff')
    .description('compare two results files cell by cell: ratio and a verdict from a test on the samples')
    .argument('<base>', 'the baseline results file')
    .argument('<head>', 'the results file to judge against it');
  return withDiffOptions(cmd)
    .option('--format <format>', 'text or markdown', textOrMarkdown, 'text')
    .option('--out <file>', 'write the diff there instead of stdout')
    .action(async (base: string, head: string, opts: DiffFlags & { format: 'text' | 'markdown'; out?: string }) => {
      const [b, h] = [await readResults(resolve(base)), await readResults(resolve(head))];
      const d = await diffWithFlags(b, h, opts, { baseName: base, headName: head });
      await emit(opts.format === 'markdown' ? renderDiffMarkdown(d) : renderDiffText(d), opts.out);
      if (opts.failOnRegression && hasRegression(d)) process.exitCode = 1;
    });
}
