/**
 * Provenance: what machine, toolchain and source produced the numbers.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { lockedVersions } from './build/frameworks.ts';
import { root } from './paths.ts';
import type { Environment } from '../contract/results.ts';
import { start } from './processes.ts';

async function run(cmd: string, args: string[]): Promise<string | null> {
  try {
    return (await start(cmd, args, { cwd: root, timeout: 10_000 })).stdout.trim();
  } catch {
    return null;
  }
}

/** The napi crate version the workspace lockfile pins (rustlib's napi-rs). */
async function napiVersion(): Promise<string | null> {
  return (await lockedVersions(join(root, 'Cargo.lock'), ['napi'])).napi ?? null;
}

/** A one-line file of the OS (sysfs, procfs), trimmed, or null where it is not readable. */
async function readLine(file: string): Promise<string | null> {
  try {
    return (await readFile(file, 'utf8')).trim() || null;
  } catch {
    return null;
  }
}

/** The version of an installed npm package (the one the lockfile put in node_modules). */
async function packageVersion(name: string): Promise<string | null> {
  const text = await readLine(join(root, 'node_modules', name, 'package.json'));
  return text ? (JSON.parse(text) as { version?: string }).version ?? null : null;
}

/**
 * The cargo profile the build uses (`--release`, orchestrator/build.ts) with the settings the
 * workspace's Cargo.toml gives it, e.g. `release (lto=thin, codegen-units=1, panic=abort)`.
 */
async function buildProfile(): Promise<string> {
  const toml = await readLine(join(root, 'Cargo.toml'));
  const section = toml ? /^\[profile\.release\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] : undefined;
  const settings = [...(section ?? '').matchAll(/^([\w-]+)\s*=\s*"?([^"\n#]+?)"?\s*(?:#.*)?$/gm)].map((m) => `${m[1]}=${m[2]}`);
  return settings.length ? `release (${settings.join(', ')})` : 'release';
}

/** cpu0's clock in MHz: what the OS reports through `os.cpus()`, else Linux's /proc/cpuinfo
 *  (VMs often report 0 through the former and the host's nominal clock through the latter). */
async function cpuMHz(fromOs: number | undefined): Promise<number | null> {
  if (fromOs) return fromOs;
  const m = /^cpu MHz\s*:\s*([\d.]+)/m.exec((await readLine('/proc/cpuinfo')) ?? '');
  return m ? Number(m[1]) : null;
}

/** The 1, 5 and 15 minute load averages, or null where the OS has none (Windows). */
export function loadAverageNow(): number[] | null {
  return os.platform() === 'win32' ? null : os.loadavg();
}

/** Collects the environment of this run. `loadAverageStart` is taken before any runner ran. */
export async function collectEnvironment(
  wasmRustc: string | null, loadAverageStart?: number[] | null, frameworks?: Environment['frameworks'],
): Promise<Environment> {
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
    buildProfile: await buildProfile(),
    gitCommit: await run('git', ['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
    loadAverage: loadAverageNow(),
    ...(loadAverageStart !== undefined ? { loadAverageStart } : {}),
    kernel: os.version(),
    cpuMHz: await cpuMHz(cpus[0]?.speed),
    governor: await readLine('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor'),
    mitata: await packageVersion('mitata'),
    ...(frameworks ? { frameworks } : {}),
  };
}
