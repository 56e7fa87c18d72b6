/**
 * The event_loop group's probe instrument: a timer that re-arms itself every `serverPolicy.timerMs`
 * and records how late each tick fired. A server's request handlers, its I/O callbacks and its
 * timers all wait for the same thread: a tick that fires 200 ms late is a request answered
 * 200 ms late. Also the runtime's own loop-delay histogram, where it has one, as a cross-check.
 */
import { serverPolicy, type Lateness } from '../../contract/event-loop.ts';
import { quantile } from '../../contract/statistics.ts';

/** One tick: when it was due and how late it fired (ms, `performance.now()` clock). */
export interface Tick {
  readonly dueAt: number;
  readonly lateMs: number;
}

/** A self-re-arming `setTimeout` timer recording every tick's lateness. */
export class Ticker {
  readonly ticks: Tick[] = [];
  private due = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  /** Starts ticking; resolves once `warm` ticks have fired, so the first job finds it armed. */
  async start(warm = 3): Promise<void> {
    this.running = true;
    this.arm();
    while (this.ticks.length < warm) await sleep(serverPolicy.timerMs);
  }

  /** Stops after the tick a blocked thread still owes has fired. */
  async stop(): Promise<void> {
    const owed = this.ticks.length + 1;
    const t0 = performance.now();
    while (this.ticks.length < owed && performance.now() - t0 < 100) await sleep(serverPolicy.timerMs);
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Lateness of the ticks that waited on a job of `windows` ([start, end] ms): due before the
   *  job ended and fired after it began. A tick due just before a job starts but not yet run
   *  (a runtime whose timers fire a period late, as Deno's do) is one the job held up. */
  lateness(windows: readonly (readonly [number, number])[]): Lateness {
    const inside = this.ticks.filter((t) => windows.some(([a, b]) => t.dueAt + t.lateMs > a && t.dueAt <= b));
    return latenessOf(inside.map((t) => t.lateMs));
  }

  private arm(): void {
    this.due = performance.now() + serverPolicy.timerMs;
    this.timer = setTimeout(() => {
      this.ticks.push({ dueAt: this.due, lateMs: Math.max(0, performance.now() - this.due) });
      if (this.running) this.arm();
    }, serverPolicy.timerMs);
  }
}

/** p50, p99 and max of lateness values (ms); all zero over no tick. */
export function latenessOf(values: readonly number[]): Lateness {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return { p50Ms: 0, p99Ms: 0, maxMs: 0, ticks: 0 };
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { p50Ms: round(quantile(sorted, 0.5)), p99Ms: round(quantile(sorted, 0.99)), maxMs: round(sorted.at(-1)!), ticks: sorted.length };
}

/** Waits `ms` on the event loop. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The runtime's loop-delay histogram (`perf_hooks.monitorEventLoopDelay`), started. */
export interface DelayHistogram {
  /** Stops it and reads it, or says why it has nothing. */
  read(): Lateness | { unavailable: string };
}

/** Starts the runtime's loop-delay histogram at 1 ms resolution, or says why there is none. */
export async function startDelayHistogram(): Promise<DelayHistogram> {
  let h: { enable(): void; disable(): void; percentile(p: number): number; max: number; count?: number; exceeds?: number };
  try {
    const perf = await import('node:perf_hooks');
    h = perf.monitorEventLoopDelay({ resolution: serverPolicy.timerMs }) as typeof h;
    h.enable();
  } catch (e) {
    const why = (e as Error).message || String(e);
    return { read: () => ({ unavailable: `perf_hooks.monitorEventLoopDelay: ${why}` }) };
  }
  return {
    read: () => {
      try {
        h.disable();
        const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;
        // Node reports count since 20; a histogram that saw nothing reads max 0.
        const count = typeof h.count === 'number' ? h.count : undefined;
        if (count === 0 || !(h.max > 0)) return { unavailable: 'perf_hooks.monitorEventLoopDelay recorded no delay here (the histogram stayed empty)' };
        // It records the whole interval between its own timer's callbacks, its period included
        // (an idle Node reads about 1.08 ms at 1 ms resolution): the period is taken off, so it
        // reads as lateness, as the ticker does.
        const late = (ns: number) => Math.max(0, ms(ns) - serverPolicy.timerMs);
        return { p50Ms: late(h.percentile(50)), p99Ms: late(h.percentile(99)), maxMs: late(h.max), ticks: count ?? 0 };
      } catch (e) {
        return { unavailable: `perf_hooks.monitorEventLoopDelay: ${(e as Error).message}` };
      }
    },
  };
}
