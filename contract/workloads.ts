/**
 * The workload declarations (workloads.json, also read by the Rust build), validated and typed:
 * what each workload is called, its group, its signature in the neutral type words, its sizes.
 * What a workload *computes* in JS (its reference and inputs) is runner code, joined to these
 * declarations in runners/shared/catalogue.ts.
 */
import { z } from 'zod';
import declared from './workloads.json' with { type: 'json' };
import { argTypes, cParams, cRet, retTypes, type CType, type Signature } from './types.ts';

/** Workload groups (see DESIGN.md). */
export const groups = ['call', 'data', 'callback', 'async', 'compute', 'load', 'host'] as const;
/** A workload group. */
export type Group = (typeof groups)[number];

/** A workload id: snake_case, the same word in Rust, C (`bt_<id>`), napi and the results. */
export const workloadId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a workload id is snake_case: a-z, 0-9 and _, starting with a letter');

const param = z.number().int().nonnegative().nullable();

/** One declared workload (see workloads.json). */
export const DeclarationSchema = z.object({
  /** snake_case id: the Rust kernel, `bt_<id>`, the napi export and the results key. */
  id: workloadId,
  group: z.enum(groups),
  /** One line for people. */
  summary: z.string().min(1),
  /** JS-level argument types, in order. */
  args: z.array(z.enum(argTypes)),
  /** Result type. */
  ret: z.enum(retTypes),
  /** Sizes the workload is measured at, or `[null]` for a workload without a size. */
  params: z.array(param).min(1),
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
}).strict();
/** One declared workload. */
export type Declaration = z.infer<typeof DeclarationSchema> & Signature;

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
export type HostDeclaration = z.infer<typeof HostDeclarationSchema>;

const FileSchema = z.object({
  $comment: z.string().optional(),
  workloads: z.array(DeclarationSchema),
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
export function declarationProblems(all: readonly Declaration[]): string[] {
  const problems: string[] = [];
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
    if (w.observe !== undefined && w.observe >= w.args.length) problems.push(`workload ${w.id}: observe ${w.observe} is past its ${w.args.length} arguments`);
  }
  return problems;
}

function load(): z.infer<typeof FileSchema> {
  const parsed = FileSchema.safeParse(declared);
  if (!parsed.success) throw new Error(`contract/workloads.json is not a valid declaration file:\n${z.prettifyError(parsed.error)}`);
  const problems = declarationProblems(parsed.data.workloads);
  if (problems.length) throw new Error(`contract/workloads.json:\n${problems.join('\n')}`);
  return parsed.data;
}
const file = load();

/** Every built-in workload, in report order. */
export const declarations: readonly Declaration[] = file.workloads;

/** What hosting an engine costs, and the plugin scenario. */
export const hostDeclarations: readonly HostDeclaration[] = file.host.workloads;

/** The small script of the engine-cost workloads: one add_i32, wrapping (its answer is checked). */
export const hostScript: string = file.host.script;

/** The catalogue workloads a host column runs too: Rust calling JS `add_i32`, and the compute
 *  group, each the reference inside the engine against the kernel natively. */
export const hostCatalogueWorkloads: readonly string[] = [...file.host.catalogue, ...declarations.filter((w) => w.group === 'compute').map((w) => w.id)];

/** Why a host column skips a catalogue workload it lists. */
export const hostSkips: Readonly<Record<string, string>> = file.host.skips;

/**
 * The `load` group's one workload: a fresh runtime process to the first verified call of `via`,
 * per mechanism (runners/shared/load.ts is the process, orchestrator/load.ts times it). It is not
 * in `declarations`: it has no kernel and no export of its own, and no runner loop times it.
 */
export const coldStart = {
  id: 'cold_start', group: 'load', via: 'add_i32',
  summary: 'a fresh runtime process to its first verified add_i32 call, and the size of what the mechanism loads',
} as const satisfies { id: string; group: Group; via: string; summary: string };

/** Looks a declaration up by id. */
export function declarationById(id: string): Declaration | undefined {
  return declarations.find((w) => w.id === id);
}

/** The export a workload calls: its own, or its `kernel`'s. */
export function exportOf(w: Pick<Declaration, 'id' | 'kernel'>): string {
  return w.kernel ?? w.id;
}

/** The C symbol of a workload. */
export function symbolOf(w: Pick<Declaration, 'id' | 'kernel'>): string {
  return `bt_${exportOf(w)}`;
}

/** Workloads with an export of their own (not another's kernel, not a JS loop over one). */
export function exported(w: Pick<Declaration, 'kernel' | 'via'>): boolean {
  return w.kernel === undefined && w.via === undefined;
}

/** Symbols the library exports besides the workloads: freeing returned strings, and the
 *  linear-memory helpers of the wasm mechanism. */
export const supportSymbols: Readonly<Record<string, { args: readonly CType[]; ret: CType }>> = {
  bt_str_free: { args: ['strptr'], ret: 'void' },
  bt_alloc: { args: ['usize'], ret: 'ptr' },
  bt_free: { args: ['ptr', 'usize'], ret: 'void' },
};

/** Exports of the wasm build only: the table index of the trampoline that calls JS back. */
export const wasmSupportSymbols: Readonly<Record<string, { args: readonly CType[]; ret: CType }>> = {
  bt_wasm_callback_ptr: { args: [], ret: 'usize' },
};

/**
 * The neutral symbol table: every C symbol the library must export, with its C signature.
 * `target: 'wasm'` leaves out native-only kernels and adds the wasm-only helpers.
 */
export function symbolTable(target: 'native' | 'wasm' = 'native', all: readonly Declaration[] = declarations): Record<string, { args: CType[]; ret: CType }> {
  const table: Record<string, { args: CType[]; ret: CType }> = {};
  for (const w of all) {
    if (exported(w) && !(target === 'wasm' && w.nativeOnly)) table[symbolOf(w)] = { args: cParams(w), ret: cRet(w) };
  }
  for (const [name, sig] of Object.entries(supportSymbols)) table[name] = { args: [...sig.args], ret: sig.ret };
  if (target === 'wasm') for (const [name, sig] of Object.entries(wasmSupportSymbols)) table[name] = { args: [...sig.args], ret: sig.ret };
  return table;
}
