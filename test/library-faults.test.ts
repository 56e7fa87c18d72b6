/**
 * A built library that is missing, corrupt, cut short or built for another platform: on every
 * runtime, each mechanism that loads it fails with the file and what is wrong with it, and the
 * column goes on (js is verified). The file is checked before it is loaded: dlopen of a library
 * cut short dies of SIGBUS, which would cost the whole column.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactPaths } from '../orchestrator/paths.ts';
import { runColumn } from '../orchestrator/spawn.ts';
import { artifactIds, glueModule, mechanismArtifact, type ArtifactId, type MechanismId } from '../contract/registry.ts';
import { libraryProblem } from '../runners/shared/library-check.ts';
import { artifacts, runtimes } from './helpers.ts';

const found = await runtimes();
const here = `${process.platform}-${process.arch}`;
/** An ELF `e_machine` that is not this machine's. */
const otherCpu = process.arch === 'arm64' ? { machine: 62, name: 'x64' } : { machine: 183, name: 'arm64' };

/** What each artifact is broken like: the C ABI library, a Node-API addon, the wasm module, the wasm-bindgen glue. */
type Shape = 'lib' | 'napi' | 'wasm' | 'wasm-bindgen';
/** Every Node-API addon (napi-rs at each version, napi-sys, neon) is broken and reported like `napi`. */
const shapeOf = (a: ArtifactId): Shape => (a === 'lib' || a === 'wasm' || a === 'wasm-bindgen' ? a : 'napi');

function brokenSet(name: string, make: Record<Shape, (file: string) => void>): ArtifactPaths {
  const dir = mkdtempSync(join(tmpdir(), `bridgetax-${name}-`));
  const out = Object.fromEntries(artifactIds.map((a) => [a, join(dir, `${a}.${{ lib: 'so', napi: 'node', wasm: 'wasm', 'wasm-bindgen': 'js' }[shapeOf(a)]}`)])) as ArtifactPaths;
  for (const a of artifactIds) make[shapeOf(a)](out[a]);
  return out;
}

const otherCpuElf = (file: string) => {
  const b = readFileSync(artifacts.lib);
  b.writeUInt16LE(otherCpu.machine, 18);
  writeFileSync(file, b);
};
const machO = (file: string) => {
  const b = Buffer.alloc(4096);
  b.writeUInt32LE(0xfeedfacf, 0);
  writeFileSync(file, b);
};
const garbage = (file: string) => writeFileSync(file, 'garbage!'.repeat(512));
const cutShort = (file: string) => writeFileSync(file, readFileSync(artifacts.lib).subarray(0, 8192));
/** A right header over a broken body: only the loader can tell, and its message is kept. */
const brokenBody = (file: string) => {
  const b = readFileSync(artifacts.wasm);
  b.fill(0xff, 8, 64);
  writeFileSync(file, b);
};
const missing = () => {};
/** The real glue beside a module that is not wasm. */
const glueOverGarbage = (file: string) => {
  copyFileSync(artifacts['wasm-bindgen'], file);
  garbage(glueModule(file));
};

/** Two sets, so that each runtime meets every fault once in two runs. */
const sets = [
  {
    name: 'other-platform',
    artifacts: brokenSet('other-platform', { lib: otherCpuElf, napi: machO, wasm: garbage, 'wasm-bindgen': glueOverGarbage }),
    lib: new RegExp(`: it is built for ${otherCpu.name} and this is ${here}; rebuild it on this machine`),
    napi: /: it is a Mach-O library, built for another OS; linux loads ELF; rebuild it on this machine/,
    wasm: /: it is not a WebAssembly module \(it starts with 67 61 72 62 61 67 65 21\); `pnpm compare` rebuilds it/,
    'wasm-bindgen': /: its module .*_bg\.wasm: it is not a WebAssembly module \(it starts with 67 61 72 62 61 67 65 21\); `pnpm compare` rebuilds it/,
  },
  {
    name: 'cut-or-missing',
    artifacts: brokenSet('cut-or-missing', { lib: cutShort, napi: missing, wasm: brokenBody, 'wasm-bindgen': missing }),
    lib: /: it is cut short \(8192 bytes; its headers say at least \d+\); `pnpm compare` rebuilds it/,
    napi: /: the file does not exist; `pnpm compare` rebuilds it/,
    wasm: /^failed to load .*: (WebAssembly|.*byte 8)/,
    'wasm-bindgen': /: the file does not exist; `pnpm compare` rebuilds it/,
  },
];


describe.skipIf(process.platform !== 'linux')('broken libraries cost their mechanisms, with the reason', () => {
  for (const runtime of found) {
    for (const set of sets) {
      it(`${runtime.id}: ${set.name}`, async () => {
        const o = await runColumn({ runtime, artifacts: set.artifacts, mode: 'verify', timeoutMs: 120_000, workloads: ['add_i32'] }, () => {});
        if ('failure' in o) throw new Error(`the column itself failed: ${o.failure.reason}\n${o.failure.stderrTail ?? ''}`);
        const doc = o.document;
        expect(doc.cells.map((c) => `${c.mechanism} ${c.verified}`)).toEqual(['js true']);
        const failed = doc.failures.map((f) => f.mechanism!);
        expect(failed.length).toBeGreaterThanOrEqual(3);
        for (const f of doc.failures) {
          const file = mechanismArtifact[f.mechanism as MechanismId]!;
          expect(f.reason, f.mechanism).toMatch(new RegExp(`^(cannot|failed to) load ${set.artifacts[file]}: `));
          expect(f.reason, f.mechanism).toMatch(set[shapeOf(file)]);
        }
      });
    }
  }
});

describe('libraryProblem reads headers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridgetax-headers-'));
  const file = (name: string, bytes: Uint8Array) => {
    const f = join(dir, name);
    writeFileSync(f, bytes);
    return f;
  };

  it('finds nothing wrong with the real artifacts', () => {
    expect(libraryProblem(artifacts.lib, 'native')).toBeUndefined();
    expect(libraryProblem(artifacts.napi, 'native')).toBeUndefined();
    expect(libraryProblem(artifacts.napiSys, 'native')).toBeUndefined();
    expect(libraryProblem(artifacts.neon, 'native')).toBeUndefined();
    expect(libraryProblem(artifacts.wasm, 'wasm')).toBeUndefined();
    expect(libraryProblem(artifacts['wasm-bindgen'], 'glue')).toBeUndefined();
  });

  it('refuses a glue file that is not wasm-bindgen web glue', () => {
    expect(libraryProblem(file('other.js', Buffer.from('export const x = 1;\n')), 'glue'))
      .toBe('it is not wasm-bindgen glue of --target web (it exports no initSync)');
  });

  it.skipIf(process.platform !== 'linux')('names a Windows DLL, a 32-bit ELF, an empty file', () => {
    expect(libraryProblem(file('a.dll', Buffer.from('MZ\x90\x00')), 'native')).toBe('it is a PE (Windows DLL) library, built for another OS; linux loads ELF');
    const elf32 = readFileSync(artifacts.lib);
    elf32[4] = 1;
    expect(libraryProblem(file('a32.so', elf32), 'native')).toBe('it is a 32-bit library and this process is 64-bit');
    expect(libraryProblem(file('empty.so', new Uint8Array(0)), 'native')).toBe('it is not a library (it starts with nothing)');
    const copy = join(dir, 'same.so');
    copyFileSync(artifacts.lib, copy);
    expect(libraryProblem(copy, 'native')).toBeUndefined();
  });
});
