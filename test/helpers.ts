/** Shared by the test files: the built artifacts and the runtimes on this machine. */
import { createRequire } from 'node:module';
import { discoverRuntimes, type FoundRuntime } from '../orchestrator/discover.ts';
import { artifactPaths } from '../orchestrator/paths.ts';

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
