/**
 * `pnpm bridgetax new <name>`: writes a workload folder a user fills in (contract/user-workloads.ts):
 * a declaration, a Rust crate holding the kernel, and the JS half. The folder works as written:
 * its kernel is Adler-32 over a Uint8Array and its JS reference the same in plain JS, so
 * `compare --workloads-dir` measures it before a line is changed, and each file says what to
 * change. Nothing that exists is overwritten.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userArgTypes, userCrate, userFiles, userRetTypes, rustReturns, rustShapes } from '../../contract/user-workloads.ts';
import { workloadId } from '../../contract/workloads-schema.ts';
import { builtinDeclarations } from '../../contract/workloads.ts';
import { UsageError } from '../errors.ts';

/** The files of a new workload, by path in its folder. */
export function scaffoldFiles(id: string): Record<string, string> {
  const crate = userCrate(id);
  const declaration = {
    id, group: 'compute',
    summary: 'Adler-32 of a Uint8Array (replace with what your function does)',
    args: ['bytes'], ret: 'u32', params: [1024, 1048576], headline: 1024, paramUnit: 'bytes',
  };
  const shapes = userArgTypes.map((t) => `//   ${t.padEnd(9)} ${rustShapes[t]}`).join('\n');
  const returns = userRetTypes.map((t) => `//   ${t.padEnd(9)} fn …(…)${rustReturns[t] || ' (nothing)'}`).join('\n');
  return {
    [userFiles.declaration]: `${JSON.stringify(declaration, null, 2)}\n`,
    [userFiles.manifest]: `# The crate of your workload's kernel. Add crates from the crates registry under
# [dependencies]; every binding is built with them. The two wasm mechanisms build with Rust 1.63:
# a crate that needs a newer Rust is left out of them, with the compiler's message in the report.
[package]
name = "${crate}"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]

# Its own workspace, so \`cargo test\` works in this folder wherever it is.
[workspace]
`,
    [userFiles.kernel]: `//! The kernel of \`${id}\`: a public function named as the workload. Every binding (napi-rs,
//! neon, raw Node-API, the C ABI behind koffi and each runtime's FFI, wasm, wasm-bindgen, the
//! HTTP service) is generated from ${userFiles.declaration} around it.
//!
//! Each argument type word of ${userFiles.declaration} arrives as:
${shapes.replace(/^\/\/ /gm, '//! ')}
//!
//! and each result type word is returned as:
${returns.replace(/^\/\/ /gm, '//! ')}
//!
//! \`records<shape>\` (in or out): a slice or Vec of a struct this crate defines, declared in
//! ${userFiles.declaration} as "records": { "shape": { "key": "type", … } } (docs/your-own.md).
//!
//! A panic aborts the process that called it (the bindings are built with panic = "abort"):
//! return a value instead. Integer results should wrap as the JS reference does.

/// Adler-32 (RFC 1950) of \`data\`. Replace with your function.
pub fn ${id}(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the longest run whose sums cannot overflow a u32 before the modulo.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    #[test]
    fn wikipedia() {
        assert_eq!(super::${id}(b"Wikipedia"), 0x11E6_0398);
    }
}
`,
    [userFiles.reference]: `/**
 * The JS half of \`${id}\`: what a user would write (or call) in JS instead of crossing into
 * Rust, and the inputs. Every mechanism's answer must equal \`reference\`'s for the same input,
 * before and after timing. Runs in Node, Bun and Deno: no runtime-only API, no imports of
 * bridgetax's files.
 */

/** The arguments for one size (a param of ${userFiles.declaration}): made fresh on every call,
 *  the same every time (no Math.random: every runtime must see the same input). */
export function input(param: number | null): unknown[] {
  const n = param ?? 0;
  const bytes = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return [bytes];
}

/** Adler-32 of \`data\`, in plain JS. Replace with your function's JS version. */
export function reference(data: Uint8Array): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i += 5552) {
    const end = Math.min(i + 5552, data.length);
    for (let j = i; j < end; j++) {
      a += data[j]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

// A library or runtime built-in a user would call instead, measured as \`platform\`: export it as
// \`platform\` and add "platform": true to ${userFiles.declaration}.
`,
  };
}

/** Writes a new workload folder `<dir>/<name>`; returns its path. Refuses a bad name, a name a
 *  built-in workload has, and a folder that exists. */
export async function scaffold(name: string, dir: string): Promise<string> {
  const id = workloadId.safeParse(name);
  if (!id.success) throw new UsageError(`"${name}" is not a workload name: ${id.error.issues[0]?.message ?? 'use snake_case'}`);
  if (builtinDeclarations.some((w) => w.id === name)) throw new UsageError(`"${name}" is a built-in workload: choose another name`);
  const folder = join(dir, name);
  if (existsSync(folder)) throw new UsageError(`${folder} exists: nothing was written (choose another name or --dir)`);
  const files = scaffoldFiles(name);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(folder, rel, '..'), { recursive: true });
    await writeFile(join(folder, rel), text, { flag: 'wx' });
  }
  return folder;
}
