/**
 * Adapters found by their mechanism id alone (DESIGN.md "Layout"): a runtime's own API at
 * `runners/<runtime>/<id>.ts`, every other at `runners/shared/mechanisms/<id>.ts`. The runners
 * and the load entry both ask here, so a new mechanism is its adapter file and its line in the
 * registry (contract/registry.ts), and no list of adapters is kept anywhere else.
 */
import { mechanismIds, runtimeOwnMechanisms, type MechanismId, type RuntimeName } from '../../contract/registry.ts';
import type { Mechanism } from './mechanism.ts';

/** Where `id`'s adapter lives, relative to this folder. */
export function adapterFile(id: MechanismId, runtime: RuntimeName): string {
  return runtimeOwnMechanisms[id] ? `../${runtime}/${id}.ts` : `./mechanisms/${id}.ts`;
}

/** The mechanisms a runtime has an adapter for: every shared one and its own. */
export function mechanismsOf(runtime: RuntimeName): MechanismId[] {
  return mechanismIds.filter((id) => (runtimeOwnMechanisms[id]?.runtime ?? runtime) === runtime);
}

/** Imports `id`'s adapter; the reason as a string when its file exports none with that id. */
export async function adapterFor(id: MechanismId, runtime: RuntimeName): Promise<Mechanism | string> {
  const file = adapterFile(id, runtime);
  // A computed specifier: Deno checks it like a file read (its runner is granted runners/).
  const mod = await import(file) as Record<string, unknown>;
  const adapter = Object.values(mod).find((v): v is Mechanism => typeof v === 'object' && v !== null && (v as Mechanism).id === id);
  return adapter ?? `${file} exports no Mechanism with id "${id}"`;
}

/** Every adapter of `runtime`, in registry order. Throws naming the file when one is missing,
 *  which is a fault of this repository, not of a measurement. */
export async function adaptersFor(runtime: RuntimeName): Promise<Mechanism[]> {
  return Promise.all(mechanismsOf(runtime).map(async (id) => {
    const a = await adapterFor(id, runtime);
    if (typeof a === 'string') throw new Error(a);
    return a;
  }));
}
