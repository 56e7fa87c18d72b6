/**
 * Every option is checked before anything runs: a bad value, an unknown option or name, a stray
 * argument or two flags that conflict exit with code 2 and a message saying what was wrong,
 * and nothing is discovered, built, run or written.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodes } from '../orchestrator/errors.ts';
import { mechanismIds } from '../contract/registry.ts';
import { runCli } from './helpers.ts';

const base = mkdtempSync(join(tmpdir(), 'bridgetax-cli-'));

const cases: [string, string[], RegExp][] = [
  ['a negative timeout', ['--timeout', '-3'], /argument '-3' is invalid\. expected a number of seconds above 0 and at most 2147483/],
  ['a timeout that is not a number', ['--timeout', 'abc'], /argument 'abc' is invalid/],
  ['a zero timeout', ['--timeout', '0'], /argument '0' is invalid/],
  // Past 2^31 - 1 ms Node's timer fires at once and would kill every runner on launch.
  ['a timeout too long for a timer', ['--timeout', '3000000'], /argument '3000000' is invalid/],
  ['a timeout with no value', ['--timeout'], /option '--timeout <seconds>' argument missing/],
  ['an unknown option', ['--bogus'], /unknown option '--bogus'/],
  ['a stray argument', ['node'], /too many arguments for 'compare'/],
  ['--quick with --verify-only', ['--quick', '--verify-only'], /option '--quick' cannot be used with option '--verify-only'/],
  ['an empty name list', ['--runtimes', ','], /argument ',' is invalid\. expected one or more comma-separated names/],
  ['an empty results folder', ['--out-dir', ''], /expected a directory, got an empty string/],
  ['an unknown runtime', ['--runtimes', 'node,python'], /unknown runtime "python"; valid runtimes: node, bun, deno/],
  ['a column id without a version', ['--runtimes', 'node@'], /unknown runtime "node@"/],
  ['an unknown mechanism', ['--mechanisms', 'napi,ctypes'], new RegExp(`unknown mechanism "ctypes"; valid mechanisms: ${mechanismIds.join(', ')}$`, 'm')],
  ['an unknown workload', ['--workloads', 'add_u8'], /unknown workload "add_u8"; valid workloads: noop, add_i32/],
];

describe('the command line refuses bad input before anything runs', () => {
  it.each(cases)('%s', async (_what, args, message) => {
    const outDir = join(base, `out-${args.join('_').replace(/\W/g, '')}`);
    // --out-dir first: a later --out-dir (the empty one) wins, and a value-less option at the
    // end has nothing to swallow.
    const r = await runCli(['--out-dir', outDir, ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.exitCode, r.stderr).toBe(exitCodes.usage);
    // Nothing ran: no discovery line, no build, no results folder.
    expect(r.stdout).not.toMatch(/Runtimes:|Building/);
    expect(existsSync(outDir)).toBe(false);
  });

  it('prints help with exit code 0', async () => {
    const r = await runCli(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/--timeout <seconds>/);
  });
});
