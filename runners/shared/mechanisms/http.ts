/**
 * `http`: the same kernels behind a Rust HTTP/1.1 service on loopback (service/), called with
 * the runtime's own `fetch` (Node's undici, Bun's, Deno's) over a kept-alive connection.
 * `http-fresh` is the same client opening a new TCP connection for every call, what a client
 * without a connection pool pays.
 *
 * Requests are encoded the way a service would take them, and the encoding is inside the
 * figure; beside it, each cell's cross-check is the same request encoded once, in a plain loop
 * of awaited fetches (`plainCall`), so the encoding shows as the difference. The encoding:
 * scalar arguments as a JSON array (an i64, and an f64 JSON has no number for, as a string), a
 * typed array as its raw bytes (several: concatenated, their lengths in the query), a string as
 * a UTF-8 body, a string list as JSON, records (`records<shape>`, always the only argument) as
 * their JSON text, `JSON.stringify` of the array. Answers come back the same way (records as
 * their JSON text, read with `res.json()`); an array
 * the kernel writes in place comes back as its new bytes, copied into the caller's array, so
 * the caller sees the change as with every other mechanism. service/src/routes.rs is the
 * other half of this rule.
 */
import { exportOf } from '../../../contract/workloads.ts';
import { isRecords, type ArgType, type RecordsType, type RetType } from '../../../contract/types.ts';
import type { MechanismId } from '../../../contract/registry.ts';
import type { Workload } from '../catalogue.ts';
import type { Callable, Loaded, Mechanism, SkipReason } from '../mechanism.ts';

/** What `GET /health` answers. */
interface Health {
  status: string;
  /** Connections the service has accepted since it started. */
  connections: number;
  routes: string[];
}

/** Asks the service at `url` for its health; throws with what went wrong. */
export async function health(url: string): Promise<Health> {
  let res: Response;
  try {
    res = await fetch(`${url}/health`);
  } catch (e) {
    throw new Error(`the service at ${url} does not answer GET /health: ${causeOf(e)}`);
  }
  const body = await res.text();
  if (!res.ok) throw new Error(`the service at ${url} answered GET /health with ${res.status}: ${body.slice(0, 200)}`);
  const h = JSON.parse(body) as Health;
  if (h.status !== 'ok' || !Array.isArray(h.routes)) throw new Error(`the service at ${url} is not healthy: ${body.slice(0, 200)}`);
  return h;
}

const scalar = new Set<ArgType>(['i32', 'u32', 'i64', 'f64']);
const arrays = new Set<ArgType>(['bytes', 'bytes_mut', 'f64s', 'f64s_mut', 'i32s', 'i32s_mut']);

/** An f64 as JSON text: a number where JSON has one, else the string the service reads back. */
function f64Json(x: number): string {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  return Object.is(x, -0) ? '"-0"' : String(x);
}

/** An f64 read back from JSON (`f64Json`'s strings included). */
const f64Of = (v: unknown): number => (typeof v === 'string' ? Number(v) : (v as number));

function scalarJson(t: ArgType, x: unknown): string {
  if (t === 'i64') return `"${x as bigint}"`;
  return t === 'f64' ? f64Json(x as number) : String(x as number);
}

/** ES2024's string methods (every runtime measured has them; the project's lib is ES2023). */
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

/** How one workload's arguments become a request: the query and the body. */
function encoder(w: Workload): ((args: unknown[]) => { query: string; body: string | Uint8Array<ArrayBuffer> }) | SkipReason {
  const kinds = new Set<string>(w.args.map((t) => (scalar.has(t) ? 'scalar' : arrays.has(t) ? 'array' : isRecords(t) ? 'records' : t)));
  if (kinds.has('callback')) {
    return { skip: 'a service cannot call its caller\'s JS function in the middle of a request (each callback would be a request the other way)' };
  }
  if (kinds.size > 1) return { skip: `no request encoding mixes these argument kinds: ${w.args.join(', ')}` };
  if (kinds.size === 0 || kinds.has('scalar')) {
    return (args) => ({ query: '', body: `[${w.args.map((t, i) => scalarJson(t, args[i])).join(',')}]` });
  }
  if (kinds.has('str')) return (args) => ({ query: '', body: args[0] as string });
  // Records are the whole body: the JSON text of the array, as a client posts a list of objects.
  if (kinds.has('records')) {
    if (w.args.length > 1) return { skip: `records are a request's whole body, so they cannot travel with other arguments: ${w.args.join(', ')}` };
    return (args) => ({ query: '', body: JSON.stringify(args[0]) });
  }
  // A lone surrogate would go out as a "\ud800" escape, which strict JSON readers (serde_json)
  // refuse: made well-formed first, as the UTF-8 of a string body is (U+FFFD, like every FFI).
  if (kinds.has('strs')) return (args) => ({ query: '', body: JSON.stringify((args[0] as WellFormed[]).map((s) => (s.isWellFormed() ? s : s.toWellFormed()))) });
  if (w.args.length === 1) return (args) => ({ query: '', body: args[0] as Uint8Array<ArrayBuffer> });
  // Several arrays: one body, as a service taking a batch would (its parts' element counts in
  // the query), made per call like any client's request.
  return (args) => {
    const views = args as ArrayBufferView[];
    const body = new Uint8Array(views.reduce((n, v) => n + v.byteLength, 0));
    let at = 0;
    for (const v of views) {
      body.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
      at += v.byteLength;
    }
    return { query: `?lengths=${views.map((v) => (v as Uint8Array).length).join(',')}`, body };
  };
}

/** How an answer becomes the workload's JS result; arrays written in place are refilled. */
function decoder(w: Workload): (res: Response, args: unknown[]) => Promise<unknown> {
  const written = w.args.flatMap((t, i) => (t.endsWith('_mut') ? [i] : []));
  if (written.length) {
    return async (res, args) => {
      const bytes = new Uint8Array(await res.arrayBuffer());
      let at = 0;
      for (const i of written) {
        const v = args[i] as ArrayBufferView;
        if (at + v.byteLength > bytes.length) throw new Error(`the answer has ${bytes.length} bytes, fewer than the written arrays hold`);
        new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(bytes.subarray(at, at + v.byteLength));
        at += v.byteLength;
      }
      return undefined;
    };
  }
  // Records come back as their JSON text.
  if (isRecords(w.ret)) return (res) => res.json();
  const byRet: Record<Exclude<RetType, RecordsType>, (res: Response) => Promise<unknown>> = {
    void: async (res) => {
      await res.arrayBuffer();
      return undefined;
    },
    i32: (res) => res.json(),
    u32: (res) => res.json(),
    f64: async (res) => f64Of(await res.json()),
    i64: async (res) => BigInt((await res.json()) as string),
    str: (res) => res.text(),
    strs: (res) => res.json(),
    f64x4: async (res) => ((await res.json()) as unknown[]).map(f64Of),
  };
  const read = byRet[w.ret];
  return (res) => read(res);
}

/** The http mechanism, over a kept-alive connection or a fresh one per call. */
function httpMechanism(id: MechanismId, fresh: boolean): Mechanism {
  return {
    id,
    load: async (ctx) => {
      const url = ctx.serviceUrl;
      if (!url) return { skip: 'no --service-url was given (the orchestrator starts the service and passes its URL)' };
      const { routes } = await health(url);
      // `connection: close` asks the service to close after its answer, so the client cannot
      // reuse the socket and connects again for the next call.
      const headers: Record<string, string> = fresh ? { connection: 'close' } : {};
      // Warmed before its first timed cell, not here: a load process (the cold-start group) makes
      // one verified call, and a warm-up of seconds would be counted as loading.
      let warmed: WarmUp | undefined;
      /** The route and encoder of a workload, or why it has none. */
      const requestOf = (w: Workload) => {
        // A new connection costs the same whatever the request carries: measured on the bare
        // calls, where it is not hidden under a body's encoding and transfer.
        if (fresh && w.group !== 'call') return { skip: 'a fresh connection per call is measured on the call workloads only (its cost does not depend on the body)' };
        const encode = encoder(w);
        if (typeof encode !== 'function') return encode;
        const route = exportOf(w);
        if (!routes.includes(route)) throw new Error(`the service at ${url} has no route /${route} (its routes: ${routes.join(', ')})`);
        return { route, target: `${url}/${route}`, encode };
      };
      const loaded: Loaded = {
        async: true,
        bind: (w) => {
          const request = requestOf(w);
          if ('skip' in request) return request;
          const { route, target, encode } = request;
          const decode = decoder(w);
          const call: Callable = async (...args: unknown[]) => {
            const { query, body } = encode(args);
            const res = await fetch(query ? target + query : target, { method: 'POST', body, headers });
            if (!res.ok) throw new Error(`POST /${route} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
            return decode(res, args);
          };
          return call;
        },
        plainCall: (w, args) => {
          const request = requestOf(w);
          if ('skip' in request) return undefined;
          // Encoded once, here: the loop sends the very bytes the cell's calls send, and reads
          // the answer without decoding it, so the cell minus this is the encoding and decoding.
          const { query, body } = request.encode([...args]);
          const target = query ? request.target + query : request.target;
          return async () => {
            const res = await fetch(target, { method: 'POST', body, headers });
            return res.arrayBuffer();
          };
        },
        // Before the first cell, the client's warm-up; before each later one, a shorter settle
        // (per mode, `settlePolicy`) that brings it back to pace after whatever ran between.
        settle: async (mode) => {
          const first = !warmed;
          const w = await warmUp(url, headers, first ? warmUpPolicy : settlePolicy[mode]);
          if (first) warmed = w;
        },
        note: (w) => {
          const how = fresh ? 'a new TCP connection per call' : 'a kept-alive connection';
          const extra = w.args.filter((t) => t.endsWith('_mut')).length && w.args.length > 1
            ? '; the written array travels both ways' : '';
          return `a loopback HTTP request through the runtime's fetch over ${how}, encoding included${extra}; `
            + `cross-check: the same request encoded once, in a plain loop of awaited fetches; client warmed before its first cell${warmed ? ` by ${warmed.calls} requests` : ''} and settled again after the collection before each cell`;
        },
      };
      return loaded;
    },
  };
}

/**
 * How the client is warmed before its first timed cell (`Loaded.settle`): in blocks of requests, until the fastest block's
 * median has not improved by `gain` for `settledBlocks` blocks (at least `minCalls` requests,
 * at most `maxMs`).
 *
 * A client's fetch is a lot of JS (Node's undici above all) that the engine keeps optimising
 * for thousands of requests: measured here (issue 19), a plain loop of keep-alive add_i32
 * requests in Node 20 took 560 µs per request over the first 500, 270 µs by 2000, 150 µs from
 * 3500 on; Node 26 380 µs, then 93 µs from ~2000; Bun and Deno are near their best from the
 * start. The old fixed warm-up (300 requests or 1 s) left Node's first cells, the `call` ones,
 * at 2x a plain loop: the figure of a cold client, where a long-lived service client runs warm.
 */
export const warmUpPolicy = {
  blockCalls: 100,
  settledBlocks: 8,
  gain: 0.03,
  minCalls: 300,
  maxMs: 4000,
} as const;

/** The same before each later cell (`Loaded.settle`), per mode: measured with
 *  scripts/http-baseline.ts, one collection costs Node 20 and 26 1.3-1.5x per request for about
 *  1500 requests; Bun and Deno settle within the first blocks. The service block makes no
 *  collection before its cells (runner.ts), so a quick run only checks the client is still at
 *  its pace: in Node the full settle was 150 ms a cell, 40 % of a quick run's service block. */
export const settlePolicy = {
  quick: { blockCalls: 25, settledBlocks: 2, gain: 0.03, minCalls: 50, maxMs: 250 },
  full: { blockCalls: 50, settledBlocks: 4, gain: 0.03, minCalls: 200, maxMs: 1000 },
} as const;

/** What the warm-up did, for the cell's note: how many requests it made. */
interface WarmUp {
  calls: number;
}

async function warmUp(url: string, headers: Record<string, string>, p: typeof warmUpPolicy | (typeof settlePolicy)[keyof typeof settlePolicy]): Promise<WarmUp> {
  const until = performance.now() + p.maxMs;
  let best = Infinity;
  let since = 0;
  let calls = 0;
  const times = new Array<number>(p.blockCalls);
  while (performance.now() < until) {
    for (let i = 0; i < p.blockCalls; i++) {
      const t0 = performance.now();
      const res = await fetch(`${url}/noop`, { method: 'POST', body: '[]', headers });
      await res.arrayBuffer();
      times[i] = performance.now() - t0;
    }
    calls += p.blockCalls;
    const median = times.sort((a, b) => a - b)[p.blockCalls >> 1]!;
    if (median < best * (1 - p.gain)) {
      best = median;
      since = 0;
    } else since++;
    if (since >= p.settledBlocks && calls >= p.minCalls) break;
  }
  return { calls };
}

/** The kernels behind a loopback HTTP service, over a kept-alive connection. */
export const http = httpMechanism('http', false);
/** The same service with a new connection per call: a client without a pool. */
export const httpFresh = httpMechanism('http-fresh', true);

function causeOf(e: unknown): string {
  const err = e as Error & { cause?: unknown };
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message ?? String(e)}${cause}`;
}
