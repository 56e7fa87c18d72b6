/**
 * Host columns: the host runner (host/, a Rust binary embedding a JS engine) is built when its
 * sources changed, asked which engines it carries, and given a spec file written from the
 * workload catalogue, so the references, inputs and answers it checks are declared once, in
 * runners/shared, and never again in Rust.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { start } from './processes.ts';
import ts from 'typescript';
import { z } from 'zod';
import {
  hostCatalogueWorkloads, hostNames, hostScript, hostSkips, hostWorkloads, workloadById,
  type ArgType, type HostName,
} from '../runners/shared/catalogue.ts';
import { SCHEMA_VERSION, stoppingRules } from '../runners/shared/document.ts';
import type { FoundRuntime } from './discover.ts';
import { filesUnder, fresh, hashOf, stamp } from './build.ts';
import { root } from './paths.ts';

/** The host runner's binary as cargo writes it. */
export function hostBinary(platform: NodeJS.Platform = process.platform): string {
  return join(root, 'target', 'release', `bridgetax-host${platform === 'win32' ? '.exe' : ''}`);
}

/** Cargo features of the host runner (`BRIDGETAX_HOST_FEATURES=a,b`), part of its build hash. */
export function hostFeatures(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.BRIDGETAX_HOST_FEATURES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The built host runner, or why it could not be built (costs the host columns only). */
export type HostBuild = { binary: string; built: boolean } | { unavailable: string };

/** Builds the host runner when its inputs (its crate, the kernels, the lockfile, the compiler,
 *  the features) changed since the last build. */
export async function buildHost(opts: { verbose?: boolean } = {}): Promise<HostBuild> {
  const binary = hostBinary();
  const features = hostFeatures();
  const inputs = [...await filesUnder(join(root, 'host', 'src')), ...await filesUnder(join(root, 'kernels', 'src')),
    join(root, 'host', 'Cargo.toml'), join(root, 'host', 'build.rs'), join(root, 'kernels', 'Cargo.toml'),
    join(root, 'Cargo.toml'), join(root, 'Cargo.lock')];
  let cargoVersion: string;
  try {
    cargoVersion = (await start('cargo', ['--version'], { cwd: root })).stdout.trim();
  } catch (e) {
    return { unavailable: `cargo is not available to build the host runner: ${(e as Error).message}` };
  }
  const hash = await hashOf(inputs, `${process.platform}-${process.arch} ${cargoVersion} features=${features.join(',')}`);
  if (await fresh('host', hash, [binary]) === true) return { binary, built: false };
  const args = ['build', '--release', '-p', 'bridgetax-host', ...(features.length ? ['--features', features.join(',')] : [])];
  const r = await start('cargo', args, { cwd: root, reject: false, all: true, ...(opts.verbose ? { stdout: 'inherit', stderr: 'inherit' } : {}) });
  if (r.exitCode !== 0) {
    const tail = String(r.all ?? '').split('\n').slice(-15).join('\n');
    return { unavailable: `the host runner did not build (\`cargo ${args.join(' ')}\` exited ${r.exitCode})${tail ? `:\n${tail}` : ''}` };
  }
  await stamp('host', hash, [binary]);
  return { binary, built: true };
}

const DescribedSchema = z.array(z.object({
  name: z.enum(hostNames),
  /** Absent for an engine this binary lacks (nothing of it was built). */
  version: z.string().min(1).optional(),
  engine: z.object({ name: z.string(), version: z.string() }).optional(),
  unavailable: z.string().optional(),
}));

/** The engines a built host runner carries (as columns) and those it lacks, with the reason. */
export async function discoverHosts(binary: string): Promise<{ found: FoundRuntime[]; missing: { id: string; name: HostName; reason: string }[] }> {
  const { stdout } = await start(binary, ['--describe'], { timeout: 30_000 });
  const described = DescribedSchema.parse(JSON.parse(stdout));
  const found: FoundRuntime[] = [];
  const missing: { id: string; name: HostName; reason: string }[] = [];
  for (const d of described) {
    if (d.unavailable || !d.version) {
      missing.push({ id: d.name, name: d.name, reason: d.unavailable ?? 'the host runner reported no version for it' });
    } else {
      found.push({ id: `${d.name}@${d.version}`, name: d.name, version: d.version, execPath: binary, source: 'built' });
    }
  }
  return { found, missing };
}

/** Modules the reference imports that an embedded engine lacks: stubs whose functions throw,
 *  so the module loads and only the workload that needs them (skipped, `hostSkips`) would fail. */
const stubModules = [{ name: 'node:crypto', source: "export function createHash() { throw new Error('node:crypto is not in an embedded engine'); }" }];
/** The reference module builds one TextEncoder when it loads; QuickJS-ng has none. */
const prelude = "if (typeof TextEncoder === 'undefined') globalThis.TextEncoder = class TextEncoder { encode() { throw new Error('TextEncoder is not in this engine'); } };";

/** One argument in the host runner's words (host/src/spec.rs `Arg`). */
function encodeArg(type: ArgType | 'payments', value: unknown): { type: string; value: unknown } {
  const v = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;
  return { type, value: v };
}

/** A call's answer as JSON: a number, or an array (a written argument's content when `observe`). */
function answerOf(result: unknown, args: unknown[], observe?: number): unknown {
  const r = observe === undefined ? result : args[observe];
  return ArrayBuffer.isView(r) ? Array.from(r as unknown as ArrayLike<number>) : r;
}

/** What the host runner measures, from the catalogue: see host/src/spec.rs `Spec`. */
export async function hostSpec(): Promise<unknown> {
  const source = await readFile(join(root, 'runners', 'shared', 'reference.ts'), 'utf8');
  const referenceModule = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
  const specs: unknown[] = [];
  for (const w of hostWorkloads) {
    for (const param of w.params) {
      specs.push({
        id: w.id, group: w.group, param, paramUnit: w.paramUnit ?? null, function: w.function ?? '', via: null,
        args: w.input(param).map((a) => encodeArg('payments', a)), observe: null, freshArgs: false, tolerance: null,
        expected: w.expected(param), perItem: w.perItem ?? null, skip: null, rustSkip: w.rustSkip ?? null,
      });
    }
  }
  for (const id of hostCatalogueWorkloads) {
    const w = workloadById(id)!;
    for (const param of w.params) {
      const args = w.input(param);
      const callee = w.via ? workloadById(w.via.workload)!.reference : w.reference;
      const loop = w.via ? new Function(...w.via.params, w.via.body) as (...a: unknown[]) => unknown : undefined;
      const expectedArgs = w.input(param);
      const result = loop ? loop(callee, ...expectedArgs) : (w.reference as (...a: unknown[]) => unknown)(...expectedArgs);
      specs.push({
        id: w.id, group: w.group, param, paramUnit: w.paramUnit ?? null, function: w.via?.workload ?? w.id,
        via: w.via ? { params: w.via.params, body: w.via.body } : null,
        args: args.map((a, i) => encodeArg(w.args[i]!, a)), observe: w.observe ?? null, freshArgs: w.freshArgs ?? false,
        tolerance: w.tolerance ?? null, expected: answerOf(result, expectedArgs, w.observe), perItem: w.perItem ?? null,
        skip: hostSkips[w.id] ?? null, rustSkip: null,
      });
    }
  }
  // The document version the host runner writes, declared once (document.ts).
  // The stopping rule too: host cells stop as the JS runners' do.
  return { schemaVersion: SCHEMA_VERSION, stopping: stoppingRules, referenceModule, stubModules, prelude, script: hostScript, workloads: specs };
}

/** Writes the spec where the host runner reads it; returns the path. */
export async function writeHostSpec(file = join(root, 'target', 'bridgetax', 'host-spec.json')): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(await hostSpec()));
  await rename(tmp, file);
  return file;
}
