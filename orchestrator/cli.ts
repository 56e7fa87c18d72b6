/**
 * The bridgetax command line: `compare` (the default, `pnpm compare`), and over results files
 * `diff`, `merge`, `report` and `export` (`pnpm bridgetax <command>`).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runAb } from './ab.ts';
import { agreementFor } from './agreement.ts';
import { artifactsUnder, parseArtifactSwaps } from './columns.ts';
import { combine } from './combine.ts';
import { MAX_SEED, newSeed } from '../contract/document.ts';
import { compare, UsageError, validateFilters } from './compare.ts';
import { exitCodes } from './errors.ts';
import { discoverRuntimes } from './discover.ts';
import { isStopping } from './processes.ts';
import { resultsDir } from './paths.ts';
import { listCached, npmRegistry, runtimeCacheDir, thisPlatform } from './runtime-fetch.ts';
import { renderRuntimes } from './runtimes-list.ts';
import { mechanismIds } from '../contract/registry.ts';
import { abHasRegression, judgeAb, renderAbMarkdown, renderAbText } from './reports/ab.ts';
import { renderBmf } from './reports/bmf.ts';
import { diffResults, hasRegression, renderDiffMarkdown, renderDiffText, type DiffOptions } from './reports/diff.ts';
import { renderGab } from './reports/gab.ts';
import { renderHtml } from './reports/html.ts';
import { renderMarkdown } from './reports/markdown.ts';
import { renderTerminal } from './reports/terminal.ts';
import { renderVersions } from './reports/versions.ts';
import type { Results } from '../contract/results.ts';
import { readResults, resultsJson, writeAtomic } from './store.ts';

const list = (v: string) => {
  const names = v.split(',').map((s) => s.trim()).filter(Boolean);
  // An empty list would select nothing and still overwrite latest.json with an empty run.
  if (!names.length) throw new InvalidArgumentError('expected one or more comma-separated names');
  return names;
};
const collect = (v: string, prev: string[] = []) => [...prev, v];
/** Node's timers hold at most 2^31 - 1 ms; a longer limit would fire at once and kill every runner. */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);
const seconds = (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_S) {
    throw new InvalidArgumentError(`expected a number of seconds above 0 and at most ${MAX_TIMEOUT_S}, got "${v}"`);
  }
  return n;
};
const directory = (v: string) => {
  if (!v.trim()) throw new InvalidArgumentError('expected a directory, got an empty string');
  return v;
};

const ratio = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 1) throw new InvalidArgumentError(`expected a ratio of 1 or more (1.1 = a 10 % change), got "${v}"`);
  return n;
};
const probability = (v: string) => {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a significance level between 0 and 1 (e.g. 0.01), got "${v}"`);
  return n;
};

/** Options of every command that diffs. */
interface DiffFlags {
  threshold: number;
  alpha: number;
  ignoreVersions?: boolean;
  failOnRegression?: boolean;
}
const diffOptions = (o: DiffFlags): DiffOptions => ({ threshold: o.threshold, alpha: o.alpha, ...(o.ignoreVersions ? { ignoreVersions: true } : {}) });

/** The agreement figure `pnpm agreement` recorded for the machine that made `head`, as diff takes it. */
async function machineAgreement(head: Results): Promise<Pick<DiffOptions, 'agreement'>> {
  const a = await agreementFor(head.environment);
  return a ? { agreement: { ratio: a.median, source: `pnpm agreement, ${a.cells} call cells, ${a.measuredAt.slice(0, 10)}` } } : {};
}

/** Writes `text` to `file` (atomically, creating its folder) or to stdout. */
async function emit(text: string, file?: string): Promise<void> {
  if (!file) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  await mkdir(dirname(resolve(file)), { recursive: true });
  await writeAtomic(resolve(file), text);
  console.error(`Wrote ${file}`);
}

const formats = {
  terminal: (r: Results) => renderTerminal(r, process.stdout.columns || 160),
  markdown: renderMarkdown,
  html: renderHtml,
  json: resultsJson,
  versions: renderVersions,
} as const;
const exportFormats = { bmf: renderBmf, gab: renderGab } as const;
const oneOf = <T extends string>(valid: readonly T[], what: string) => (v: string): T => {
  if (!(valid as readonly string[]).includes(v)) throw new InvalidArgumentError(`unknown ${what} "${v}"; valid: ${valid.join(', ')}`);
  return v as T;
};
const integer = (what: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`expected ${what}, an integer from ${min} to ${max}, got "${v}"`);
  }
  return n;
};

const program = new Command('bridgetax')
  .description('What it costs to cross from JavaScript into Rust, per runtime and mechanism')
  .showHelpAfterError()
  // Commander's own refusals (unknown option, bad value, conflict, stray argument) are usage
  // errors like ours: thrown here, given exit code 2 below. Inherited by the subcommands.
  .exitOverride();

/** The diff options, declared once for `diff` and for `compare --baseline`. */
function withDiffOptions(cmd: Command, note = ''): Command {
  return cmd
    .option('--threshold <ratio>', `${note}smallest ratio (either way) that counts as a change`, ratio, 1.1)
    .option('--alpha <p>', `${note}significance level of the test`, probability, 0.01)
    .option('--ignore-versions', `${note}pair columns by runtime name, not version (node@24.1.0 with node@24.2.0)`)
    .option('--fail-on-regression', `${note}exit 1 when a cell got slower`);
}

const compareCommand = program.command('compare', { isDefault: true })
  .description('build what is stale, run every runtime column, merge and report')
  .addOption(new Option('--quick', 'short measuring (tests and CI)').conflicts('verifyOnly'))
  .option('--verify-only', 'check every answer, time nothing')
  .option('--runtimes <list>', 'runtime names or versions, comma-separated (node,bun,deno; node@26.10.0; node@22,bun@1.2: a version not installed is fetched from npm, see `runtimes`)', list)
  .option('--runtime <name=path>', 'a runtime binary by path as a column (bun=/path/to/bun; bun:patched=/path to label it); repeatable, twice for two builds of one version', collect)
  .option('--mechanisms <list>', `mechanisms, comma-separated (${mechanismIds.join(',')})`, list)
  .option('--workloads <list>', 'workload ids, comma-separated', list)
  .option('--out-dir <dir>', 'where results are written', directory, resultsDir)
  .option('--timeout <seconds>', 'time limit per runtime column', seconds)
  .option('--deno-unscoped-ffi', 'let Deno use FFI on any path: its callbacks and returned strings need it (denoland/deno#15511)')
  .option('--baseline <file>', 'a results file to diff this run against (see `diff`)');
withDiffOptions(compareCommand, 'with --baseline: ')
  .option('--repeat <n>', 'run every column n times, rounds interleaved, and report how far they agree', integer('a round count', 1, 50))
  .option('--seed <n>', 'seed of the shuffled mechanism order and the cold-start bootstrap (default: random, recorded)', integer('a seed', 0, MAX_SEED))
  .action(async (opts: {
    quick?: boolean; verifyOnly?: boolean; runtimes?: string[]; runtime?: string[]; mechanisms?: string[]; workloads?: string[];
    outDir: string; timeout?: number; denoUnscopedFfi?: boolean; baseline?: string; repeat?: number; seed?: number;
  } & DiffFlags) => {
    if (opts.verifyOnly && (opts.repeat ?? 1) > 1) throw new UsageError('--repeat and --verify-only conflict: verify-only times nothing to repeat');
    // Read the baseline first: a bad file should stop us before minutes of measuring, not after.
    const baseline = opts.baseline ? await readResults(resolve(opts.baseline)) : undefined;
    const mode = opts.verifyOnly ? 'verify' : opts.quick ? 'quick' : 'full';
    const tty = process.stdout.isTTY;
    const { exitCode, results } = await compare({
      mode,
      ...(opts.runtimes ? { runtimes: opts.runtimes } : {}),
      ...(opts.runtime ? { given: opts.runtime } : {}),
      ...(opts.mechanisms ? { mechanisms: opts.mechanisms } : {}),
      ...(opts.workloads ? { workloads: opts.workloads } : {}),
      outDir: resolve(opts.outDir),
      seed: opts.seed ?? newSeed(),
      ...(opts.repeat ? { repeat: opts.repeat } : {}),
      timeoutSeconds: opts.timeout ?? (mode === 'full' ? 1800 : 300),
      ...(opts.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
      argv: process.argv.slice(2),
      // On a TTY a printed line first clears the progress bar it replaces.
      print: (line) => console.log(tty ? `\r\x1b[K${line}` : line),
      ...(tty ? { statusLine: (line: string) => process.stdout.write(`\r\x1b[K${line.slice(0, (process.stdout.columns || 120) - 1)}`) } : {}),
      width: tty ? process.stdout.columns || 120 : 160,
    });
    process.exitCode = exitCode;
    if (baseline) {
      const d = diffResults(baseline, results, { ...diffOptions(opts), ...await machineAgreement(results), baseName: opts.baseline!, headName: 'this run' });
      console.log('');
      console.log(renderDiffText(d));
      if (opts.failOnRegression && hasRegression(d)) process.exitCode = 1;
    }
  });

const diffCommand = program.command('diff')
  .description('compare two results files cell by cell: ratio and a verdict from a test on the samples')
  .argument('<base>', 'the baseline results file')
  .argument('<head>', 'the results file to judge against it');
withDiffOptions(diffCommand)
  .option('--format <format>', 'text or markdown', oneOf(['text', 'markdown'] as const, 'format'), 'text')
  .option('--out <file>', 'write the diff there instead of stdout')
  .action(async (base: string, head: string, opts: DiffFlags & { format: 'text' | 'markdown'; out?: string }) => {
    const [b, h] = [await readResults(resolve(base)), await readResults(resolve(head))];
    const d = diffResults(b, h, { ...diffOptions(opts), ...await machineAgreement(h), baseName: base, headName: head });
    await emit(opts.format === 'markdown' ? renderDiffMarkdown(d) : renderDiffText(d), opts.out);
    if (opts.failOnRegression && hasRegression(d)) process.exitCode = 1;
  });

/** One side's swapped artifacts: a whole build from another checkout, then single files over it. */
const swaps = (dir?: string, files?: string[]) => (dir || files
  ? { artifacts: { ...(dir ? artifactsUnder(dir) : {}), ...(files ? parseArtifactSwaps(files) : {}) } } : {});

program.command('ab')
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
  .option('--timeout <seconds>', 'time limit per process', seconds)
  .option('--threshold <ratio>', 'smallest estimated ratio (either way) that counts as a change', ratio, 1.05)
  .option('--alpha <p>', 'significance level of the signed-rank test', probability, 0.01)
  .option('--format <format>', 'text or markdown', oneOf(['text', 'markdown'] as const, 'format'), 'text')
  .option('--out <file>', 'write the verdicts there instead of stdout')
  .option('--deno-unscoped-ffi', 'let Deno use FFI on any path (see compare)')
  .option('--seed <n>', 'seed of round 1 (round r uses seed + r, the same for A and B)', integer('a seed', 0, MAX_SEED))
  .option('--fail-on-regression', 'exit 1 when a cell of B got slower')
  .action(async (aSpec: string, bSpec: string, opts: {
    rounds: number; labelA: string; labelB: string; artifactA?: string[]; artifactB?: string[]; artifactsFromA?: string; artifactsFromB?: string;
    full?: boolean; mechanisms?: string[];
    workloads?: string[]; outDir: string; timeout?: number; threshold: number; alpha: number; format: 'text' | 'markdown'; out?: string;
    denoUnscopedFfi?: boolean; seed?: number; failOnRegression?: boolean;
  }) => {
    const mode = opts.full ? 'full' : 'quick';
    const tty = process.stdout.isTTY;
    const { judgement, file } = await runAb({
      a: { runtime: aSpec, label: opts.labelA, ...swaps(opts.artifactsFromA, opts.artifactA) },
      b: { runtime: bSpec, label: opts.labelB, ...swaps(opts.artifactsFromB, opts.artifactB) },
      rounds: opts.rounds, mode, outDir: resolve(opts.outDir), timeoutSeconds: opts.timeout ?? (mode === 'full' ? 1800 : 300),
      seed: opts.seed ?? newSeed(), threshold: opts.threshold, alpha: opts.alpha, argv: process.argv.slice(2),
      ...(opts.mechanisms ? { mechanisms: opts.mechanisms } : {}), ...(opts.workloads ? { workloads: opts.workloads } : {}),
      ...(opts.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
      print: (line) => console.error(line),
      ...(tty ? { statusLine: (line: string) => process.stderr.write(`\r\x1b[K${line.slice(0, (process.stdout.columns || 120) - 1)}`) } : {}),
    });
    console.error(`Wrote ${file} (judge it again: pnpm bridgetax ab-report ${file})`);
    await emit(opts.format === 'markdown' ? renderAbMarkdown(judgement) : renderAbText(judgement), opts.out);
    if (opts.failOnRegression && abHasRegression(judgement)) process.exitCode = 1;
  });

program.command('ab-report')
  .description('judge a saved A/B results file (ab-<time>.json) again, e.g. with another threshold')
  .argument('<file>', 'an A/B results file')
  .option('--threshold <ratio>', 'smallest estimated ratio (either way) that counts as a change', ratio, 1.05)
  .option('--alpha <p>', 'significance level of the signed-rank test', probability, 0.01)
  .option('--format <format>', 'text or markdown', oneOf(['text', 'markdown'] as const, 'format'), 'text')
  .option('--out <file>', 'write there instead of stdout')
  .action(async (file: string, opts: { threshold: number; alpha: number; format: 'text' | 'markdown'; out?: string }) => {
    const results = await readResults(resolve(file));
    const labelledColumns = results.runtimes.filter((r) => r.label);
    if (labelledColumns.length !== 2) throw new UsageError(`${file} is not an A/B results file: it needs two labelled columns, it has ${labelledColumns.map((r) => r.id).join(', ') || 'none'}`);
    const j = judgeAb(results, labelledColumns[0]!.id, labelledColumns[1]!.id, { threshold: opts.threshold, alpha: opts.alpha });
    await emit(opts.format === 'markdown' ? renderAbMarkdown(j) : renderAbText(j), opts.out);
  });

program.command('merge')
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
    console.log(renderTerminal(merged, process.stdout.columns || 160));
  });

program.command('report')
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

program.command('export')
  .description("export a results file for a service: Bencher's BMF JSON or github-action-benchmark's customSmallerIsBetter JSON")
  .argument('<file>', 'a results file')
  .requiredOption('--format <format>', 'bmf or gab', oneOf(Object.keys(exportFormats) as (keyof typeof exportFormats)[], 'export format'))
  .option('--out <file>', 'write there instead of stdout')
  .action(async (file: string, opts: { format: keyof typeof exportFormats; out?: string }) => {
    await emit(exportFormats[opts.format](await readResults(resolve(file))), opts.out);
  });

program.command('runtimes')
  .description('list the runtimes installed and those fetched into the cache, and how to add a version')
  .action(async () => {
    const [found, registry] = await Promise.all([discoverRuntimes(), npmRegistry()]);
    console.log(renderRuntimes({ found, cached: await listCached(), cacheDir: runtimeCacheDir(), registry, platform: thisPlatform() }));
  });

// Exit codes: `exitCodes` in errors.ts.
try {
  await program.parseAsync();
} catch (e) {
  if (isStopping()) {
    // A signal is stopping the run (orchestrator/processes.ts): it waits for every process it
    // started, then dies of that signal; whatever failed on the way is no news.
  } else if (e instanceof CommanderError) {
    // Commander has printed the message and the usage already; --help exits 0.
    process.exitCode = e.exitCode === 0 ? 0 : exitCodes.usage;
  } else if (e instanceof UsageError) {
    console.error(`bridgetax: ${e.message}`);
    process.exitCode = exitCodes.usage;
  } else {
    // The run could not start or save (a RunError: a build that failed, a results folder that
    // can't be written, impossible figures; or anything unexpected): nothing was written.
    console.error(`bridgetax: ${(e as Error).message}`);
    process.exitCode = exitCodes.notRun;
  }
}
