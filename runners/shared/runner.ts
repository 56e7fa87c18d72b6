/**
 * The runner loop every runtime shares: parse options, load each mechanism, verify every
 * cell against the JS reference, time the verified ones and check them again, write one runner
 * document.
 * stdout is for people (progress); the document at `--out` is the only output read back.
 */
import { writeFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import process from 'node:process';
import { parseArgs } from 'node:util';
import mitataPackage from 'mitata/package.json' with { type: 'json' };
import { cellMarker, crashedFor, runnerOptions, runnerUsage, type CellMarker, type CrashedCell } from '../../contract/runner-args.ts';
import { artifactIds, artifactsOf, mechanismIds, runtimeOwnMechanisms, type ArtifactId, type MechanismId } from '../../contract/registry.ts';
import { addUserWorkloads, userUnbuilt, workloadById, workloads, type Workload } from './catalogue.ts';
import type { UserManifest } from '../../contract/user-workloads.ts';
import { callsInFlight, paramsIn, timedPerCall } from '../../contract/workloads.ts';
import { probeServer } from './server.ts';
import { probeEntries } from '../../contract/event-loop.ts';
import { availableParallelism } from 'node:os';
import { figureNs, MAX_SEED, mechanismLabel, newSeed, RunnerDocumentSchema, SCHEMA_VERSION, type Cell, type Failure, type JsRuntimeInfo, type Mode, type RunnerDocument, type Skip } from '../../contract/document.ts';
import { freshFunction, isSkip, loadedLabel, versionField, type Artifacts, type Callable, type Loaded, type LoadedAt, type Mechanism, type SkipReason } from './mechanism.ts';
import { credibilityFor, type Credibility } from './credibility.ts';
import { applyFloors, floorKey, measureFloors } from './floor.ts';
import { formatNs } from '../../contract/format.ts';
import { loadFailure, unloadable } from './library-check.ts';
import { checkProperties, propertyOptions, type PropertyOptions } from './property.ts';
import { soak } from './soak.ts';
import { measuring, time } from './measure.ts';
import { timeLoop } from './loop.ts';
import { engineTiers, type TierReader } from './tier.ts';
import { readPermissions } from './permissions.ts';
import { detectRuntime } from './runtime.ts';
import { loopbackUrl } from './service-url.ts';
import { shuffled } from '../../contract/random.ts';
import { show, verify } from './verify.ts';

/** Options a runner takes (the orchestrator passes them; people may too). */
export interface RunnerOptions {
  out: string;
  mode: Mode;
  expect?: string;
  /** Built files by name (`--artifact name=path`); a mechanism whose file is absent is skipped. */
  artifacts: Artifacts;
  /** The framework version each artifact was built against (`--artifact-version name=3.5.2`),
   *  for the mechanisms that come in versions: its cells carry it as `mechanismVersion`. */
  artifactVersions: Artifacts;
  /** Base URL of the loopback service the `http` mechanisms call (`--service-url`). */
  serviceUrl?: string;
  mechanisms?: readonly string[];
  workloads?: readonly string[];
  /** Seed of the mechanism order and the bootstrap; a fresh one when not given. Also the seed
   *  of the property checks. */
  seed: number;
  /** Property checks on random inputs (runners/shared/property.ts). */
  property?: PropertyOptions;
  /** A memory soak of the allocating cells (runners/shared/soak.ts): at most `calls` calls, or
   *  `ms` milliseconds of them, per cell. */
  soak?: { calls: number; ms?: number };
  /** A user's own workloads: the manifest file (`--user-workloads`), added to the catalogue
   *  before any mechanism loads. */
  userWorkloads?: string;
  /** The cells an earlier runner of this column died in (`--crashed FILE`). */
  crashed?: string;
}

const usage = runnerUsage;

/** Parses runner arguments; throws with the usage on anything wrong. */
export function parseRunnerArgs(argv: string[]): RunnerOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: runnerOptions,
  });
  if (!values.out) throw new Error(`missing --out\n${usage}`);
  const byArtifact = (option: string, given: string[] | undefined, what: string, valid: (v: string) => boolean) => {
    const out: Partial<Record<ArtifactId, string>> = {};
    for (const a of given ?? []) {
      const [name, value] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      if (!a.includes('=') || !valid(value)) throw new Error(`--${option} takes NAME=${what}, not "${a}"\n${usage}`);
      if (!(artifactIds as string[]).includes(name)) throw new Error(`unknown artifact "${name}"; valid: ${artifactIds.join(', ')}\n${usage}`);
      out[name as ArtifactId] = value;
    }
    return out;
  };
  const artifacts = byArtifact('artifact', values.artifact, 'PATH', (v) => v !== '');
  const artifactVersions = byArtifact('artifact-version', values['artifact-version'], 'VERSION (such as 3.5.2)', (v) => /^\d+\.\d+\.\d+/.test(v));
  const mode = values.mode;
  if (mode !== 'quick' && mode !== 'full' && mode !== 'verify') throw new Error(`--mode must be quick, full or verify, not "${mode}"\n${usage}`);
  const list = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  const seed = values.seed === undefined ? newSeed() : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new Error(`--seed must be an integer from 0 to ${MAX_SEED}, not "${values.seed}"\n${usage}`);
  const opts: RunnerOptions = {
    out: values.out!, mode, seed,
    artifacts, artifactVersions,
    mechanisms: list(values.mechanisms), workloads: list(values.workloads),
  };
  if (values.expect) opts.expect = values.expect;
  if (values['service-url'] !== undefined) {
    try {
      opts.serviceUrl = loopbackUrl(values['service-url']);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${usage}`);
    }
  }
  const property = propertyOptions(values.property, seed);
  if (property) opts.property = property;
  const whole = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(v)) throw new Error(`--${name} takes a whole number above 0, not "${v}"\n${usage}`);
    return Number(v);
  };
  const soakCalls = whole('soak', values.soak);
  const soakMs = whole('soak-ms', values['soak-ms']);
  if (soakMs !== undefined && soakCalls === undefined) throw new Error(`--soak-ms goes with --soak\n${usage}`);
  if (soakCalls !== undefined) opts.soak = { calls: soakCalls, ...(soakMs === undefined ? {} : { ms: soakMs }) };
  for (const m of opts.mechanisms ?? []) {
    if (!(mechanismIds as readonly string[]).includes(m)) throw new Error(`unknown mechanism "${m}"; valid: ${mechanismIds.join(', ')}`);
  }
  if (values['user-workloads'] !== undefined) opts.userWorkloads = values['user-workloads'];
  if (values.crashed !== undefined) opts.crashed = values.crashed;
  return opts;
}

/** Adds the user's workloads, then checks the `--workloads` filter against the whole catalogue. */
async function completeCatalogue(opts: RunnerOptions): Promise<void> {
  if (opts.userWorkloads) await addUserWorkloads(JSON.parse(await readFile(opts.userWorkloads, 'utf8')) as UserManifest);
  for (const w of opts.workloads ?? []) {
    if (!workloads.some((x) => x.id === w)) throw new Error(`unknown workload "${w}"; valid: ${workloads.map((x) => x.id).join(', ')}`);
  }
}

/**
 * Runs one runtime's column and writes its document. Returns the process exit code:
 * 0 when the document was written (cell failures are inside it), 2 on bad usage or a
 * runtime that is not the one expected.
 */
export async function runRunner(adapters: readonly Mechanism[], argv: string[]): Promise<number> {
  let opts: RunnerOptions;
  try {
    opts = parseRunnerArgs(argv);
    await completeCatalogue(opts);
  } catch (e) {
    console.error(`runner: ${(e as Error).message}`);
    return 2;
  }
  const runtime = detectRuntime();
  if (opts.expect && opts.expect !== runtime.id) {
    console.error(`runner: launched as ${opts.expect} but this is ${runtime.id}; refusing to measure under the wrong label`);
    return 2;
  }
  const permissions = readPermissions({
    write: opts.out, ...(opts.artifacts.lib ? { lib: opts.artifacts.lib } : {}),
    ...(opts.serviceUrl ? { host: new URL(opts.serviceUrl).host } : {}),
  });
  const doc = await runColumn(adapters, opts, { ...runtime, permissions });
  const checked = RunnerDocumentSchema.parse(doc);
  // Atomic: a reader sees the previous file or the whole new one, never half.
  const tmp = `${opts.out}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(checked, null, 1));
  await rename(tmp, opts.out);
  return 0;
}

async function runColumn(
  adapters: readonly Mechanism[], opts: RunnerOptions, runtime: JsRuntimeInfo,
): Promise<RunnerDocument> {
  const startedAt = new Date().toISOString();
  const cells: Cell[] = [];
  const skipped: Skip[] = [];
  const failures: Failure[] = [];
  const libraries: Record<string, string> = { mitata: mitataPackage.version };
  const rt = runtime.id;
  const log = (line: string) => console.log(`[${rt}] ${line}`);

  const loaded: LoadedAt[] = [];
  const wanted = adapters.filter((a) => !opts.mechanisms || opts.mechanisms.includes(a.id));
  for (const id of opts.mechanisms ?? mechanismIds) {
    if (!adapters.some((a) => a.id === id)) {
      const reason = runtimeOwnMechanisms[id as MechanismId]?.why ?? `${runtime.name} has no ${id} mechanism`;
      skipped.push({ runtime: rt, mechanism: id as MechanismId, reason });
    }
  }
  // A mechanism in versions is loaded once per artifact (one adapter, several builds).
  const targets = wanted.flatMap((a): { a: Mechanism; artifact: ArtifactId | undefined }[] => {
    const files = artifactsOf(a.id);
    return files.length ? files.map((artifact) => ({ a, artifact })) : [{ a, artifact: undefined }];
  });
  // The builds of each mechanism taken so far, with their versions.
  const taken = new Map<MechanismId, { artifact: ArtifactId; version: string | undefined }[]>();
  for (const { a, artifact } of targets) {
    const at = { id: a.id, ...(artifact && opts.artifactVersions[artifact] ? { version: opts.artifactVersions[artifact] } : {}) };
    const where = { runtime: rt, mechanism: a.id, ...versionField(at) };
    const skip = (reason: string) => {
      skipped.push({ ...where, reason });
      log(`${loadedLabel(at)}: skipped (${reason})`);
    };
    const file = artifact ? opts.artifacts[artifact] : '';
    const own = artifact === artifactsOf(a.id)[0];
    if (file === undefined) {
      // The orchestrator leaves out what it could not build and reports why; a runner started
      // by hand says which option was missing. Another version's build is an extra: measured
      // when given, and not a gap in the mechanism when not.
      if (own) skip(`no --artifact ${artifact}=PATH was given (the file ${a.id} loads)`);
      continue;
    }
    // Two builds of one mechanism are two columns only when their versions tell them apart.
    const before = artifact ? taken.get(a.id) ?? [] : [];
    const same = before.find((b) => b.version === at.version);
    if (artifact && before.length && (!at.version || same)) {
      skip(same && at.version ? `${artifact} is built against the same ${a.id} version as ${same.artifact} (${at.version}): one column is enough`
        : `no --artifact-version ${artifact}=VERSION was given: without it, its cells and ${before[0]!.artifact}'s would share one key`);
      continue;
    }
    if (artifact) taken.set(a.id, [...before, { artifact, version: at.version }]);
    const broken = artifact ? unloadable(artifact, file) : undefined;
    if (broken) {
      failures.push({ ...where, reason: broken });
      log(`${loadedLabel(at)}: FAILED (${broken})`);
      continue;
    }
    try {
      const ctx = { artifacts: opts.artifacts, file, runtime, ...(opts.serviceUrl ? { serviceUrl: opts.serviceUrl } : {}) };
      const r = await a.load(ctx);
      if (isSkip(r)) {
        skip(r.skip);
      } else {
        loaded.push({ ...at, m: r, ctx, ...(artifact ? { artifact } : {}) });
        Object.assign(libraries, r.libraries);
      }
    } catch (e) {
      failures.push({ ...where, reason: loadFailure(file || undefined, errorText(e)) });
      log(`${loadedLabel(at)}: FAILED to load (${errorText(e)})`);
    }
  }

  const chosen = workloads.filter((w) => !opts.workloads || opts.workloads.includes(w.id));
  // The event_loop and parallel groups run long jobs under their own probes (server.ts).
  const selected = chosen.filter(timedPerCall);
  // The orchestrator's progress bar counts against this (orchestrator/progress.ts `plannedLine`).
  const cap = opts.mode === 'verify' ? '' : `, each at most ${measuring.modes[opts.mode].capMs} ms of timing`;
  // An event_loop or parallel entry counts as a cell here (one mechanism, path and size).
  const perMechanism = selected.reduce((n, w) => n + paramsIn(w, opts.mode).length, 0) + chosen.reduce((n, w) => n + probeEntries(w, opts.mode, availableParallelism()), 0);
  log(`${loaded.length * perMechanism} cells to run${cap}`);
  const tiers = await engineTiers();
  const cred = credibilityFor(runtime, opts.mode, tiers);
  const floors = opts.mode === 'verify' ? [] : await measureFloors(selected, opts.mode, tiers);
  for (const f of floors) log(`harness floor (${f.shape || 'no arguments'}): ${formatNs(f.stats.p50Ns)} per call (median)`);
  // Two passes: the in-process mechanisms first, then the ones whose calls are requests to the
  // loopback service, as one block with no full collection before each cell. A collection, or
  // another mechanism's cell, between two requests leaves Node's fetch slower for ~1500 of them
  // (issue 19): a service client that only sends requests does not run in that state.
  const passes = [loaded.filter((at) => !at.m.async), loaded.filter((at) => at.m.async)];
  const rows = new Map<string, Cell[]>();
  const expectedOf = new Map<string, { value: unknown } | undefined>();
  // Where this runner is, for the orchestrator when the process dies in a call (contract/runner-args.ts).
  const crashed: CrashedCell[] = opts.crashed ? JSON.parse(await readFile(opts.crashed, 'utf8')) as CrashedCell[] : [];
  const marker = cellMarker(opts.out);
  // Written before a call, emptied after: a runner that dies between cells (in a probe, say)
  // names no cell, and costs its column as before.
  const mark = (m?: CellMarker) => writeFileSync(marker, m ? JSON.stringify(m) : '');
  for (const pass of passes) {
    for (const w of selected) {
      for (const param of paramsIn(w, opts.mode)) {
        if (!pass.length) continue;
        const key = `${w.id}:${param}`;
        if (!expectedOf.has(key)) {
          expectedOf.set(key, await expectedAnswer(w, param, crashed, mark, rt, failures));
          mark();
        }
        const expected = expectedOf.get(key);
        // Without the reference's answer no cell of this size can be checked (the failure says why).
        if (!expected) continue;
        // Measured in a shuffled order (seeded), so no mechanism always runs first or warmest;
        // recorded in catalogue order.
        const row = rows.get(key) ?? [];
        rows.set(key, row);
        for (const at of shuffled(pass, opts.seed, `order:${w.id}:${param}`)) {
          const died = crashedFor(crashed, { stage: 'cell', mechanism: at.id, mechanismVersion: at.version, workload: w.id });
          if (died) {
            const cellKey = { runtime: rt, mechanism: at.id, ...versionField(at), workload: w.id, param };
            failures.push(died.param === param ? { ...cellKey, reason: died.reason, ...(died.stderrTail ? { stderrTail: died.stderrTail } : {}) }
              : { ...cellKey, reason: `not run: this mechanism's ${w.id} call killed the runner at ${died.param} (${died.reason.split('\n')[0]})` });
            row.push({ ...cellKey, group: w.group, ...(w.paramUnit ? { paramUnit: w.paramUnit } : {}), verified: false });
            continue;
          }
          mark({ stage: 'cell', mechanism: at.id, ...(at.version ? { mechanismVersion: at.version } : {}), workload: w.id, param });
          const cell = await runCell(w, param, expected.value, at, cred, tiers, rt, skipped, failures);
          mark();
          if (cell) {
            row.push(cell);
            log(progressLine(cell));
          }
        }
      }
    }
  }
  for (const w of selected) {
    for (const param of paramsIn(w, opts.mode)) {
      const row = rows.get(`${w.id}:${param}`) ?? [];
      cells.push(...loaded.flatMap((at) => row.filter((c) => c.mechanism === at.id && c.mechanismVersion === at.version)));
    }
  }
  applyFloors(cells, floors, (id, param) => {
    const w = selected.find((x) => x.id === id);
    return w ? floorKey(w, param) : undefined;
  });
  const checks: Pick<RunnerDocument, 'properties' | 'soak' | 'server'> = {};
  if (opts.property) {
    const p = await checkProperties(loaded, selected, opts.property, rt, { bind: (w, m) => bindFor(w, m), answer });
    failures.push(...p.failures);
    checks.properties = p.runs;
  }
  if (opts.soak) checks.soak = await soak(loaded, selected, opts.soak, log, (w, m) => bindFor(w, m));
  const eventLoop = chosen.find((w) => w.group === 'event_loop');
  const parallel = chosen.find((w) => w.group === 'parallel');
  if (eventLoop || parallel) {
    const probed = await probeServer(loaded, { mode: opts.mode, rt, log, ...(eventLoop ? { eventLoop } : {}), ...(parallel ? { parallel } : {}) });
    failures.push(...probed.failures);
    checks.server = probed.server;
  }
  return {
    schemaVersion: SCHEMA_VERSION, kind: 'runner', runtime, mode: opts.mode,
    startedAt, finishedAt: new Date().toISOString(), libraries, cells, skipped, failures,
    harness: { seeds: [opts.seed], floors }, ...checks,
  };
}

/**
 * The JS reference's answer for one size, or undefined (with a failure of the `js` cell saying
 * why) when it threw, or when an earlier runner died computing it.
 */
async function expectedAnswer(
  w: Workload, param: number | null, crashed: readonly CrashedCell[], mark: (m: CellMarker) => void, rt: string, failures: Failure[],
): Promise<{ value: unknown } | undefined> {
  const key = { runtime: rt, mechanism: 'js' as const, workload: w.id, param };
  const died = crashedFor(crashed, { stage: 'reference', workload: w.id });
  if (died) {
    failures.push({ ...key, reason: `the JS reference ${died.param === param ? '' : `(at ${died.param}) `}killed the runner, so no cell of ${w.id} could be checked: ${died.reason}` });
    return undefined;
  }
  mark({ stage: 'reference', workload: w.id, param });
  try {
    return { value: await answer(w, param, w.reference as Callable, w.input(param)) };
  } catch (e) {
    failures.push({ ...key, reason: `the JS reference threw, so no cell of ${w.id} at this size could be checked: ${errorText(e)}` });
    return undefined;
  }
}

/**
 * What a call answers: its result, awaited; for a workload that writes an argument, that
 * argument's contents; for an async workload measured with `param` calls in flight, the result
 * of that many concurrent calls, which must all agree (and so all be right when one is).
 */
async function answer(w: Workload, param: number | null, fn: Callable, args: unknown[]): Promise<unknown> {
  const inFlight = callsInFlight(w, param);
  if (inFlight > 1) {
    const all = await Promise.all(Array.from({ length: inFlight }, () => fn(...args)));
    const odd = all.findIndex((r) => !Object.is(r, all[0]));
    if (odd >= 0) throw new Error(`${inFlight} calls in flight disagreed: call 0 gave ${show(all[0])}, call ${odd} ${show(all[odd])}`);
    return all[0];
  }
  const result = await fn(...args);
  if (w.observe === undefined) return result;
  const arg = args[w.observe] as { slice(): unknown };
  return arg.slice();
}

/** The mechanism's function for a workload: its own binding, or a JS loop (`via`) compiled
 *  afresh around the binding of the workload it loops over. */
function bindFor(w: Workload, m: Loaded): Callable | SkipReason {
  if (!w.via) return m.bind(w);
  const target = workloadById(w.via.workload);
  if (!target) throw new Error(`${w.id} loops over unknown workload ${w.via.workload}`);
  if (m.async) return { skip: `a synchronous JS loop over ${target.id}, and this mechanism's calls return Promises (its ${target.id} row is the cost of each)` };
  const f = m.bind(target);
  if (isSkip(f)) return f;
  return freshFunction(w.via.params.slice(1), w.via.body, { [w.via.params[0]!]: f });
}

async function runCell(
  w: Workload, param: number | null, expected: unknown,
  at: LoadedAt, cred: Credibility, tiers: TierReader | undefined, rt: string, skipped: Skip[], failures: Failure[],
): Promise<Cell | undefined> {
  const { id: mechanism, m } = at;
  const key = { runtime: rt, mechanism, ...versionField(at), workload: w.id, param };
  const base = { ...key, group: w.group, ...(w.paramUnit ? { paramUnit: w.paramUnit } : {}) };
  const unbuilt = at.artifact && userUnbuilt.get(w.id)?.[at.artifact];
  if (unbuilt) {
    if (!skipped.some((s) => s.mechanism === mechanism && s.mechanismVersion === at.version && s.workload === w.id)) {
      skipped.push({ runtime: rt, mechanism, ...versionField(at), workload: w.id, reason: `${at.artifact} was built without this workload's kernel: ${unbuilt}` });
    }
    return undefined;
  }
  let fn;
  try {
    fn = bindFor(w, m);
  } catch (e) {
    failures.push({ ...key, reason: `failed to bind: ${errorText(e)}` });
    return { ...base, verified: false };
  }
  if (isSkip(fn)) {
    // One skip per workload is enough: every param of it is skipped for the same reason.
    if (!skipped.some((s) => s.mechanism === mechanism && s.mechanismVersion === at.version && s.workload === w.id)) {
      skipped.push({ runtime: rt, mechanism, ...versionField(at), workload: w.id, reason: fn.skip });
    }
    return undefined;
  }
  // Inputs are made afresh for every mechanism: a kernel that writes its arguments must not
  // hand the next mechanism (or its own timing) changed data.
  const args = w.input(param);
  let actual: unknown;
  try {
    actual = await answer(w, param, fn, args);
  } catch (e) {
    failures.push({ ...key, reason: `threw: ${errorText(e)}`, expected: show(expected) });
    return { ...base, verified: false };
  }
  const verdict = verify(w, expected, actual);
  if (!verdict.ok) {
    failures.push({ ...key, reason: 'wrong answer', expected: verdict.expected, actual: verdict.actual });
    return { ...base, verified: false };
  }
  const note = m.note?.(w);
  const cell: Cell = { ...base, verified: true, ...(note ? { note } : {}), ...cred.pathOf(mechanism, w) };
  if (cred.mode !== 'verify') {
    const fresh = w.freshArgs ? w.args.map((t) => t.endsWith('_mut')) : undefined;
    let timed;
    try {
      // The suite's own loop times every call made one at a time over arguments it does not
      // write (a request to the service awaited before the next); mitata times the calls in
      // flight together and the ones that need a fresh copy of their argument per call.
      const how = { ...(m.settle ? { settle: (mode: 'quick' | 'full') => m.settle!(mode) } : {}), ...(m.async ? { collect: false } : {}) };
      timed = !w.async && !fresh
        ? await timeLoop(fn, args, cred.mode, tiers, { ...how, ...(m.async ? { awaited: true } : {}) })
        : await time(fn, args, cred.mode, { async: (w.async || m.async) ?? false, concurrency: callsInFlight(w, param), ...(fresh ? { fresh } : {}), ...how });
    } catch (e) {
      // Verified once, then broke under repetition: a failure of this cell, not of the column.
      failures.push({ ...key, reason: `threw while being timed: ${errorText(e)}` });
      return { ...base, verified: false };
    }
    // Checked again through the loop that was timed: a JIT-compiled call site can take a
    // path the first, cold call did not (nodejs/node#64638), so the answer before timing does
    // not vouch for the calls that were timed. A fresh input: the timed calls may have written
    // the old one.
    const after = await answer(w, param, timed.bench, w.input(param)).then(
      (a) => verify(w, expected, a),
      (e: unknown) => ({ ok: false as const, expected: show(expected), actual: `threw: ${errorText(e)}` }),
    );
    if (!after.ok) {
      failures.push({ ...key, reason: 'wrong answer after timing (through the call site the timing drove hot)', expected: after.expected, actual: after.actual });
      return { ...base, verified: false, verifiedAfterTiming: false };
    }
    cell.stats = timed.stats;
    cell.verifiedAfterTiming = true;
    if (w.perItem && param) cell.perItem = { unit: w.perItem, p50Ns: cell.stats.p50Ns / param, avgNs: cell.stats.avgNs / param };
    // The plain-loop cross-check calls synchronously: it cannot await a Promise per call. A
    // mechanism whose calls are requests has its own plain loop, of its request made plainly.
    if (!m.async) await cred.crossCheck(cell, w, fn, args);
    else await cred.crossCheckAsync(cell, w, m.plainCall?.(w, w.input(param)));
  }
  return cell;
}

function progressLine(c: Cell): string {
  const what = `${mechanismLabel(c).padEnd(8)} ${c.workload}${c.param === null ? '' : `(${c.param})`}`;
  if (!c.verified) return `${what}: FAILED verification`;
  if (!c.stats) return `${what}: verified`;
  const per = c.perItem ? ` (${formatNs(figureNs(c))} per ${c.perItem.unit})` : '';
  const rme = c.stats.medianRme === undefined ? '' : ` ±${(c.stats.medianRme * 100).toFixed(1)}%${c.stats.stop === 'cap' ? ' (capped)' : ''}`;
  return `${what}: ${formatNs(c.stats.p50Ns)} per call (median)${rme}${per}`;
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  // Node's permission model names what it refused, and the message names the flag that grants it.
  const denied = e as Error & { code?: string; permission?: string; resource?: string };
  if (denied.code === 'ERR_ACCESS_DENIED') return `${e.message} (Node's permission model refused ${denied.permission ?? 'it'}${denied.resource ? ` of ${denied.resource}` : ''})`;
  return e.message;
}
