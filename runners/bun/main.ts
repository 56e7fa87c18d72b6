/** Bun runner: every mechanism Bun has. */
import process from 'node:process';
import { adaptersFor } from '../shared/adapters.ts';
import { runRunner } from '../shared/runner.ts';

process.exitCode = await runRunner(await adaptersFor('bun'), process.argv.slice(2));
