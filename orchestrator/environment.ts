/**
 * Provenance: what machine, toolchain and source produced the numbers.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { root } from './paths.ts';
import type { Environment } from './schema.ts';

async function run(cmd: string, args: string[]): Promise<string | null> {
  try {
    return (await execa(cmd, args, { cwd: root, timeout: 10_000 })).stdout.trim();
  } catch {
    return null;
  }
}

/** The napi crate version the lockfile pins. */
async function napiVersion(): Promise<string | null> {
  const lock = join(root, 'Cargo.lock');
  if (!existsSync(lock)) return null;
  const m = /\[\[package\]\]\nname = "napi"\nversion = "([^"]+)"/.exec(await readFile(lock, 'utf8'));
  return m?.[1] ?? null;
}

/** Collects the environment of this run. */
export async function collectEnvironment(wasmRustc: string | null): Promise<Environment> {
  const cpus = os.cpus();
  const status = await run('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    os: os.platform(),
    osRelease: os.release(),
    arch: os.arch(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: Math.max(1, cpus.length),
    memoryBytes: os.totalmem(),
    rustc: (await run('rustc', ['--version'])) ?? 'unknown',
    wasmRustc,
    napiRs: await napiVersion(),
    buildProfile: 'release',
    gitCommit: await run('git', ['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
    loadAverage: os.platform() === 'win32' ? null : os.loadavg(),
  };
}
