/**
 * `bridgetax ab A B`: two builds in one run, A and B alternately, every cell judged on the
 * per-round figures (orchestrator/ab.ts runs it, orchestrator/reports/ab.ts judges it).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MAX_SEED, newSeed } from '../../contract/document.ts';
import { mechanismIds } from '../../contract/registry.ts';
import { runAb, type AbRunOptions, type AbSide } from '../ab.ts';
import { artifactsUnder, parseArtifactSwaps } from '../columns.ts';
import { resultsDir } from '../paths.ts';
import { abHasRegression } from '../reports/ab.ts';
import { collect, directory, integer, list, seconds, timeoutSeconds } from './args.ts';
import { emitVerdicts, withVerdictOptions, type VerdictFlags } from './ab-report.ts';
import { progressOutput, type RunContext } from './output.ts';

/** The options `ab` parses. */
export interface AbFlags extends VerdictFlags {
  rounds: number;
  labelA: string;
  labelB: string;
  artifactA?: string[];
  artifactB?: string[];
  artifactsFromA?: string;
  artifactsFromB?: string;
  full?: boolean;
  mechanisms?: string[];
  workloads?: string[];
  outDir: string;
  timeout?: number;
  denoUnscopedFfi?: boolean;
  seed?: number;
  failOnRegression?: boolean;
}

/** One side's swapped artifacts: a whole build from another checkout, then single files over it.
 *  Both are checked on disk here (a `UsageError` names a missing file or an unbuilt checkout). */
const swaps = (dir?: string, files?: string[]): Pick<AbSide, 'artifacts'> => (dir || files
  ? { artifacts: { ...(dir ? artifactsUnder(dir) : {}), ...(files ? parseArtifactSwaps(files) : {}) } } : {});

/** The A/B run `opts` asks for, with A and B as given on the command line. */
export function abOptionsFrom(aSpec: string, bSpec: string, opts: AbFlags, run: RunContext): AbRunOptions {
  const mode = opts.full ? 'full' : 'quick';
  return {
    a: { runtime: aSpec, label: opts.labelA, ...swaps(opts.artifactsFromA, opts.artifactA) },
    b: { runtime: bSpec, label: opts.labelB, ...swaps(opts.artifactsFromB, opts.artifactB) },
    rounds: opts.rounds, mode, outDir: resolve(opts.outDir), timeoutSeconds: timeoutSeconds(mode, opts.timeout),
    seed: opts.seed ?? run.newSeed(), threshold: opts.threshold, alpha: opts.alpha, argv: run.argv,
    ...(opts.mechanisms ? { mechanisms: opts.mechanisms } : {}), ...(opts.workloads ? { workloads: opts.workloads } : {}),
    ...(opts.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
    print: run.output.print,
    ...(run.output.statusLine ? { statusLine: run.output.statusLine } : {}),
  };
}

/** Declares `ab` on `program`. */
export function abCommand(program: Command): Command {
  const cmd = program.command('ab')
    .description('A/B two builds in one run: A and B alternately, each round a fresh process of each, every cell judged on the per-round figures (paired signed-rank test)')
    .argument('<A>', 'the baseline: a runtime name or column id (node, node@26.10.0, bun@1.2) or a binary by path (bun=/path/to/bun)')
    .argument('<B>', 'the build to judge against it, named the same ways (the same runtime twice, with --artifact-b, is an A/B of a library build)')
    .option('--rounds <n>', 'rounds per side, interleaved A B, B A, … (6 or more can reach p < 0.05, 8 or more p < 0.01)', integer('a round count', 2, 50), 10)
    .option('--label-a <label>', 'A\'s label in its column id (node@26.10.0#A)', 'A')
    .option('--label-b <label>', 'B\'s label in its column id', 'B')
    .option('--artifact-a <artifact=path>', 'load this file in A in place of the built one (napi=/path/other.node); repeatable', collect)
    .option('--artifact-b <artifact=path>', 'load this file in B in place of the built one; repeatable', collect)
    .option('--artifacts-from-a <dir>', 'A loads every artifact built under this checkout of another commit (e.g. the base branch, built there)', directory)
    .option('--artifacts-from-b <dir>', 'B loads every artifact built under this checkout', directory)
    .option('--full', 'full measuring in every round (default: quick, as a round count makes up for it)')
    .option('--mechanisms <list>', `mechanisms, comma-separated (${mechanismIds.join(',')})`, list)
    .option('--workloads <list>', 'workload ids, comma-separated', list)
    .option('--out-dir <dir>', 'where the A/B results file (ab-<time>.json, both columns with every round) is written', directory, resultsDir)
    .option('--timeout <seconds>', 'time limit per process', seconds);
  return withVerdictOptions(cmd, 'write the verdicts there instead of stdout')
    .option('--deno-unscoped-ffi', 'let Deno use FFI on any path (see compare)')
    .option('--seed <n>', 'seed of round 1 (round r uses seed + r, the same for A and B)', integer('a seed', 0, MAX_SEED))
    .option('--fail-on-regression', 'exit 1 when a cell of B got slower')
    .action(async (aSpec: string, bSpec: string, opts: AbFlags) => {
      // Progress goes to stderr: stdout carries the verdicts.
      const { judgement, file } = await runAb(abOptionsFrom(aSpec, bSpec, opts, { argv: process.argv.slice(2), newSeed, output: progressOutput('stderr') }));
      console.error(`Wrote ${file} (judge it again: pnpm bridgetax ab-report ${file})`);
      await emitVerdicts(judgement, opts);
      if (opts.failOnRegression && abHasRegression(judgement)) process.exitCode = 1;
    });
}
