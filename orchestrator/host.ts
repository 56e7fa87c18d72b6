/**
 * Host columns: the host runner (host/, a Rust binary embedding a JS engine) is built when its
 * sources changed, asked which engines it carries, and given a spec file (contract/host-spec.ts)
 * whose references, inputs and answers come from the runner side (runners/host/spec.ts, run as a
 * process), so they are declared once, in contract/ and runners/shared, and never again in Rust.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { start } from './processes.ts';
import ts from 'typescript';
import { z } from 'zod';
import { HostSpecSchema, HostWorkloadsSchema, type HostSpec } from '../contract/host-spec.ts';
import { hostScript } from '../contract/workloads.ts';
import { hostNames, type HostName } from '../contract/registry.ts';
import { SCHEMA_VERSION, columnLabel, stoppingRules } from '../contract/document.ts';
import type { FoundRuntime } from './discover.ts';
import { declarationInputs, filesUnder, fresh, hashOf, stamp } from './build/common.ts';
import { lockedVersions } from './build/frameworks.ts';
import { labelled } from './columns.ts';
import { typeStripping } from './spawn.ts';
import { root } from './paths.ts';

/** One build of the host runner. rquickjs and deno_core's QuickJS variant each link a QuickJS-ng
 *  C library (their symbols would clash in one binary), so each engine is a binary of its own:
 *  the same crate built with other cargo features into its own target dir. */
export interface HostBuildSpec {
  /** Names the build: its stamp, its messages, `BRIDGETAX_HOST_BUILDS`. */
  name: string;
  /** The one column its binary carries (`--describe` says so too). */
  column: { name: HostName; label?: string };
  /** Cargo features, on top of the crate's defaults unless `noDefaultFeatures`. */
  features: string[];
  noDefaultFeatures: boolean;
  /** Its own target dir (under the workspace's target/), so no build overwrites another. */
  targetDir: string;
  /** Built only when `BRIDGETAX_HOST_BUILDS` names it (the V8 build, which downloads V8: CI). */
  optIn?: boolean;
  /** Environment the build needs beyond the caller's. */
  env?: () => Promise<NodeJS.ProcessEnv>;
}

/** Debian's libsimde-dev, where WAMR (in v8x) would otherwise clone simde from GitHub. */
const debianSimde = '/usr/include/simde';

/** WAMR's CMake fetches simde with FetchContent; host/simde.cmake, as a toolchain file (CMake
 *  >= 3.21 reads CMAKE_TOOLCHAIN_FILE from the environment; v8x's build.rs runs cmake directly),
 *  points it at Debian's copy and keeps the build offline. Without one (CI), CMake fetches it. */
async function simdeEnv(): Promise<NodeJS.ProcessEnv> {
  if (process.env.CMAKE_TOOLCHAIN_FILE || !existsSync(debianSimde)) return {};
  return { CMAKE_TOOLCHAIN_FILE: join(root, 'host', 'simde.cmake') };
}

/** Every build of the host runner, declared once. */
export const hostBuilds: readonly HostBuildSpec[] = [
  { name: 'rquickjs', column: { name: 'rquickjs' }, features: [], noDefaultFeatures: false, targetDir: join(root, 'target') },
  {
    name: 'deno_core-quickjs', column: { name: 'deno_core', label: 'quickjs' }, features: ['deno_core-quickjs'], noDefaultFeatures: true,
    targetDir: join(root, 'target', 'host-deno_core-quickjs'), env: simdeEnv,
  },
  { name: 'deno_core', column: { name: 'deno_core' }, features: ['deno_core'], noDefaultFeatures: true, targetDir: join(root, 'target', 'host-deno_core'), optIn: true },
];

/** A host build's binary as cargo writes it. */
export function hostBinary(b: HostBuildSpec = hostBuilds[0]!, platform: NodeJS.Platform = process.platform): string {
  return join(b.targetDir, 'release', `bridgetax-host${platform === 'win32' ? '.exe' : ''}`);
}

/** Whether any default host build's binary exists here (built before, fresh or not). */
export function hostRunnerBuilt(): boolean {
  return hostBuilds.some((b) => !b.optIn && existsSync(hostBinary(b)));
}

/** The builds to make: `BRIDGETAX_HOST_BUILDS=a,b` names them exactly (CI's V8 cell: `deno_core`);
 *  otherwise every one not opt-in. Of those, only the ones carrying a column asked for. */
export function hostBuildsFor(wanted?: string[], env: NodeJS.ProcessEnv = process.env): HostBuildSpec[] {
  const named = (env.BRIDGETAX_HOST_BUILDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = named.filter((n) => !hostBuilds.some((b) => b.name === n));
  if (unknown.length) throw new Error(`BRIDGETAX_HOST_BUILDS: unknown build ${unknown.join(', ')}; valid: ${hostBuilds.map((b) => b.name).join(', ')}`);
  const chosen = named.length ? hostBuilds.filter((b) => named.includes(b.name)) : hostBuilds.filter((b) => !b.optIn);
  return chosen.filter((b) => !wanted || wanted.some((w) => asksFor(w, b.column)));
}

/** Whether a `--runtimes` entry (`deno_core`, `deno_core@0.413.0`, `deno_core@0.413.0#quickjs`)
 *  asks for a column: a bare name asks for each build of it, a version for the unlabelled one. */
export function asksFor(entry: string, column: { name: string; label?: string }): boolean {
  const m = /^([^@#]+)(?:@([^#]*))?(?:#(.*))?$/.exec(entry);
  if (!m || m[1] !== column.name) return false;
  return m[2] === undefined && m[3] === undefined ? true : m[3] === column.label;
}

/** One host build's outcome: its binary, or why it could not be built (costs its column only). */
export type HostBuild = { build: HostBuildSpec; binary: string; built: boolean } | { build: HostBuildSpec; unavailable: string };

/** Builds each host binary asked for whose inputs (its crate, the kernels, the lockfile, the
 *  compiler, its features) changed since its last build; a build that fails costs its column. */
export async function buildHost(opts: { verbose?: boolean; wanted?: string[] } = {}): Promise<HostBuild[]> {
  const inputs = [...await filesUnder(join(root, 'host', 'src')), ...await filesUnder(join(root, 'kernels', 'src')),
    join(root, 'host', 'Cargo.toml'), join(root, 'host', 'build.rs'), ...declarationInputs(),
    join(root, 'Cargo.toml'), join(root, 'Cargo.lock')];
  let cargoVersion: string;
  const builds = hostBuildsFor(opts.wanted);
  try {
    cargoVersion = (await start('cargo', ['--version'], { cwd: root })).stdout.trim();
  } catch (e) {
    return builds.map((build) => ({ build, unavailable: `cargo is not available to build the host runner: ${(e as Error).message}` }));
  }
  const out: HostBuild[] = [];
  // One at a time: each is a full cargo build, and they share the registry and the machine.
  for (const b of builds) out.push(await buildOne(b, inputs, cargoVersion, opts.verbose ?? false));
  return out;
}

/** The cargo command line of a host build. */
export function hostCargoArgs(b: HostBuildSpec): string[] {
  return ['build', '--release', '-p', 'bridgetax-host', ...(b.noDefaultFeatures ? ['--no-default-features'] : []),
    ...(b.features.length ? ['--features', b.features.join(',')] : []), '--target-dir', b.targetDir];
}

async function buildOne(b: HostBuildSpec, inputs: string[], cargoVersion: string, verbose: boolean): Promise<HostBuild> {
  const binary = hostBinary(b);
  const env = await b.env?.() ?? {};
  const hash = await hashOf(inputs, `${process.platform}-${process.arch} ${cargoVersion} features=${b.features.join(',')} no-default=${b.noDefaultFeatures} env=${JSON.stringify(env)}`);
  const stampName = b.name === 'rquickjs' ? 'host' : `host-${b.name}`;
  if (await fresh(stampName, hash, [binary]) === true) return { build: b, binary, built: false };
  const args = hostCargoArgs(b);
  const r = await start('cargo', args, { cwd: root, reject: false, all: true, env: { ...process.env, ...env }, ...(verbose ? { stdout: 'inherit', stderr: 'inherit' } : {}) });
  if (r.exitCode !== 0) {
    const tail = String(r.all ?? '').split('\n').slice(-15).join('\n');
    return { build: b, unavailable: `the host runner's ${b.name} build did not build (\`cargo ${args.join(' ')}\` exited ${r.exitCode})${tail ? `:\n${tail}` : ''}` };
  }
  await stamp(stampName, hash, [binary]);
  return { build: b, binary, built: true };
}

const DescribedSchema = z.array(z.object({
  name: z.enum(hostNames),
  /** The crate version (for a missing engine, the one the lockfile would build). */
  version: z.string().min(1).optional(),
  /** A build told apart from another of the same crate version (deno_core over QuickJS-ng). */
  label: columnLabel.optional(),
  engine: z.object({ name: z.string(), version: z.string() }).optional(),
  unavailable: z.string().optional(),
}));

/** A host column a built runner lacks, and why. `key` is its name and label: another binary
 *  may carry it. */
export interface MissingHost { id: string; name: HostName; key: string; reason: string }

/** The engines a built host runner carries (as columns) and those it lacks, with the reason. */
export async function discoverHosts(binary: string): Promise<{ found: FoundRuntime[]; missing: MissingHost[] }> {
  const { stdout } = await start(binary, ['--describe'], { timeout: 30_000 });
  const described = DescribedSchema.parse(JSON.parse(stdout));
  const found: FoundRuntime[] = [];
  const missing: MissingHost[] = [];
  for (const d of described) {
    const key = d.label ? `${d.name}#${d.label}` : d.name;
    if (d.unavailable || !d.version) {
      missing.push({ id: d.version ? `${d.name}@${d.version}${d.label ? `#${d.label}` : ''}` : key, name: d.name, key, reason: d.unavailable ?? 'the host runner reported no version for it' });
    } else {
      const plain = { id: `${d.name}@${d.version}`, name: d.name, version: d.version, execPath: binary, source: 'built' } satisfies FoundRuntime;
      // Labelled like a build given by path: the runner runs under the plain id and is relabelled.
      found.push(d.label ? labelled(plain, d.label) : plain);
    }
  }
  return { found, missing };
}

/** The column a host build carries, named for its failures (its version from the lockfile). */
export async function hostColumnId(b: HostBuildSpec): Promise<string> {
  const v = (await lockedVersions(join(root, 'Cargo.lock'), [b.column.name]))[b.column.name];
  return `${b.column.name}${v ? `@${v}` : ''}${b.column.label ? `#${b.column.label}` : ''}`;
}

/** Modules the reference imports that an embedded engine lacks: stubs whose functions throw,
 *  so the module loads and only the workload that needs them (skipped, `hostSkips`) would fail. */
const stubModules = [{ name: 'node:crypto', source: "export function createHash() { throw new Error('node:crypto is not in an embedded engine'); }" }];
/** The reference module builds one TextEncoder when it loads; QuickJS-ng has none. */
const prelude = "if (typeof TextEncoder === 'undefined') globalThis.TextEncoder = class TextEncoder { encode() { throw new Error('TextEncoder is not in this engine'); } };";

/** What the host runner measures (contract/host-spec.ts): the workloads with their inputs and
 *  answers, from the runner side (runners/host/spec.ts, run as a process: the orchestrator
 *  imports no runner code), and the reference module's source, the stopping rule and the
 *  document version, declared once here and in contract/. */
export async function hostSpec(): Promise<HostSpec> {
  const source = await readFile(join(root, 'runners', 'shared', 'reference.ts'), 'utf8');
  const referenceModule = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
  const dir = await mkdtemp(join(tmpdir(), 'bridgetax-host-spec-'));
  try {
    const out = join(dir, 'workloads.json');
    await start(process.execPath, [...typeStripping(process.versions.node), join(root, 'runners', 'host', 'spec.ts'), '--out', out], { cwd: root, timeout: 60_000 });
    const workloads = HostWorkloadsSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    // The document version the host runner writes, declared once (document.ts).
    // The stopping rule too: host cells stop as the JS runners' do.
    return HostSpecSchema.parse({ schemaVersion: SCHEMA_VERSION, stopping: stoppingRules, referenceModule, stubModules, prelude, script: hostScript, workloads });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the spec where the host runner reads it; returns the path. */
export async function writeHostSpec(file = join(root, 'target', 'bridgetax', 'host-spec.json')): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(await hostSpec()));
  await rename(tmp, file);
  return file;
}
