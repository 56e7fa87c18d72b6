/**
 * The shape of a workload declaration file (contract/workloads.json, and a user's own
 * workload folder's), as a zod schema, and the checks a set of declarations must pass.
 */
import { z } from 'zod';
import { argTypes, fieldTypes, recordShape, retTypes } from './types.ts';
import { exported, groups, type Declaration, type DeclarationFile } from './workloads.ts';

/** A workload id: snake_case, the same word in Rust, C (`bt_<id>`), napi and the results. */
export const workloadId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a workload id is snake_case: a-z, 0-9 and _, starting with a letter');

const param = z.number().int().nonnegative().nullable();

/** A type word: one of `words`, or `records<shape>` naming a shape declared in the file's
 *  `records` (checked by `declarationProblems`). */
const typeWord = (words: readonly string[]) => z.string().refine((t) => words.includes(t) || recordShape(t) !== undefined,
  { error: (i) => `expected one of ${words.map((w) => `"${w}"`).join(', ')} or records<shape>, got ${JSON.stringify(i.input)}` });

/** One declared workload (see workloads.json). */
export const DeclarationSchema = z.object({
  /** snake_case id: the Rust kernel, `bt_<id>`, the napi export and the results key. */
  id: workloadId,
  group: z.enum(groups),
  /** One line for people. */
  summary: z.string().min(1),
  /** JS-level argument types, in order. */
  args: z.array(typeWord(argTypes)),
  /** Result type. */
  ret: typeWord(retTypes),
  /** Sizes the workload is measured at, or `[null]` for a workload without a size. */
  params: z.array(param).min(1),
  /** The one size a quick run measures (`compare --quick`): one of `params`, and required when
   *  there are several, so a quick run answers every workload at a size someone chose. */
  headline: z.number().int().nonnegative().optional(),
  /** What `param` counts (bytes, elements, n); absent when there is no param. */
  paramUnit: z.string().min(1).optional(),
  /** Calls the export of this other workload (same kernel, other input) instead of its own. */
  kernel: workloadId.optional(),
  /** A JS loop over another workload's function instead of an export of its own: the loop's
   *  source is compiled per mechanism, so each loop's call site sees one callee. */
  via: z.object({ workload: workloadId, params: z.array(z.string()), body: z.string() }).strict().optional(),
  /** The answer is this argument's content after the call (the kernel writes it in place). */
  observe: z.number().int().nonnegative().optional(),
  /** Every timed call gets fresh copies of the written arguments (sorting sorted data is not
   *  the same work); the copying happens outside the timed region. */
  freshArgs: z.boolean().optional(),
  /** Runs off the JS thread and returns a Promise; `param` is how many calls are in flight. */
  async: z.boolean().optional(),
  /** Figures are also reported per this many units of work: per `param` callbacks, say. */
  perItem: z.string().min(1).optional(),
  /** Relative tolerance for floating results, where the same maths may round differently. */
  tolerance: z.number().positive().optional(),
  /** Why the wasm build lacks this kernel, for a kernel that needs a crate. */
  nativeOnly: z.string().min(1).optional(),
  /** The runtime has a built-in a user would call instead, measured as `platform`. */
  platform: z.boolean().optional(),
  /** The `async` workload that runs this one's kernel off the JS thread with the same argument:
   *  the event_loop and parallel groups' async path. */
  offThread: workloadId.optional(),
}).strict();
/** One declared workload. */
export type DeclarationShape = z.infer<typeof DeclarationSchema>;

/** A workload only host columns run (the Rust side of each lives in host/). */
export const HostDeclarationSchema = z.object({
  id: workloadId,
  group: z.literal('host'),
  summary: z.string().min(1),
  params: z.array(param).min(1),
  paramUnit: z.string().min(1).optional(),
  /** The reference module's export the engine calls (none: the workload evaluates the script). */
  function: z.string().min(1).optional(),
  perItem: z.string().min(1).optional(),
  /** Why `rust` has no cell: what the workload measures needs an engine. */
  rustSkip: z.string().min(1).optional(),
}).strict();
/** A host-only workload. */
export type HostDeclarationShape = z.infer<typeof HostDeclarationSchema>;

/** The whole file. */
export const DeclarationFileSchema = z.object({
  $comment: z.string().optional(),
  workloads: z.array(DeclarationSchema),
  /** Record shapes (`records<name>`): each one's fields in order, a camelCase JS key → its type. */
  records: z.record(z.string(), z.union([z.string(), z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'a field is a camelCase key'), z.enum(fieldTypes))])).optional(),
  host: z.object({
    $comment: z.string().optional(),
    /** The small script of the engine-cost workloads: one add_i32, wrapping (its answer is checked). */
    script: z.string().min(1),
    workloads: z.array(HostDeclarationSchema),
    $catalogue: z.string().optional(),
    /** Catalogue workloads host columns run besides the compute group. */
    catalogue: z.array(workloadId),
    /** Why a host column skips a catalogue workload it would run. */
    skips: z.record(z.string(), z.string().min(1)),
  }).strict(),
}).strict();

/**
 * Checks a set of declarations against itself: unique ids, and every `kernel` and `via` naming a
 * declared workload with an export of its own. Returns what is wrong, one line each.
 */
export function declarationProblems(all: readonly Declaration[], shapes: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const w of all) {
    for (const t of [...w.args, w.ret]) {
      const shape = recordShape(t);
      if (shape !== undefined && !shapes.includes(shape)) problems.push(`workload ${w.id}: ${t} names no record shape declared in "records" (${shapes.join(', ') || 'none'})`);
    }
  }
  const ids = new Set<string>();
  for (const w of all) {
    if (ids.has(w.id)) problems.push(`workload ${w.id} is declared twice`);
    ids.add(w.id);
  }
  for (const w of all) {
    for (const [field, target] of [['kernel', w.kernel], ['via', w.via?.workload]] as const) {
      if (target === undefined) continue;
      const t = all.find((o) => o.id === target);
      if (!t) problems.push(`workload ${w.id}: ${field} names ${target}, which is not declared`);
      else if (!exported(t)) problems.push(`workload ${w.id}: ${field} names ${target}, which has no export of its own`);
    }
    if (w.offThread !== undefined) {
      const t = all.find((o) => o.id === w.offThread);
      if (!t) problems.push(`workload ${w.id}: offThread names ${w.offThread}, which is not declared`);
      else if (!t.async) problems.push(`workload ${w.id}: offThread names ${w.offThread}, which is not async`);
      else if (t.args.join() !== w.args.join() || t.ret !== w.ret) problems.push(`workload ${w.id}: offThread names ${w.offThread}, whose signature differs`);
    }
    if (w.headline !== undefined && !w.params.includes(w.headline)) problems.push(`workload ${w.id}: headline ${w.headline} is not one of its params (${w.params.join(', ')})`);
    if (w.headline === undefined && w.params.length > 1) problems.push(`workload ${w.id}: it has ${w.params.length} params, so it needs a "headline": the one a quick run measures (one of ${w.params.join(', ')})`);
    if (w.observe !== undefined && w.observe >= w.args.length) problems.push(`workload ${w.id}: observe ${w.observe} is past its ${w.args.length} arguments`);
  }
  return problems;
}

/** Validates a declaration file's content; throws naming `where` and every problem. */
export function validateDeclarationFile(content: unknown, where: string): DeclarationFile {
  const parsed = DeclarationFileSchema.safeParse(content);
  if (!parsed.success) throw new Error(`${where} is not a valid declaration file:\n${z.prettifyError(parsed.error)}`);
  const shapes = Object.keys(parsed.data.records ?? {}).filter((k) => !k.startsWith('$'));
  const problems = declarationProblems(parsed.data.workloads as Declaration[], shapes);
  if (problems.length) throw new Error(`${where}:\n${problems.join('\n')}`);
  return parsed.data as DeclarationFile;
}
