/** Deno runner: every mechanism Deno has. */
import process from 'node:process';
import { adaptersFor } from '../shared/adapters.ts';
import { runRunner } from '../shared/runner.ts';

Deno.exit(await runRunner(await adaptersFor('deno'), process.argv.slice(2)));
