/**
 * The bridgetax command line: `compare` (the default, `pnpm compare`), and over results files
 * `diff`, `ab`, `ab-report`, `merge`, `report` and `export`, `runtimes`, and `new` (a workload of the user's own) (`pnpm bridgetax
 * <command>`). Each command is declared in a module of its own under cli/; this entry puts them
 * in one program, in help order, and turns what they throw into an exit code.
 */
import { Command } from 'commander';
import { abReportCommand } from './cli/ab-report.ts';
import { abCommand } from './cli/ab.ts';
import { compareCommand } from './cli/compare.ts';
import { diffCommand } from './cli/diff.ts';
import { exportCommand } from './cli/export.ts';
import { mergeCommand } from './cli/merge.ts';
import { newCommand } from './cli/new.ts';
import { errorLine, exitCodeOf } from './cli/output.ts';
import { reportCommand } from './cli/report.ts';
import { runtimesCommand } from './cli/runtimes.ts';
import { isStopping } from './processes.ts';

const program = new Command('bridgetax')
  .description('What it costs to cross from JavaScript into Rust, per runtime and mechanism')
  .showHelpAfterError()
  // Commander's own refusals (unknown option, bad value, conflict, stray argument) are usage
  // errors like ours: thrown here, given their exit code below. Inherited by the subcommands,
  // which is why each is declared through `program.command`.
  .exitOverride();
for (const declare of [compareCommand, newCommand, diffCommand, abCommand, abReportCommand, mergeCommand, reportCommand, exportCommand, runtimesCommand]) declare(program);

try {
  await program.parseAsync();
} catch (e) {
  // A signal stopping the run (orchestrator/processes.ts) waits for every process it started,
  // then dies of that signal; whatever failed on the way is no news.
  if (!isStopping()) {
    const line = errorLine(e);
    if (line) console.error(line);
    process.exitCode = exitCodeOf(e);
  }
}
