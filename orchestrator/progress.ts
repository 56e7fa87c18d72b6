/**
 * Progress while measuring: cells done out of the total, the current column and cell, and the
 * time left. On a TTY one bar, rewritten in place; without one, a line per column and one every
 * few seconds instead of one per cell (a CI log stays readable).
 *
 * The total starts as an estimate from the catalogue (every workload's params × the mechanisms
 * asked for, per column) and is corrected when a runner says how many cells it will run (its
 * `N cells to run` line: the mechanisms it loaded) and when a column ends. The time left is the
 * cells left times the time a cell takes: its budget (the time cap per cell the runner announces) at first, then
 * more and more the time the cells done took on average, which also counts verifying, warm-up
 * and the harness floors.
 *
 * Hand-written rather than cli-progress or log-update: the line is one `\r\x1b[K` write the CLI
 * already did (its `statusLine`), the other output (a column's failure, the probe) must interleave
 * with it, and the runners' lines are the only input; a library would own stdout for a bar of
 * one line. The formatting is a pure function, tested on its own.
 */
import { mechanismIds } from '../contract/registry.ts';
import { availableParallelism } from 'node:os';
import { declarations as workloads, paramsIn, timedPerCall } from '../contract/workloads.ts';
import { probeEntries } from '../contract/event-loop.ts';
import type { Mode } from '../contract/document.ts';

/** What a cell costs beyond its timing (verifying it, loading, warm-up), and a verify-only cell. */
export const cellOverheadMs = 30;

/** How many cells' worth of weight the budget has in the time-left estimate. */
export const PRIOR_CELLS = 10;

/** A runner's line that announces its cells and each one's time cap (runners/shared/runner.ts;
 *  the cap is the mode's, runners/shared/measure.ts `measuring`). */
export const plannedLine = /^\[[^\]]+\] (\d+) cells to run(?:, each at most (\d+) ms of timing)?$/;
/** A runner's line for a finished cell: `[rt] napi  add_i32: 97.1 ns per call ±1.2%`. */
const cellLine = /^\[[^\]]+\] (?:(?!harness floor)\S+(?: \S+)?\s+[a-z0-9_]+(?:\(\d+\))?: (?:.* per call|verified|FAILED verification)|(?:event loop|parallel), [^:]+: )/;

/** Whether a runner's stdout line reports a finished cell. */
export const isCellLine = (line: string) => cellLine.test(line);

/** The cells a column is expected to run before its runner says: every selected workload at
 *  every param, for every mechanism asked for (all of the catalogue's when none is). */
export function estimatedCells(o: { mode: Mode; mechanisms?: readonly string[]; workloads?: readonly string[] }): number {
  const cores = availableParallelism();
  const params = workloads.filter((w) => !o.workloads || o.workloads.includes(w.id))
    .reduce((n, w) => n + (timedPerCall(w) ? paramsIn(w, o.mode).length : probeEntries(w, o.mode, cores)), 0);
  const mechanisms = (o.mechanisms ?? mechanismIds).length;
  return params * mechanisms;
}

/** What the bar shows. */
export interface ProgressState {
  done: number;
  total: number;
  /** `[2/3] bun@1.4.4` */
  column: string;
  /** The last cell's line, without the runner's tag. */
  cell: string;
  /** Estimated ms left, or undefined before anything is known. */
  leftMs?: number;
}

/** Milliseconds for people: `42 s`, `3 min 05 s`. */
export function formatLeft(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The bar as one line at most `width` characters: `[#####.....] 12/40 cells · ~18 s left · [1/2] node@26.10.0 · napi add_i32: 97 ns per call`. */
export function progressBar(p: ProgressState, width: number): string {
  const frac = p.total ? Math.min(1, p.done / p.total) : 0;
  const bar = 20;
  const filled = Math.round(frac * bar);
  const left = p.leftMs === undefined ? 'time left unknown' : `~${formatLeft(p.leftMs)} left`;
  const line = `[${'#'.repeat(filled)}${'.'.repeat(bar - filled)}] ${p.done}/${p.total} cells · ${left} · ${p.column}${p.cell ? ` · ${p.cell}` : ''}`;
  return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

/** The tracker the compare loop feeds with columns and runner lines. */
export class Progress {
  private done = 0;
  private planned: number[];
  private readonly initial: number[];
  private readonly announced = new Set<number>();
  private current = -1;
  private currentDone = 0;
  private column = '';
  private cell = '';
  private readonly started: number;
  private lastPrint = 0;

  /** A cell's budget (its time cap plus `cellOverheadMs`), once a runner has announced it. */
  private budgetMs: number | undefined;
  private readonly out: { tty: boolean; bar: (line: string) => void; print: (line: string) => void; width: () => number };
  private readonly everyMs: number;
  private readonly now: () => number;

  /**
   * @param columns the estimated cells of each column run, in order (rounds included)
   * @param out `bar` rewrites the one TTY line; `print` writes a line; `tty` picks the mode
   * @param everyMs without a TTY, the least time between two progress lines
   */
  constructor(
    columns: number[], out: Progress['out'], everyMs = 5000, now: () => number = () => performance.now(),
  ) {
    this.planned = [...columns];
    this.initial = [...columns];
    this.out = out;
    this.everyMs = everyMs;
    this.now = now;
    this.started = now();
  }

  /** The total as now known. */
  get total(): number {
    return this.planned.reduce((a, b) => a + b, 0);
  }

  /** A column starts (`tag` like `[1/2]`). */
  startColumn(tag: string, runtime: string): void {
    this.current++;
    this.currentDone = 0;
    this.column = `${tag} ${runtime}`;
    this.cell = '';
    this.out.print(`${this.column}: running`);
    this.render(true);
  }

  /** A column that will not run (nothing asked for runs in it): its cells leave the total. */
  skipColumn(): void {
    this.current++;
    this.planned[this.current] = 0;
  }

  /** A line from the current column's runner. */
  line(line: string): void {
    const planned = plannedLine.exec(line);
    if (planned && this.current >= 0) {
      this.planned[this.current] = Number(planned[1]);
      this.budgetMs = Number(planned[2] ?? 0) + cellOverheadMs;
      this.announced.add(this.current);
      // The columns still to come are likely as far off the catalogue as this one: scale them.
      const factor = this.initial[this.current] ? Number(planned[1]) / this.initial[this.current]! : 1;
      for (let j = this.current + 1; j < this.planned.length; j++) {
        if (!this.announced.has(j)) this.planned[j] = Math.round(this.initial[j]! * factor);
      }
    } else if (isCellLine(line)) {
      this.done++;
      this.currentDone++;
    }
    this.cell = line.replace(/^\[[^\]]+\] /, '').replace(/\s+/g, ' ');
    this.render(false);
  }

  /** The current column ended: its count is what it ran. */
  endColumn(summary: string): void {
    if (this.current >= 0) this.planned[this.current] = this.currentDone;
    if (this.out.tty) this.out.bar('');
    this.out.print(`${this.column}: ${summary}`);
  }

  /** Something other than cells is running (the probe, the load group): shown, not counted. */
  status(text: string): void {
    if (this.out.tty) {
      this.out.bar(text.slice(0, this.out.width() - 1));
      return;
    }
    const t = this.now();
    if (t - this.lastPrint < this.everyMs) return;
    this.lastPrint = t;
    this.out.print(text);
  }

  /** Clears the bar. */
  finish(): void {
    if (this.out.tty) this.out.bar('');
  }

  /** Estimated ms left: the cells left times the time per cell, the average so far blended with
   *  the announced budget as if `PRIOR_CELLS` cells had taken exactly their budget, so the first
   *  few cells (harness floors, one slow capped cell) do not swing the estimate by an hour.
   *  Unknown until a runner has announced its budget. */
  leftMs(): number | undefined {
    if (this.budgetMs === undefined) return undefined;
    const left = Math.max(0, this.total - this.done);
    const per = (this.budgetMs * PRIOR_CELLS + (this.now() - this.started)) / (PRIOR_CELLS + this.done);
    return left * per;
  }

  private render(force: boolean): void {
    const leftMs = this.leftMs();
    const state: ProgressState = { done: this.done, total: this.total, column: this.column, cell: this.cell, ...(leftMs !== undefined ? { leftMs } : {}) };
    if (this.out.tty) {
      this.out.bar(progressBar(state, this.out.width() - 1));
      return;
    }
    const t = this.now();
    if (!force && t - this.lastPrint < this.everyMs) return;
    this.lastPrint = t;
    if (!force) this.out.print(`${this.column}: ${this.done}/${this.total} cells, ${leftMs === undefined ? 'time left unknown' : `~${formatLeft(leftMs)} left`}; last: ${this.cell}`);
  }
}
