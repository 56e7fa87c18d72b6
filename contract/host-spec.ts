/**
 * The host spec: what a host runner (host/, a Rust program embedding a JS engine) measures, in
 * the file it reads (`--spec`; host/src/spec.rs `Spec` is its Rust reading). The workloads part
 * is written by runners/host/spec.ts from the JS references; the orchestrator adds the rest.
 */
import { z } from 'zod';

/** The argument type words a host runner takes (host/src/spec.rs `Arg`, besides the plugin
 *  scenario's `payments`): a catalogue workload with another is skipped in host columns, with
 *  that reason, rather than costing the spec. */
export const hostArgTypes: readonly string[] = ['i32', 'u32', 'f64', 'f64s', 'f64s_mut', 'i32s', 'i32s_mut', 'strs'];

/** One argument in the host runner's words: a neutral type word (or `payments`, the plugin
 *  scenario's records) and its value as JSON (a typed array as an array of numbers). */
export const HostArgSchema = z.object({ type: z.string().min(1), value: z.unknown() }).strict();
/** One argument of a host workload. */
export type HostArg = z.infer<typeof HostArgSchema>;

/** One workload at one param. */
export const HostWorkloadSpecSchema = z.object({
  id: z.string().min(1),
  group: z.string().min(1),
  param: z.number().int().nonnegative().nullable(),
  /** The size a quick run measures (contract/workloads.ts `paramsIn`): a quick host column
   *  runs only these. */
  headline: z.boolean(),
  paramUnit: z.string().nullable(),
  /** The reference module's export the `js` mechanism calls. */
  function: z.string(),
  /** A JS loop over another function (`each_add_i32`): its parameters and body. */
  via: z.object({ params: z.array(z.string()), body: z.string() }).strict().nullable(),
  args: z.array(HostArgSchema),
  /** The answer is this argument's content after the call. */
  observe: z.number().int().nonnegative().nullable(),
  /** Every timed call gets a fresh copy of its written arguments. */
  freshArgs: z.boolean(),
  tolerance: z.number().positive().nullable(),
  /** The reference's answer, computed in JS from the same input. */
  expected: z.unknown(),
  /** Figures are also reported per this many units of work. */
  perItem: z.string().nullable(),
  /** Why the host column cannot run this workload, when it cannot. */
  skip: z.string().nullable(),
  /** Why its `rust` mechanism does not exist, when it does not. */
  rustSkip: z.string().nullable(),
}).strict();
/** One host workload at one param. */
export type HostWorkloadSpec = z.infer<typeof HostWorkloadSpecSchema>;

/** The workloads part, as runners/host/spec.ts writes it. */
export const HostWorkloadsSchema = z.array(HostWorkloadSpecSchema);

/** A module the reference imports that an embedded engine lacks, as source whose functions throw. */
export const StubModuleSchema = z.object({ name: z.string().min(1), source: z.string() }).strict();

/** The whole spec file. */
export const HostSpecSchema = z.object({
  /** The runner document version the host runner writes (document.ts `SCHEMA_VERSION`). */
  schemaVersion: z.number().int().positive(),
  /** When a timed cell stops (document.ts `stoppingRules`), as the JS runners apply it. */
  stopping: z.object({
    quick: z.object({ targetRme: z.number().positive(), capMs: z.number().positive() }).strict(),
    full: z.object({ targetRme: z.number().positive(), capMs: z.number().positive() }).strict(),
    minSamples: z.number().int().positive(),
    minCappedSamples: z.number().int().positive(),
    trim: z.number().int().nonnegative(),
  }).strict(),
  /** runners/shared/reference.ts compiled to a JS module (types removed, nothing else). */
  referenceModule: z.string().min(1),
  stubModules: z.array(StubModuleSchema),
  /** Installed on the global object before the module loads. */
  prelude: z.string(),
  /** The small script of the engine-cost workloads. */
  script: z.string().min(1),
  workloads: HostWorkloadsSchema,
}).strict();
/** The host spec. */
export type HostSpec = z.infer<typeof HostSpecSchema>;
