/**
 * What is wrong with a built file a mechanism is about to load, read from its header: missing,
 * not a library at all, a library for another OS or CPU, or cut short. The loaders' own words
 * mislead (glibc's dlopen says "No such file or directory" for an ELF built for another CPU;
 * koffi and wasm name no file) or never come (dlopen of a file cut short dies of SIGBUS).
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import process from 'node:process';
import { artifactKinds, glueModule, type ArtifactId, type ArtifactKind } from '../../contract/registry.ts';

/** ELF `e_machine` values by Node's `process.arch`, and names for the ones met in the wild. */
const ELF_MACHINE: Readonly<Record<number, string>> = {
  3: 'ia32', 8: 'mips', 20: 'ppc', 21: 'ppc64', 22: 's390x', 40: 'arm', 62: 'x64', 183: 'arm64', 243: 'riscv64', 258: 'loong64',
};

/** The object format each OS loads natively. */
const FORMAT_OF_OS: Readonly<Partial<Record<NodeJS.Platform, string>>> = { linux: 'ELF', darwin: 'Mach-O', win32: 'PE (Windows DLL)' };

function head(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

const hex = (b: Uint8Array) => [...b.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** The object format of a native library's first bytes. */
function formatOf(b: Uint8Array): string | undefined {
  if (b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) return 'ELF';
  const magic = b.length >= 4 ? new DataView(b.buffer, b.byteOffset).getUint32(0, false) : 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return 'Mach-O';
  if (b[0] === 0x4d && b[1] === 0x5a) return 'PE (Windows DLL)';
  return undefined;
}

/** Problems with an ELF file for this process: class, byte order, CPU, size. */
function elfProblem(b: Uint8Array, size: number): string | undefined {
  if (b.length < 64) return `it is cut short (${size} bytes, less than an ELF header)`;
  const le = b[5] === 1;
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const machine = view.getUint16(18, le);
  const cpu = ELF_MACHINE[machine] ?? `ELF machine ${machine}`;
  if (cpu !== process.arch) return `it is built for ${cpu} and this is ${process.platform}-${process.arch}`;
  if (b[4] !== 2 && /64/.test(process.arch)) return 'it is a 32-bit library and this process is 64-bit';
  if (!le) return 'it is big-endian and this CPU is little-endian';
  // The section header table ends the file: a file shorter than that was cut short.
  const end = Number(view.getBigUint64(0x28, true)) + view.getUint16(0x3a, true) * view.getUint16(0x3c, true);
  if (b[4] === 2 && end > size) return `it is cut short (${size} bytes; its headers say at least ${end})`;
  return undefined;
}

/**
 * Explains why `path` (a native library, a wasm module or wasm-bindgen glue) can't be loaded
 * here, or returns undefined when its header looks right (the loader's message is then all
 * there is).
 */
export function libraryProblem(path: string, kind: ArtifactKind): string | undefined {
  if (kind === 'glue') return glueProblem(path);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return 'the file does not exist';
  }
  const b = head(path, 64);
  if (kind === 'wasm') {
    const ok = b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;
    return ok ? undefined : `it is not a WebAssembly module (it starts with ${hex(b) || 'nothing'})`;
  }
  const format = formatOf(b);
  const expected = FORMAT_OF_OS[process.platform];
  if (!format) return `it is not a library (it starts with ${hex(b) || 'nothing'})`;
  if (expected && format !== expected) return `it is a ${format} library, built for another OS; ${process.platform} loads ${expected}`;
  return format === 'ELF' ? elfProblem(b, size) : undefined;
}

/** A wasm-bindgen glue file and the module beside it: a JS file that is not text or names no
 *  `initSync` is not the glue (a syntax error in a file cut short is the loader's to report). */
function glueProblem(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'the file does not exist';
  }
  if (!/\bexport\s*\{\s*initSync\s*\}/.test(text)) return 'it is not wasm-bindgen glue of --target web (it exports no initSync)';
  const module = glueModule(path);
  const problem = libraryProblem(module, 'wasm');
  return problem && `its module ${module}: ${problem}`;
}

/**
 * Checked before a mechanism loads its file: the reason it must not be loaded, or undefined.
 * Before, not after, because some broken files crash the loader instead of failing it (dlopen of
 * a library cut short dies of SIGBUS, taking the whole column with it).
 */
export function unloadable(artifact: ArtifactId, path: string): string | undefined {
  const problem = libraryProblem(path, artifactKinds[artifact]);
  if (!problem) return undefined;
  const fix = /^it is (built for|a 32-bit|big-endian|a .* library, built)/.test(problem)
    ? 'rebuild it on this machine (`pnpm compare` does)' : '`pnpm compare` rebuilds it';
  return `cannot load ${path}: ${problem}; ${fix}`;
}

/** The failure reason for a mechanism whose `load` threw: its file, then the loader's message. */
export function loadFailure(path: string | undefined, message: string): string {
  return path ? `failed to load ${path}: ${message}` : `failed to load: ${message}`;
}
