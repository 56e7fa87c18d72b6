/**
 * `bridgetax new <name>`: a workload folder of the user's own, to fill in and measure with
 * `compare --workloads-dir` (orchestrator/user/scaffold.ts).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { userFiles } from '../../contract/user-workloads.ts';
import { scaffold } from '../user/scaffold.ts';
import { fromCaller } from './args.ts';

/** Declares `new` on `program`. */
export function newCommand(program: Command): Command {
  return program.command('new')
    .description('write a workload folder of your own (a Rust kernel, its declaration, a JS reference and inputs), to measure with compare --workloads-dir')
    .argument('<name>', 'the workload\'s id: snake_case (a-z, 0-9, _)')
    .option('--dir <dir>', 'the folder to write <name>/ in (default: the current folder)', '.')
    .action(async (name: string, opts: { dir: string }) => {
      const folder = await scaffold(name, resolve(fromCaller(opts.dir)));
      console.log(`Wrote ${folder}/: ${Object.values(userFiles).join(', ')}.`);
      console.log('It measures Adler-32 as written: replace the kernel, the reference, the inputs and the declaration with your function\'s.');
      console.log(`Then: pnpm compare --workloads-dir ${resolve(fromCaller(opts.dir))} --workloads ${name}`);
    });
}
