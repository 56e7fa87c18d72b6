/**
 * Reads a user's workload folders (`compare --workloads-dir DIR`, contract/user-workloads.ts):
 * DIR is one workload folder, or holds several. Every problem is found before anything is built
 * or measured, each named with its file and what to do; nothing is written into DIR. The JS half
 * is stripped of its types into the build tree, where every runtime the suite runs (Node 20
 * included) can import it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { userCrate, userDeclarationProblems, userFiles, type UserWorkload } from '../../contract/user-workloads.ts';
import { fieldTypes, recordShape, type FieldType } from '../../contract/types.ts';
import { DeclarationSchema, declarationProblems } from '../../contract/workloads-schema.ts';
import { builtinDeclarations, builtinRecordShapes, type Declaration } from '../../contract/workloads.ts';
import { UsageError } from '../errors.ts';
import { stripSource } from '../node-js.ts';
import { root } from '../paths.ts';

/** Where everything a user's run builds lives (under target/, which git ignores). */
export const userBase = join(root, 'target', 'user');

/** A workload folder's declaration: a built-in declaration's fields, and the record shapes its
 *  `records<shape>` type words name that are not built in. */
const UserDeclarationSchema = DeclarationSchema.extend({
  records: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a record shape is snake_case'),
    z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'a field is a camelCase key'), z.enum(fieldTypes))).optional(),
}).strict();

/** One workload folder, read and checked. */
export interface UserFolder {
  readonly declaration: Declaration;
  /** The record shapes it declares. */
  readonly records?: Readonly<Record<string, Readonly<Record<string, FieldType>>>>;
  readonly dir: string;
  /** Its crate's package name (`userCrate`). */
  readonly crate: string;
  /** Every file of the folder a build depends on (its crate and its declaration). */
  readonly files: readonly string[];
}

/** Folders a walk of a workload folder never enters: build outputs and packages. */
const skipped = new Set(['target', 'node_modules', '.git']);

async function filesOf(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (skipped.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesOf(p)));
    else out.push(p);
  }
  return out.sort();
}

/** The workload folders in `dir`: itself when it holds a declaration, else its subfolders that do. */
async function foldersIn(dir: string): Promise<string[]> {
  if (existsSync(join(dir, userFiles.declaration))) return [dir];
  const subs = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !skipped.has(e.name))
    .map((e) => join(dir, e.name)).filter((d) => existsSync(join(d, userFiles.declaration)));
  return subs.sort();
}

/** The crates a Cargo.toml's `[dependencies]` names (as cargo's lockfile names them). */
export function dependencyNames(toml: string): string[] {
  const section = /^\[dependencies\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? '';
  return [...section.matchAll(/^\s*([A-Za-z0-9_-]+)\s*=\s*(.*)$/gm)].map(([, name, value]) => /package\s*=\s*"([^"]+)"/.exec(value ?? '')?.[1] ?? name!);
}

/** The package name a Cargo.toml's `[package]` gives, if any. */
export function packageName(toml: string): string | undefined {
  const section = /^\[package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? '';
  return /^\s*name\s*=\s*"([^"]+)"/m.exec(section)?.[1];
}

/**
 * Reads and checks every workload folder in `dir`. Throws a `UsageError` listing every problem
 * (a missing file, a declaration that does not parse or breaks a rule, a crate named otherwise,
 * a kernel function missing, an id taken).
 */
export async function readUserFolders(dir: string): Promise<UserFolder[]> {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new UsageError(`--workloads-dir ${dir}: no such folder (make a workload with \`pnpm bridgetax new <name> --dir ${dir}\`)`);
  const folders = await foldersIn(abs);
  if (!folders.length) {
    throw new UsageError(`--workloads-dir ${dir}: no workload folder in it (a folder holding ${userFiles.declaration}); make one with \`pnpm bridgetax new <name> --dir ${dir}\``);
  }
  const problems: string[] = [];
  const read: UserFolder[] = [];
  for (const folder of folders) {
    const missing = Object.values(userFiles).filter((f) => !existsSync(join(folder, f)));
    if (missing.length) {
      problems.push(`${folder}: missing ${missing.join(', ')} (\`pnpm bridgetax new\` writes all ${Object.keys(userFiles).length})`);
      continue;
    }
    let content: unknown;
    try {
      content = JSON.parse(await readFile(join(folder, userFiles.declaration), 'utf8'));
    } catch (e) {
      problems.push(`${join(folder, userFiles.declaration)} is not JSON: ${(e as Error).message}`);
      continue;
    }
    const parsed = UserDeclarationSchema.safeParse(content);
    if (!parsed.success) {
      problems.push(`${join(folder, userFiles.declaration)} is not a valid declaration:\n${z.prettifyError(parsed.error)}`);
      continue;
    }
    const { records, ...rest } = parsed.data;
    const declaration = rest as Declaration;
    problems.push(...userDeclarationProblems(declaration, folder));
    const crate = userCrate(declaration.id);
    const name = packageName(await readFile(join(folder, userFiles.manifest), 'utf8'));
    if (name !== crate) problems.push(`${join(folder, userFiles.manifest)}: the package must be named "${crate}" (the workload's id after bt_workload_), not ${name === undefined ? 'left unnamed' : `"${name}"`}`);
    const kernel = await readFile(join(folder, userFiles.kernel), 'utf8');
    if (!new RegExp(`pub\\s+fn\\s+${declaration.id}\\b`).test(kernel)) {
      problems.push(`${join(folder, userFiles.kernel)}: no \`pub fn ${declaration.id}\`: the kernel is a public function named as the workload`);
    }
    read.push({ declaration, ...(records ? { records } : {}), dir: folder, crate, files: await filesOf(folder) });
  }
  const all = [...builtinDeclarations, ...read.map((f) => f.declaration)];
  // A workload's record shapes are its own: its crate defines each one's struct (the kernels
  // re-export it), so no other crate can name it, and a name is taken once.
  const shapes = new Set(builtinRecordShapes);
  for (const f of read) {
    for (const name of Object.keys(f.records ?? {})) {
      if (shapes.has(name)) problems.push(`${f.dir}/${userFiles.declaration}: record shape ${name} is declared already (${builtinRecordShapes.includes(name) ? 'a built-in shape' : 'by another workload folder'}): choose another name`);
      shapes.add(name);
    }
    for (const t of [...f.declaration.args, f.declaration.ret]) {
      const shape = recordShape(t);
      if (shape !== undefined && !(shape in (f.records ?? {}))) {
        problems.push(`${f.dir}/${userFiles.declaration}: ${t} names no shape this workload declares: add "records": { "${shape}": { "field": "type", … } } (its crate defines the struct)`);
      }
    }
  }
  problems.push(...declarationProblems(all, [...shapes]).map((p) => (builtinDeclarations.some((b) => p.includes(` ${b.id} `)) ? `${p} (a built-in workload has that id: choose another)` : p)));
  if (problems.length) throw new UsageError(`--workloads-dir ${dir}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  return read;
}

/**
 * Strips each folder's TypeScript of its types into `target/user/js/<id>/` (relative `.ts`
 * imports rewritten to `.js`), and returns the workloads as a runner's manifest lists them.
 */
export async function stripReferences(folders: readonly UserFolder[], unbuilt: Readonly<Record<string, UserWorkload['unbuilt']>> = {}): Promise<UserWorkload[]> {
  const out: UserWorkload[] = [];
  for (const f of folders) {
    const dest = join(userBase, 'js', f.declaration.id);
    await mkdir(dest, { recursive: true });
    await writeFile(join(dest, 'package.json'), '{ "type": "module", "private": true }\n');
    for (const file of f.files.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))) {
      const rel = file.slice(f.dir.length + 1);
      const target = join(dest, rel.replace(/\.ts$/, '.js'));
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(target, stripSource(await readFile(file, 'utf8'), file));
    }
    const u = unbuilt[f.declaration.id];
    out.push({ ...f.declaration, dir: f.dir, module: join(dest, userFiles.reference.replace(/\.ts$/, '.js')), ...(u && Object.keys(u).length ? { unbuilt: u } : {}) });
  }
  return out;
}
