/**
 * Run in each runtime by test/http-connections.test.ts: makes N add_i32 calls through `http`
 * and N through `http-fresh` and prints how many connections the service accepted for each
 * (its health answer counts them), as one JSON line.
 */
import process from 'node:process';
import { workloadById } from '../../runners/shared/catalogue.ts';
import { health, http, httpFresh } from '../../runners/shared/mechanisms/http.ts';
import { isSkip, type Callable, type Mechanism } from '../../runners/shared/mechanism.ts';
import { detectRuntime } from '../../runners/shared/runtime.ts';

const serviceUrl = process.argv[process.argv.length - 2]!;
const calls = Number(process.argv[process.argv.length - 1]);
const w = workloadById('add_i32')!;

async function connectionsFor(m: Mechanism): Promise<number> {
  const loaded = await m.load({ artifacts: {}, file: '', runtime: detectRuntime(), serviceUrl });
  if (isSkip(loaded)) throw new Error(loaded.skip);
  const f = loaded.bind(w) as Callable;
  await f(1, 2); // the first connection of a pool is not what is counted
  const before = (await health(serviceUrl)).connections;
  for (let i = 0; i < calls; i++) if ((await f(i, 1)) !== i + 1) throw new Error('wrong answer');
  // The health request itself reuses the kept-alive connection or opens one: at most one more.
  return (await health(serviceUrl)).connections - before;
}

console.log(JSON.stringify({ keptAlive: await connectionsFor(http), fresh: await connectionsFor(httpFresh) }));
