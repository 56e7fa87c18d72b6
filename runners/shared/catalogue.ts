/**
 * The runnable catalogue: each declared workload (contract/workloads.json) joined to what it
 * computes in JS, its reference (what the `js` mechanism runs and every answer is checked
 * against), its input maker and, where a runtime has one, the built-in a user would call instead.
 * A declaration without its JS half, or a JS half without a declaration, fails at load.
 */
import { pathToFileURL } from 'node:url';
import type { ArtifactId } from '../../contract/registry.ts';
import { userFiles, type UserManifest } from '../../contract/user-workloads.ts';
import { addDeclarations, addRecordShapes, declarations, hostDeclarations, type Declaration, type HostDeclaration } from '../../contract/workloads.ts';
import * as input from './inputs.ts';
import * as ref from './reference.ts';

/** One benchmarked operation, ready to run: its declaration and its JS half. */
export interface Workload extends Omit<Declaration, 'platform'> {
  /** Deterministic JS-level arguments for one param; a new set on every call. */
  input(param: number | null): unknown[];
  /** The pure-JS reference; also what the `js` mechanism runs. */
  readonly reference: (...args: never[]) => unknown;
  /** What a user would call instead: the runtime's own built-in, measured as `platform`. */
  readonly platform?: (...args: never[]) => unknown;
}

/** The JS half of a workload. */
export interface JsHalf {
  input(param: number | null): unknown[];
  readonly reference: (...args: never[]) => unknown;
  readonly platform?: (...args: never[]) => unknown;
}

/** The JS half of every built-in workload, by id. */
export const jsHalves: Readonly<Record<string, JsHalf>> = {
  noop: { input: () => [], reference: ref.noop },
  // INT32_MAX + 1 proves the wrap is the same on both sides of the bridge.
  add_i32: { input: () => [2147483647, 1], reference: ref.add_i32 },
  add_f64: { input: () => [1.5, 2.25], reference: ref.add_f64 },
  // Above 2^53 and wrapping: a mechanism that returns an imprecise Number fails verification.
  add_i64: { input: () => [9223372036854775807n, 2n], reference: ref.add_i64 },
  sum6_f64: { input: () => [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], reference: ref.sum6_f64 },
  bytes_sum: { input: (p) => [input.patternBytes(p ?? 0)], reference: ref.bytes_sum },
  bytes_invert: { input: (p) => [input.patternBytes(p ?? 0)], reference: ref.bytes_invert },
  crc32: { input: (p) => [input.patternBytes(p ?? 0)], reference: ref.crc32 },
  str_hash: { input: (p) => [input.asciiString(p ?? 0)], reference: ref.str_hash },
  str_hash_mixed: { input: (p) => [input.mixedString(p ?? 0)], reference: ref.str_hash },
  str_hash_bytes: { input: (p) => [new TextEncoder().encode(input.asciiString(p ?? 0))], reference: ref.str_hash_bytes },
  str_make: { input: (p) => [p ?? 0], reference: ref.str_make },
  f64_sum: { input: (p) => [input.randomF64s(p ?? 0, 1)], reference: ref.f64_sum },
  payment_fees: { input: (p) => [input.payments(p ?? 0)], reference: ref.payment_fees },
  make_payments: { input: (p) => [p ?? 0], reference: ref.make_payments },
  fin_metrics_records: { input: (p) => [input.quotes(p ?? 0)], reference: ref.fin_metrics_records },
  json_parse: { input: (p) => [input.paymentsJson(p ?? 0)], reference: ref.json_parse, platform: ref.json_parse_platform },
  json_stringify: { input: (p) => [input.payments(p ?? 0)], reference: ref.json_stringify, platform: ref.json_stringify_platform },
  callback_sum: { input: (p) => [p ?? 0, ref.callbackTarget], reference: ref.callback_sum },
  callback_thread: { input: (p) => [p ?? 0, ref.callbackTarget], reference: ref.callback_thread },
  async_job: { input: () => [1000], reference: ref.async_job },
  spin: { input: (p) => [p ?? 0], reference: ref.spin },
  spin_threads: { input: (p) => [1, p ?? 0], reference: ref.spin_threads },
  fib: { input: (p) => [p ?? 0], reference: ref.fib },
  count_primes: { input: (p) => [p ?? 0], reference: ref.count_primes },
  hash_strings: { input: (p) => [input.stringList(p ?? 0)], reference: ref.hash_strings },
  sha256_strings: { input: (p) => [input.stringList(p ?? 0)], reference: ref.sha256_strings, platform: ref.sha256_strings_platform },
  sort_f64: { input: (p) => [input.randomF64s(p ?? 0, 2)], reference: ref.sort_f64 },
  fin_metrics: { input: (p) => [input.returnSeries(p ?? 0)], reference: ref.fin_metrics },
  each_add_i32: { input: (p) => input.int32Pairs(p ?? 0), reference: ref.batch_add_i32 },
  batch_add_i32: { input: (p) => input.int32Pairs(p ?? 0), reference: ref.batch_add_i32 },
};

/** Joins declarations to their JS halves; throws naming every declaration left without one, and
 *  every JS half left without a declaration. */
export function joinCatalogue(decls: readonly Declaration[], halves: Readonly<Record<string, JsHalf>>): Workload[] {
  const missing = decls.filter((d) => !halves[d.id]).map((d) => `workload ${d.id} is declared but has no JS reference and input maker`);
  const extra = Object.keys(halves).filter((id) => !decls.some((d) => d.id === id)).map((id) => `workload ${id} has a JS reference but no declaration`);
  const platformless = decls.filter((d) => d.platform && !halves[d.id]?.platform).map((d) => `workload ${d.id} declares a platform built-in but its JS half has none`);
  const problems = [...missing, ...extra, ...platformless];
  if (problems.length) throw new Error(problems.join('\n'));
  return decls.map((d) => {
    const half = halves[d.id]!;
    const { platform, ...declared } = d;
    return { ...declared, input: half.input, reference: half.reference, ...(platform && half.platform ? { platform: half.platform } : {}) };
  });
}

const all: Workload[] = joinCatalogue(declarations, jsHalves);

/** Every workload, in report order: the built-in ones, then a user's (`addUserWorkloads`). */
export const workloads: readonly Workload[] = all;

/** Why a mechanism's cells of a user's workload are skipped: its artifact was built without the
 *  kernel (the compiler's message), by workload id and artifact. */
export const userUnbuilt = new Map<string, Readonly<Partial<Record<ArtifactId, string>>>>();

/**
 * Adds a user's own workloads (`--user-workloads FILE`, contract/user-workloads.ts): each
 * declaration joins the contract's list (the FFI adapters declare its symbol), and its reference
 * module is imported for the JS half. Throws naming the module and what it lacks.
 */
export async function addUserWorkloads(manifest: UserManifest): Promise<void> {
  const halves: Record<string, JsHalf> = {};
  for (const w of manifest.workloads) {
    const mod = (await import(pathToFileURL(w.module).href)) as Record<string, unknown>;
    const lacks = ['input', 'reference', ...(w.platform ? ['platform'] : [])].filter((f) => typeof mod[f] !== 'function');
    if (lacks.length) throw new Error(`${w.dir}/${userFiles.reference} exports no function ${lacks.join(', ')} (see \`pnpm bridgetax new\`'s template)`);
    halves[w.id] = {
      input: mod.input as JsHalf['input'], reference: mod.reference as JsHalf['reference'],
      ...(w.platform ? { platform: mod.platform as JsHalf['reference'] } : {}),
    };
    if (w.unbuilt) userUnbuilt.set(w.id, w.unbuilt);
  }
  if (manifest.records) addRecordShapes(manifest.records);
  const decls: Declaration[] = manifest.workloads.map(({ dir: _dir, module: _module, unbuilt: _unbuilt, ...d }) => d);
  addDeclarations(decls);
  all.push(...joinCatalogue(decls, halves));
}

/** A host-only workload, ready to run: its declaration, inputs and expected answer. */
export interface HostWorkload extends HostDeclaration {
  /** Deterministic arguments for one param. */
  input(param: number | null): unknown[];
  /** The answer, computed in JS. */
  expected(param: number | null): unknown;
}

const hostHalves: Readonly<Record<string, Pick<HostWorkload, 'input' | 'expected'>>> = {
  engine_start: { input: () => [], expected: () => ref.add_i32(2147483647, 1) },
  eval_fresh: { input: () => [], expected: () => ref.add_i32(2147483647, 1) },
  eval_reused: { input: () => [], expected: () => ref.add_i32(2147483647, 1) },
  fee_rule: { input: (p) => [input.payments(p ?? 0)], expected: (p) => ref.fee_rules(input.payments(p ?? 0)) },
};

/** What hosting an engine costs, and the plugin scenario. */
export const hostWorkloads: readonly HostWorkload[] = hostDeclarations.map((d) => {
  const half = hostHalves[d.id];
  if (!half) throw new Error(`host workload ${d.id} is declared but has no input and expected answer`);
  return { ...d, ...half };
});

/** Looks a workload up by id. */
export function workloadById(id: string): Workload | undefined {
  return workloads.find((w) => w.id === id);
}
