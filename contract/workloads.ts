/**
 * The workload declarations (workloads.json, also read by the Rust build), typed: what each
 * workload is called, its group, its signature in the neutral type words, its sizes. What a
 * workload *computes* in JS (its reference and inputs) is runner code, joined to these
 * declarations in runners/shared/catalogue.ts.
 *
 * No zod here: a cold-start process imports this module, and its floor would carry the parser.
 * The file is validated by contract/workloads-schema.ts (`validateDeclarationFile`), which the
 * orchestrator runs before anything else and a test runs on every change.
 */
import declared from './workloads.json' with { type: 'json' };
import { cParams, cRet, recordShape, threaded, type ArgType, type CType, type FieldType, type RetType, type Signature } from './types.ts';

/** Workload groups (see DESIGN.md). */
export const groups = ['call', 'data', 'callback', 'async', 'compute', 'load', 'host', 'event_loop', 'parallel'] as const;
/** A workload group. */
export type Group = (typeof groups)[number];

/** One declared workload (see workloads.json; every field is documented in workloads-schema.ts). */
export interface Declaration extends Signature {
  readonly id: string;
  readonly group: Group;
  readonly summary: string;
  readonly args: readonly ArgType[];
  readonly ret: RetType;
  readonly params: readonly (number | null)[];
  readonly headline?: number;
  readonly paramUnit?: string;
  readonly kernel?: string;
  readonly via?: { readonly workload: string; readonly params: readonly string[]; readonly body: string };
  readonly observe?: number;
  readonly freshArgs?: boolean;
  readonly async?: boolean;
  readonly perItem?: string;
  readonly tolerance?: number;
  readonly nativeOnly?: string;
  readonly platform?: boolean;
  readonly offThread?: string;
}

/** A workload only host columns run (the Rust side of each lives in host/). */
export interface HostDeclaration {
  readonly id: string;
  readonly group: 'host';
  readonly summary: string;
  readonly params: readonly (number | null)[];
  readonly paramUnit?: string;
  /** The reference module's export the engine calls (none: the workload evaluates the script). */
  readonly function?: string;
  readonly perItem?: string;
  /** Why `rust` has no cell: what the workload measures needs an engine. */
  readonly rustSkip?: string;
}

/** The whole declaration file. */
export interface DeclarationFile {
  readonly workloads: readonly Declaration[];
  /** Record shapes (`records<name>`): each one's fields in order, JS key → field type. */
  readonly records?: Readonly<Record<string, Readonly<Record<string, FieldType>>>>;
  readonly host: {
    readonly script: string;
    readonly workloads: readonly HostDeclaration[];
    readonly catalogue: readonly string[];
    readonly skips: Readonly<Record<string, string>>;
  };
}

/** The built-in declarations as read; contract/workloads-schema.ts proves the shape. */
export const declarationFile = declared as unknown as DeclarationFile;
const file = declarationFile;

const all: Declaration[] = [...file.workloads];

/** Every workload of this process, in report order: the built-in ones, then any a user's
 *  folder added (`addDeclarations`, `compare --workloads-dir`). */
export const declarations: readonly Declaration[] = all;

/** The built-in workloads alone (contract/workloads.json). */
export const builtinDeclarations: readonly Declaration[] = file.workloads;

/**
 * Adds a user's own workloads (contract/user-workloads.ts) after the built-in ones, before
 * anything reads the list: the orchestrator when a run starts, a runner before it loads a
 * mechanism (the FFI adapters declare every symbol of `symbolTable()` at load). Throws on an id
 * that is already declared.
 */
export function addDeclarations(extra: readonly Declaration[]): void {
  for (const d of extra) {
    const same = all.find((w) => w.id === d.id);
    // The same declaration again (a second run in one process) is already there.
    if (same && JSON.stringify(same) === JSON.stringify(d)) continue;
    if (same) throw new Error(`workload ${d.id} is already declared: a user's workload needs an id of its own`);
    all.push(d);
  }
}

const shapes: Record<string, readonly (readonly [string, FieldType])[]> = Object.fromEntries(
  Object.entries(file.records ?? {}).filter(([name]) => !name.startsWith('$')).map(([name, fields]) => [name, Object.entries(fields)]),
);

/** The record shapes, by name: each one's fields in order, as [JS key, field type]; the
 *  built-in ones, then any a user's workloads declare (`addRecordShapes`). */
export const recordShapes: Readonly<Record<string, readonly (readonly [string, FieldType])[]>> = shapes;

/** The record shapes of contract/workloads.json alone. */
export const builtinRecordShapes: readonly string[] = Object.keys(shapes);

/** Adds the record shapes a user's workloads declare, before anything reads them; throws on a
 *  name taken by another shape with other fields. */
export function addRecordShapes(extra: Readonly<Record<string, Readonly<Record<string, FieldType>>>>): void {
  for (const [name, fields] of Object.entries(extra)) {
    const entries = Object.entries(fields);
    if (shapes[name] && JSON.stringify(shapes[name]) !== JSON.stringify(entries)) throw new Error(`record shape ${name} is already declared with other fields`);
    shapes[name] = entries;
  }
}

/** The fields of the shape a `records<shape>` type word names (undefined for another word). */
export function recordFields(t: string): readonly (readonly [string, FieldType])[] | undefined {
  const shape = recordShape(t);
  return shape === undefined ? undefined : recordShapes[shape];
}

/** What hosting an engine costs, and the plugin scenario. */
export const hostDeclarations: readonly HostDeclaration[] = file.host.workloads;

/** The small script of the engine-cost workloads: one add_i32, wrapping (its answer is checked). */
export const hostScript: string = file.host.script;

/** The catalogue workloads a host column runs too: Rust calling JS `add_i32`, and the compute
 *  group, each the reference inside the engine against the kernel natively. */
export const hostCatalogueWorkloads: readonly string[] = [...file.host.catalogue, ...builtinDeclarations.filter((w) => w.group === 'compute').map((w) => w.id)];

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

/**
 * The sizes a run of `mode` measures a workload at: a quick run its headline alone (the one
 * declared, or its only param), so it answers every workload in about a minute; a full run and
 * a verify run every declared size (the crossovers against size need them all).
 */
export function paramsIn(w: { readonly params: readonly (number | null)[]; readonly headline?: number }, mode: 'quick' | 'full' | 'verify'): readonly (number | null)[] {
  return mode === 'quick' ? [w.headline ?? w.params[0] ?? null] : w.params;
}

/**
 * Groups no per-call timing loop runs: their workloads are long jobs whose figures are what the
 * thread around them suffers and how they spread over cores (runners/shared/event-loop.ts and
 * parallel.ts), each job verified against the reference.
 */
export const probedGroups: readonly Group[] = ['event_loop', 'parallel'];

/** Whether a workload is timed per call (every group but `probedGroups`). */
export function timedPerCall(w: Pick<Declaration, 'group'>): boolean {
  return !probedGroups.includes(w.group);
}

/**
 * How many calls of a workload are in flight at once at `param`: an `async` workload's param
 * counts them (async_job at 1 and 64), except one that calls JS back from its own thread, whose
 * param is the callbacks each call makes (callback_thread, as callback_sum's); every other, one.
 */
export function callsInFlight(w: Pick<Declaration, 'async' | 'args' | 'ret'>, param: number | null): number {
  return w.async && !threaded(w) ? param ?? 1 : 1;
}

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
