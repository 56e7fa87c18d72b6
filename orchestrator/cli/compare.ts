/**
 * `bridgetax compare` (the default command, `pnpm compare`): build what is stale, run every
 * runtime column, merge and report; with `--baseline`, diff the run against an earlier one.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { MAX_SEED, newSeed } from '../../contract/document.ts';
import { mechanismIds } from '../../contract/registry.ts';
import type { NodePermissionChoice } from '../columns.ts';
import { compare } from '../compare.ts';
import { UsageError } from '../errors.ts';
import { resultsDir } from '../paths.ts';
import { renderDiffText, hasRegression } from '../reports/diff.ts';
import type { CompareOptions } from '../run/options.ts';
import { readResults } from '../store.ts';
import { collect, directory, fromCaller, integer, list, seconds, timeoutSeconds } from './args.ts';
import { diffWithFlags, withDiffOptions, type DiffFlags } from './diff.ts';
import { progressOutput, type RunContext } from './output.ts';

/** The options `compare` parses. */
export interface CompareFlags extends DiffFlags {
  quick?: boolean;
  verifyOnly?: boolean;
  runtimes?: string[];
  runtime?: string[];
  mechanisms?: string[];
  workloads?: string[];
  outDir: string;
  timeout?: number;
  denoUnscopedFfi?: boolean;
  nodePermission?: NodePermissionChoice;
  baseline?: string;
  repeat?: number;
  seed?: number;
  verbose?: boolean;
  workloadsDir?: string;
}

/** The compare run `opts` asks for. Throws a `UsageError` for flags that conflict in a way
 *  commander cannot see (`--repeat` above 1 with `--verify-only`). */
export function compareOptionsFrom(opts: CompareFlags, run: RunContext): CompareOptions {
  if (opts.verifyOnly && (opts.repeat ?? 1) > 1) throw new UsageError('--repeat and --verify-only conflict: verify-only times nothing to repeat');
  const mode = opts.verifyOnly ? 'verify' : opts.quick ? 'quick' : 'full';
  return {
    mode,
    ...(opts.runtimes ? { runtimes: opts.runtimes } : {}),
    ...(opts.runtime ? { given: opts.runtime } : {}),
    ...(opts.mechanisms ? { mechanisms: opts.mechanisms } : {}),
    ...(opts.workloads ? { workloads: opts.workloads } : {}),
    outDir: resolve(opts.outDir),
    seed: opts.seed ?? run.newSeed(),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
    timeoutSeconds: timeoutSeconds(mode, opts.timeout),
    ...(opts.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
    ...(opts.nodePermission ? { nodePermission: opts.nodePermission } : {}),
    ...(opts.verbose ? { verbose: true } : {}),
    ...(opts.workloadsDir ? { workloadsDir: fromCaller(opts.workloadsDir) } : {}),
    argv: run.argv,
    print: run.output.print,
    ...(run.output.statusLine ? { statusLine: run.output.statusLine } : {}),
    width: run.output.width,
  };
}

/** Declares `compare`, the default command, on `program`. */
export function compareCommand(program: Command): Command {
  const cmd = program.command('compare', { isDefault: true })
    .description('build what is stale, run every runtime column, merge and report')
    .addOption(new Option('--quick', 'short measuring (tests and CI)').conflicts('verifyOnly'))
    .option('--verify-only', 'check every answer, time nothing')
    .option('--runtimes <list>', 'runtime names or versions, comma-separated (node,bun,deno; node@26.10.0; node@22,bun@1.2: a version not installed is fetched from npm, see `runtimes`)', list)
    .option('--runtime <name=path>', 'a runtime binary by path as a column (bun=/path/to/bun; bun:patched=/path to label it); repeatable, twice for two builds of one version', collect)
    .option('--mechanisms <list>', `mechanisms, comma-separated (${mechanismIds.join(',')})`, list)
    .option('--workloads <list>', 'workload ids, comma-separated', list)
    .option('--workloads-dir <dir>', 'measure your own workloads too: a folder `bridgetax new` wrote, or a folder of them', directory)
    .option('--out-dir <dir>', 'where results are written', directory, resultsDir)
    .option('--timeout <seconds>', 'time limit per runtime column', seconds)
    .option('--deno-unscoped-ffi', 'let Deno use FFI on any path: its callbacks and returned strings need it (denoland/deno#15511)')
    .addOption(new Option('--node-permission <choice>', 'Node columns under Node\'s permission model (--permission, least privilege): on, off, or both (each such column also run without it, labelled #unrestricted, to show what the model costs)')
      .choices(['on', 'off', 'both']).default('on'))
    .option('--baseline <file>', 'a results file to diff this run against (see `diff`)')
    .option('--verbose', 'print the full tables before the summary (they are in latest.md and index.html either way; `report` prints them later)');
  return withDiffOptions(cmd, 'with --baseline: ')
    .option('--repeat <n>', 'run every column n times, rounds interleaved, and report how far they agree', integer('a round count', 1, 50))
    .option('--seed <n>', 'seed of the shuffled mechanism order and the cold-start bootstrap (default: random, recorded)', integer('a seed', 0, MAX_SEED))
    .action(async (opts: CompareFlags) => {
      const options = compareOptionsFrom(opts, { argv: process.argv.slice(2), newSeed, output: progressOutput('stdout') });
      // Read the baseline first: a bad file should stop us before minutes of measuring, not after.
      const baseline = opts.baseline ? await readResults(resolve(opts.baseline)) : undefined;
      const { exitCode, results } = await compare(options);
      process.exitCode = exitCode;
      if (baseline) {
        const d = await diffWithFlags(baseline, results, opts, { baseName: opts.baseline!, headName: 'this run' });
        console.log('');
        console.log(renderDiffText(d));
        if (opts.failOnRegression && hasRegression(d)) process.exitCode = 1;
      }
    });
}
