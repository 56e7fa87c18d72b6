/** Shared by the test files: the built artifacts and the runtimes on this machine. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { discoverRuntimes, type FoundRuntime } from '../orchestrator/discover.ts';
import { artifactPaths, root } from '../orchestrator/paths.ts';

/** Paths of the artifacts the global setup built. */
export const artifacts = artifactPaths();

/** The napi addon, loaded in the test process. */
export function loadAddon(): Record<string, (...args: unknown[]) => unknown> {
  return createRequire(import.meta.url)(artifacts.napi) as Record<string, (...args: unknown[]) => unknown>;
}

let found: Promise<FoundRuntime[]> | undefined;
/** Runtimes found on this machine (discovered once per file). */
export function runtimes(): Promise<FoundRuntime[]> {
  found ??= discoverRuntimes();
  return found;
}

/** The Node that `pnpm compare` runs the CLI with (the project's own, which strips types). */
export const projectNode = join(root, 'node_modules', '.bin', 'node');

/** Runs `pnpm compare`'s command line in a child process; never rejects. */
export function runCli(args: string[], opts: { timeoutMs?: number } = {}): ResultPromise<{ reject: false; stdin: 'ignore'; cwd: string; timeout: number }> {
  return execa(projectNode, [join(root, 'orchestrator', 'cli.ts'), 'compare', ...args], {
    reject: false, stdin: 'ignore', cwd: root, timeout: opts.timeoutMs ?? 120_000,
  });
}
