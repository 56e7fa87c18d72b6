/**
 * The bridgetax command line (`pnpm compare`).
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { compare, UsageError } from './compare.ts';
import { resultsDir } from './paths.ts';
import { mechanismIds } from '../runners/shared/catalogue.ts';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of seconds, got "${v}"`);
  return n;
};

const program = new Command('bridgetax')
  .description('What it costs to cross from JavaScript into Rust, per runtime and mechanism')
  .showHelpAfterError();

program.command('compare', { isDefault: true })
  .description('build what is stale, run every runtime column, merge and report')
  .option('--quick', 'short measuring (tests and CI)')
  .option('--verify-only', 'check every answer, time nothing')
  .option('--runtimes <list>', 'runtime names or column ids, comma-separated (node,bun,deno or node@26.10.0)', list)
  .option('--mechanisms <list>', `mechanisms, comma-separated (${mechanismIds.join(',')})`, list)
  .option('--workloads <list>', 'workload ids, comma-separated', list)
  .option('--out-dir <dir>', 'where results are written', resultsDir)
  .option('--timeout <seconds>', 'time limit per runtime column', seconds)
  .option('--deno-unscoped-ffi', 'let Deno use FFI on any path: its callbacks and returned strings need it (denoland/deno#15511)')
  .action(async (opts: {
    quick?: boolean; verifyOnly?: boolean; runtimes?: string[]; mechanisms?: string[]; workloads?: string[];
    outDir: string; timeout?: number; denoUnscopedFfi?: boolean;
  }) => {
    if (opts.quick && opts.verifyOnly) throw new UsageError('--quick and --verify-only conflict: verify-only times nothing');
    const mode = opts.verifyOnly ? 'verify' : opts.quick ? 'quick' : 'full';
    const tty = process.stdout.isTTY;
    const { exitCode } = await compare({
      mode,
      ...(opts.runtimes ? { runtimes: opts.runtimes } : {}),
      ...(opts.mechanisms ? { mechanisms: opts.mechanisms } : {}),
      ...(opts.workloads ? { workloads: opts.workloads } : {}),
      outDir: resolve(opts.outDir),
      timeoutSeconds: opts.timeout ?? (mode === 'full' ? 1800 : 300),
      ...(opts.denoUnscopedFfi ? { denoUnscopedFfi: true } : {}),
      argv: process.argv.slice(2),
      print: (line) => console.log(line),
      ...(tty ? { statusLine: (line: string) => process.stdout.write(`\r\x1b[K${line.slice(0, (process.stdout.columns || 120) - 1)}`) } : {}),
      width: tty ? process.stdout.columns || 120 : 160,
    });
    process.exitCode = exitCode;
  });

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`bridgetax: ${e.message}`);
    process.exitCode = 2;
  } else {
    console.error(`bridgetax: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
