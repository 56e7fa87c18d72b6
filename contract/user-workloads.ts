/**
 * A user's own workload, outside this repository (`pnpm bridgetax new <name>`, then
 * `pnpm compare --workloads-dir DIR`): one folder per workload under DIR, holding the same four
 * things a built-in workload is (DESIGN.md): a declaration, a Rust kernel, a JS reference and an
 * input maker. The orchestrator reads the folders (orchestrator/user/), builds every binding with
 * the kernels added (orchestrator/user/tree.ts), and hands each runner a manifest of them; the
 * runner adds them to its catalogue. No zod here: a runner imports this module.
 */
import type { ArtifactId } from './registry.ts';
import { isRecords, type ArgType, type FieldType, type RetType } from './types.ts';
import type { Declaration, Group } from './workloads.ts';

/** The files of a workload folder. */
export const userFiles = {
  /** The declaration: the same fields as a built-in one in contract/workloads.json. */
  declaration: 'workload.json',
  /** A Rust crate whose library holds the kernel, a `pub fn` named as the workload; its
   *  `[dependencies]` may name crates from the crates registry. */
  manifest: 'Cargo.toml',
  kernel: 'src/lib.rs',
  /** An ES module exporting `input(param)` (the arguments, fresh on every call), `reference(...)`
   *  (what a user would write in JS instead, and what every answer is checked against) and,
   *  optionally, `platform(...)` (a runtime built-in or library a user would call instead). */
  reference: 'reference.ts',
} as const;

/** The package name a workload's crate must have: the kernels re-export `<crate>::<id>`, and the
 *  prefix keeps it apart from any crate of the registry the kernel depends on. */
export function userCrate(id: string): string {
  return `bt_workload_${id}`;
}

/** The argument type words a user's workload may take: data and numbers (no callbacks, which
 *  need a JS function the runner supplies). */
export const userArgTypes: readonly ArgType[] = ['i32', 'u32', 'i64', 'f64', 'bytes', 'bytes_mut', 'f64s', 'f64s_mut', 'i32s', 'i32s_mut', 'str', 'strs'];
/** The result type words a user's workload may return. */
export const userRetTypes: readonly RetType[] = ['void', 'i32', 'u32', 'i64', 'f64', 'str', 'strs', 'f64x4'];
/** The groups a user's workload may be in: the ones a per-call timing loop measures. */
export const userGroups: readonly Group[] = ['call', 'data', 'compute'];

/** The Rust shape each type word reaches the kernel in (kernels/src/lib.rs), for the scaffold's
 *  template and the errors that name a type. */
export const rustShapes: Readonly<Partial<Record<ArgType | RetType, string>>> = {
  i32: 'i32', u32: 'u32', i64: 'i64', f64: 'f64',
  bytes: '&[u8]', bytes_mut: '&mut [u8]', f64s: '&[f64]', f64s_mut: '&mut [f64]', i32s: '&[i32]', i32s_mut: '&mut [i32]',
  str: '&[u8] (its UTF-8)', strs: 'impl Iterator<Item = &\'a [u8]>',
  void: '()', f64x4: '[f64; 4]',
};
/** The Rust result shape of each result type word (`str` comes back as an owned `String`). */
export const rustReturns: Readonly<Partial<Record<RetType, string>>> = {
  void: '', i32: ' -> i32', u32: ' -> u32', i64: ' -> i64', f64: ' -> f64', str: ' -> String', strs: ' -> Vec<String>', f64x4: ' -> [f64; 4]',
};

/** One user workload as the orchestrator hands it to a runner. */
export interface UserWorkload extends Declaration {
  /** The workload's folder, absolute. */
  readonly dir: string;
  /** The reference module the runner imports, absolute: the folder's `reference.ts` stripped of
   *  its types (every Node the suite runs can import it, 20 included). */
  readonly module: string;
  /** Artifacts the kernel is not in, with why (the compiler's message): each such mechanism's
   *  cells of this workload are skipped with it. */
  readonly unbuilt?: Readonly<Partial<Record<ArtifactId, string>>>;
}

/** The file a runner is given with `--user-workloads`. */
export interface UserManifest {
  readonly workloads: readonly UserWorkload[];
  /** The record shapes the workloads declare (`records` in their workload.json). */
  readonly records?: Readonly<Record<string, Readonly<Record<string, FieldType>>>>;
}

/** What is wrong with a user's declaration beyond its shape (one line each). */
export function userDeclarationProblems(d: Declaration, folder: string): string[] {
  const problems: string[] = [];
  const where = `${folder}/${userFiles.declaration}`;
  if (!userGroups.includes(d.group)) problems.push(`${where}: group "${d.group}" is not one a user's workload can be in (use ${userGroups.join(', ')})`);
  for (const a of d.args) if (!userArgTypes.includes(a) && !isRecords(a)) problems.push(`${where}: argument type "${a}" is not one a user's workload can take (use ${userArgTypes.join(', ')} or records<shape>)`);
  if (!userRetTypes.includes(d.ret) && !isRecords(d.ret)) problems.push(`${where}: result type "${d.ret}" is not one a user's workload can return (use ${userRetTypes.join(', ')} or records<shape>)`);
  for (const field of ['kernel', 'via', 'offThread', 'async', 'nativeOnly'] as const) {
    if (d[field] !== undefined) problems.push(`${where}: "${field}" is for built-in workloads only; remove it`);
  }
  return problems;
}
