/**
 * Which runtime is executing this file. Runners check it against the column they were
 * launched for, so a PATH mix-up can never label one runtime's numbers with another's name.
 */
import process from 'node:process';
import type { JsRuntimeInfo as RuntimeInfo } from '../../contract/document.ts';
import type { RuntimeName } from '../../contract/registry.ts';

interface BunGlobal { version: string }
interface DenoGlobal { version: { deno: string }; execPath(): string }

/** Detects the executing runtime and its exact version. */
export function detectRuntime(): RuntimeInfo {
  const g = globalThis as { Bun?: BunGlobal; Deno?: DenoGlobal };
  let name: RuntimeName;
  let version: string;
  let execPath = process.execPath;
  if (g.Bun) {
    name = 'bun';
    version = g.Bun.version;
  } else if (g.Deno) {
    name = 'deno';
    version = g.Deno.version.deno;
    try {
      execPath = g.Deno.execPath();
    } catch {
      // Reading the path needs a read permission we do not ask for; keep Node-compat's value.
    }
  } else {
    name = 'node';
    version = process.versions.node;
  }
  return { id: `${name}@${version}`, name, version, execPath: execPath || name };
}
