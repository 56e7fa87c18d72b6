/**
 * How `pnpm compare` ends when it cannot finish normally: the error classes for bad input and for
 * a run that could not start or save, and the exit codes (README, "What happens when something
 * breaks").
 */

/** A user mistake in the options or a file given as input (unreadable, not results, another
 *  schema version): reported without a stack, exit code 2. */
export class UsageError extends Error {}

/** The run could not start, or its results could not be saved (a build that failed, a results
 *  folder that can't be written, no runtime to run): exit code 3, nothing written there. */
export class RunError extends Error {}

/** Exit codes of `pnpm compare`. A run stopped by Ctrl-C or SIGTERM dies of that signal instead
 *  (a shell shows 130 or 143). */
export const exitCodes = {
  /** Every column ran and every cell verified. */
  ok: 0,
  /** Results written, with failures listed in them: a column that crashed, hung or is not
   *  installed, a mechanism that did not load, a wrong answer. */
  failures: 1,
  /** Bad command line, or an input file that isn't a readable results document; nothing ran. */
  usage: 2,
  /** Could not run or could not save (see `RunError`); earlier results untouched. */
  notRun: 3,
} as const;
