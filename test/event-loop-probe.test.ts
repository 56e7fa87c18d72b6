/**
 * The event_loop probe itself (runners/shared/server.ts, ticker.ts): a plain JS job of known
 * length on the main thread shows up as that much timer lateness, the same job in a Worker does
 * not, and a mechanism that will not load in a Worker skips its worker path with the error.
 * Margins are wide: the suite must pass with a build running beside it.
 */
import { describe, expect, it } from 'vitest';
import { workloadById } from '../runners/shared/catalogue.ts';
import { js } from '../runners/shared/mechanisms/js.ts';
import { isSkip, type LoadContext, type Loaded, type LoadedAt } from '../runners/shared/mechanism.ts';
import { detectRuntime } from '../runners/shared/runtime.ts';
import { probeEventLoop, runnerOf, WorkerPool } from '../runners/shared/server.ts';
import { latenessOf } from '../runners/shared/ticker.ts';

const runtime = detectRuntime();
const ctx: LoadContext = { artifacts: {}, file: '', runtime };
const job = workloadById('spin')!;
// About 200 ms of plain JS: long beside any tick period and any scheduling hiccup.
const rounds = 200_000_000;
const run = { mode: 'quick' as const, rt: runtime.id };

async function jsAt(): Promise<LoadedAt> {
  const m = await js.load(ctx);
  if (isSkip(m)) throw new Error(m.skip);
  return { id: 'js', m: m as Loaded, ctx };
}

describe('the event-loop probe', () => {
  it('sees a busy main thread as timer lateness about as long as the job', async () => {
    const at = await jsAt();
    const e = await probeEventLoop(at, job, rounds, 'sync', runnerOf(at.m, job), run);
    expect(e.outcome).toBe('measured');
    const jobMs = e.jobMs!.medianMs;
    expect(jobMs).toBeGreaterThan(50);
    // Every job holds the tick that was due as it began until it ends.
    expect(e.lateness!.ticks).toBeGreaterThanOrEqual(e.jobMs!.n);
    expect(e.lateness!.p50Ms).toBeGreaterThan(0.8 * jobMs);
    expect(e.lateness!.maxMs).toBeGreaterThan(0.9 * jobMs);
  }, 60_000);

  it('does not see the same job run in a Worker', async () => {
    const at = await jsAt();
    const pool = new WorkerPool(at, job);
    try {
      const e = await probeEventLoop(at, job, rounds, 'worker', await pool.runner(0), run);
      expect(e.outcome, e.reason).toBe('measured');
      const jobMs = e.jobMs!.medianMs;
      expect(jobMs).toBeGreaterThan(50);
      // The timer kept ticking through the jobs: a tick per period, each on time.
      expect(e.lateness!.ticks).toBeGreaterThan(e.jobMs!.n * 10);
      expect(e.lateness!.p50Ms).toBeLessThan(0.1 * jobMs);
      expect(e.lateness!.maxMs).toBeLessThan(0.5 * jobMs);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('skips the worker path of a mechanism that does not load in a Worker, with its error', async () => {
    const at: LoadedAt = { ...(await jsAt()), id: 'napi', ctx: { ...ctx, file: '/nonexistent/bridgetax.node' } };
    const pool = new WorkerPool(at, job);
    try {
      const e = await probeEventLoop(at, job, rounds, 'worker', await pool.runner(0), run);
      expect(e.outcome).toBe('skipped');
      expect(e.reason).toMatch(/did not load in a Worker: .*nonexistent\/bridgetax\.node/);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('states lateness as median, p99 and max over the ticks', () => {
    expect(latenessOf([0.1, 0.2, 0.3, 50])).toEqual({ p50Ms: 0.25, p99Ms: 48.509, maxMs: 50, ticks: 4 });
    expect(latenessOf([])).toEqual({ p50Ms: 0, p99Ms: 0, maxMs: 0, ticks: 0 });
  });
});
