/**
 * The command line's argument parsers: each takes the text commander received and returns the
 * value, or throws commander's `InvalidArgumentError` with what was expected (commander prefixes
 * it with the option and the bad value, and the CLI exits with the usage code).
 */
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Mode } from '../../contract/document.ts';

/** A comma-separated list of names, blanks dropped; at least one name. */
export const list = (v: string): string[] => {
  const names = v.split(',').map((s) => s.trim()).filter(Boolean);
  // An empty list would select nothing and still overwrite latest.json with an empty run.
  if (!names.length) throw new InvalidArgumentError('expected one or more comma-separated names');
  return names;
};

/** A repeatable option's values, in the order given. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Node's timers hold at most 2^31 - 1 ms; a longer limit would fire at once and kill every runner. */
export const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

/** A time limit in seconds: above 0 and within what a Node timer can hold. */
export const seconds = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_S) {
    throw new InvalidArgumentError(`expected a number of seconds above 0 and at most ${MAX_TIMEOUT_S}, got "${v}"`);
  }
  return n;
};

/** The `--timeout` of a run's processes: the one given, or one that fits the mode (a full run measures longer). */
export const timeoutSeconds = (mode: Mode, given?: number): number => given ?? (mode === 'full' ? 1800 : 300);

/** A directory path; an empty one would mean the current folder by accident. */
export const directory = (v: string): string => {
  if (!v.trim()) throw new InvalidArgumentError('expected a directory, got an empty string');
  return v;
};

/** A change threshold as a ratio of 1 or more (1.1 = a 10 % change, either way). */
export const ratio = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 1) throw new InvalidArgumentError(`expected a ratio of 1 or more (1.1 = a 10 % change), got "${v}"`);
  return n;
};

/** A significance level, strictly between 0 and 1. */
export const probability = (v: string): number => {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a significance level between 0 and 1 (e.g. 0.01), got "${v}"`);
  return n;
};

/** A parser accepting one of `valid`; `what` names the thing in the error (`format`). */
export const oneOf = <T extends string>(valid: readonly T[], what: string) => (v: string): T => {
  if (!(valid as readonly string[]).includes(v)) throw new InvalidArgumentError(`unknown ${what} "${v}"; valid: ${valid.join(', ')}`);
  return v as T;
};

/** A parser of a whole number from `min` to `max`, written in digits only (no sign, no exponent);
 *  `what` says what it counts (`a round count`). */
export const integer = (what: string, min: number, max: number) => (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`expected ${what}, an integer from ${min} to ${max}, got "${v}"`);
  }
  return n;
};

/** The `--format` of the commands that print verdicts: plain text or Markdown. */
export const textOrMarkdown = oneOf(['text', 'markdown'] as const, 'format');

/** A path the user typed, relative to the folder they ran the command in: pnpm runs a script in
 *  the project's folder and says where the user was in `INIT_CWD`. */
export const fromCaller = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);
