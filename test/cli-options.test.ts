/**
 * `--repeat` and `--seed` are checked before anything runs: a bad value is named with the range
 * it must be in, and the command exits without building or measuring.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const cli = new URL('../orchestrator/cli.ts', import.meta.url).pathname;
const run = (...args: string[]) => execa(process.execPath, [cli, 'compare', ...args], { reject: false, timeout: 30_000 });

describe('compare options', () => {
  for (const [args, message] of [
    [['--repeat', '0'], /--repeat <n>' argument '0' is invalid\. expected a round count, an integer from 1 to 50, got "0"/],
    [['--repeat', '2.5'], /expected a round count, an integer from 1 to 50, got "2\.5"/],
    [['--seed', '-1'], /expected a seed, an integer from 0 to 4294967295, got "-1"/],
    [['--seed', '4294967296'], /expected a seed, an integer from 0 to 4294967295/],
    [['--verify-only', '--repeat', '3'], /--repeat and --verify-only conflict/],
  ] as const) {
    it(`refuses ${args.join(' ')}`, async () => {
      const r = await run(...args);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).not.toMatch(/Building/);
    });
  }
});
