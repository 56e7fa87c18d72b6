/**
 * The adapter contract: one file per mechanism implements `Mechanism`. The runner loop
 * (runner.ts) owns verification and timing; an adapter only knows how to load the library and
 * hand back a JS function for a workload.
 */
import type { ArtifactId, MechanismId } from '../../contract/registry.ts';
import type { Workload } from './catalogue.ts';
import type { JsRuntimeInfo as RuntimeInfo } from '../../contract/document.ts';

/** Paths of the built artifacts a runner was given, by name (see `artifactKinds`). */
export type Artifacts = Readonly<Partial<Record<ArtifactId, string>>>;

/** What an adapter gets when it loads. */
export interface LoadContext {
  readonly artifacts: Artifacts;
  /** The path of this mechanism's own artifact (`mechanismArtifact`), checked before `load`. */
  readonly file: string;
  readonly runtime: RuntimeInfo;
  /** The loopback service's base URL (`--service-url`), for the mechanisms that call it. */
  readonly serviceUrl?: string;
}

/** A JS function taking a workload's JS-level arguments (catalogue order) and returning its result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Callable = (...args: any[]) => unknown;

/** A reason a mechanism cannot run here, or cannot express a workload. Never empty. */
export interface SkipReason {
  readonly skip: string;
}

/** A mechanism once loaded. */
export interface Loaded {
  /** The function for one workload, bound once (never per call), or why it can't be expressed. */
  bind(workload: Workload): Callable | SkipReason;
  /** What a workload's figure includes beyond the crossing, when that differs from the norm. */
  note?(workload: Workload): string | undefined;
  /** Every call returns a Promise (a request to a service): the runner awaits it inside the
   *  timed region, and skips the workloads that loop over a call in synchronous JS (`via`). */
  readonly async?: boolean;
  /** For an async mechanism: the cell's request made plainly, the arguments encoded once and the
   *  answer read but not decoded, which the plain-loop cross-check awaits in sequence
   *  (crosscheck-async.ts); undefined where the cell has no such request. */
  plainCall?(workload: Workload, args: readonly unknown[]): (() => Promise<unknown>) | undefined;
  /** Brings the mechanism back to its steady state after the harness's full collection before a
   *  cell (a service client's fetch runs 1.3-1.5x slower for ~1500 requests after one in Node):
   *  awaited after that collection, before any sample, with the run's mode (a quick run settles
   *  for less). */
  settle?(mode: 'quick' | 'full'): Promise<unknown>;
  /** Versions of libraries this mechanism measured through, for provenance. */
  readonly libraries?: Readonly<Record<string, string>>;
}

/** A way to call the kernels from JS. */
export interface Mechanism {
  readonly id: MechanismId;
  /** Loads the library. Returns a skip when the runtime lacks the capability; throws when
   *  something that should work broke (recorded as a failure). */
  load(ctx: LoadContext): Promise<Loaded | SkipReason>;
}

/** A mechanism loaded from one artifact: its id, the framework version that artifact was built
 *  against (for a mechanism that comes in versions), and the library. */
export interface LoadedAt {
  readonly id: MechanismId;
  readonly version?: string;
  readonly m: Loaded;
  /** What it was loaded with, so a Worker can load it again (runners/shared/job-worker.ts). */
  readonly ctx?: LoadContext;
  /** The artifact it was loaded from (none for `js`, `platform` and `http`). */
  readonly artifact?: ArtifactId;
}

/** The field that names a loaded mechanism's version in a cell, skip or failure (none without one). */
export function versionField(x: { readonly version?: string | undefined }): { mechanismVersion?: string } {
  return x.version ? { mechanismVersion: x.version } : {};
}

/** How logs name a loaded mechanism: `napi 3.5.2`, or its id. */
export function loadedLabel(x: { readonly id: MechanismId; readonly version?: string | undefined }): string {
  return x.version ? `${x.id} ${x.version}` : x.id;
}

/** Type guard for skips. */
export function isSkip(x: unknown): x is SkipReason {
  return typeof x === 'object' && x !== null && 'skip' in x;
}

/** What `bind` returns, or undefined when it skips or throws (for the extra checks that follow
 *  the cells: the cell loop has reported why). */
export function boundOrNone(bind: () => Callable | SkipReason): Callable | undefined {
  try {
    const bound = bind();
    return isSkip(bound) ? undefined : bound;
  } catch {
    return undefined;
  }
}

/**
 * A new function compiled from its own source text. V8 and JavaScriptCore keep type feedback
 * per function literal, shared by every closure made from it: one shared wrapper called with
 * napi's, koffi's and the FFI's functions in turn goes polymorphic and falls off each FFI's
 * fast path. A function built here per bind (or per cell) sees only its own callee.
 */
export function freshFunction(params: readonly string[], body: string, env: Readonly<Record<string, unknown>>): Callable {
  const names = Object.keys(env);
  // The source text must differ each time: V8 caches `new Function` by its text, and a cache
  // hit shares the feedback too (seen: bytes_sum's JS cell 3x slower after the napi cell).
  const name = `fresh_${++freshCount}`;
  const make = new Function(...names, `return function ${name}(${params.join(', ')}) { ${body} };`) as (...v: unknown[]) => Callable;
  return make(...names.map((n) => env[n]));
}
let freshCount = 0;
