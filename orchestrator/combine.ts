/**
 * `bridgetax merge`: results from several machines (or CI cells) into one document. Each input
 * becomes a machine that keeps its environment and run; its columns are renamed
 * `<runtime id> <machine id>` everywhere (runtimes, cells, skips, failures, the event_loop and
 * parallel entries), so the table
 * model, the analysis and every report keep working per column without knowing about machines.
 * Pure: no I/O.
 */
import { SCHEMA_VERSION } from '../contract/document.ts';
import { crossoversOf, speedupsOf } from './analysis.ts';
import { ResultsSchema, type Environment, type Machine, type Results } from '../contract/results.ts';

/** One file to merge. */
export interface MachineInput {
  results: Results;
  /** Where it came from, for error messages. */
  source: string;
  /** The machine's id; default `<os>-<arch>` of its environment. Not allowed for an input
   *  that is itself a merged document: its machines keep their ids. */
  label?: string;
}

/** A machine id from an environment: `linux-x64`, `darwin-arm64`, `win32-x64`. */
export function defaultLabel(env: Pick<Environment, 'os' | 'arch'>): string {
  return `${env.os}-${env.arch}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** A merged column's id: the runtime column's id and the machine's. */
export const machineColumn = (runtime: string, machine: string) => `${runtime} ${machine}`;

/** A results document as machines: a merged one's own, or a single run as one machine. */
function machinesOf(input: MachineInput, id: string): { machines: Machine[]; results: Results } {
  const r = input.results;
  if (r.machines) return { machines: r.machines, results: r };
  const machine: Machine = { id, environment: r.environment, run: r.run };
  const col = (runtime: string) => machineColumn(runtime, id);
  return {
    machines: [machine],
    results: {
      ...r,
      runtimes: r.runtimes.map((rt) => ({ ...rt, id: col(rt.id), machine: id })),
      cells: r.cells.map((c) => ({ ...c, runtime: col(c.runtime) })),
      skipped: r.skipped.map((s) => ({ ...s, runtime: col(s.runtime) })),
      failures: r.failures.map((f) => ({ ...f, runtime: col(f.runtime) })),
      ...(r.eventLoop ? { eventLoop: r.eventLoop.map((e) => ({ ...e, runtime: col(e.runtime) })) } : {}),
      ...(r.parallel ? { parallel: r.parallel.map((e) => ({ ...e, runtime: col(e.runtime) })) } : {}),
    },
  };
}

/**
 * Merges result documents into one with a `machines` entry per input (a merged input brings
 * all of its machines). Machine ids come from `label` or the environment; two inputs from the
 * same kind of machine without labels become `linux-x64` and `linux-x64-2`. Refuses inputs of
 * different modes (a quick and a full run do not measure alike) and clashing explicit labels.
 */
export function combine(inputs: readonly MachineInput[], o: { now?: Date; argv?: string[] } = {}): Results {
  if (inputs.length === 0) throw new Error('merge needs at least one results file');
  const modes = [...new Set(inputs.map((i) => i.results.run.mode))];
  if (modes.length > 1) {
    throw new Error(`cannot merge runs of different modes (${inputs.map((i) => `${i.source}: ${i.results.run.mode}`).join(', ')}): `
      + 'their figures are not measured alike; merge runs made with the same options');
  }
  const taken = new Map<string, string>();
  const claim = (id: string, source: string) => {
    const other = taken.get(id);
    if (other !== undefined) {
      throw new Error(`machine id "${id}" is used by both ${other} and ${source}: give each input its own label (--labels)`);
    }
    taken.set(id, source);
  };
  // Explicit labels and the ids of already merged inputs are fixed: claim them first, so a
  // derived id gets the suffix rather than a clash.
  for (const i of inputs) {
    if (i.label !== undefined && i.results.machines) {
      throw new Error(`${i.source} is already a merged document: its machines keep their ids (${i.results.machines.map((m) => m.id).join(', ')}); give it no label`);
    }
    if (i.label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(i.label)) {
      throw new Error(`label "${i.label}" for ${i.source}: use letters, digits, '.', '_' and '-' (it becomes part of column names)`);
    }
    if (i.label !== undefined) claim(i.label, i.source);
    for (const m of i.results.machines ?? []) claim(m.id, i.source);
  }
  const parts = inputs.map((i) => {
    let id = i.label;
    if (id === undefined && !i.results.machines) {
      const base = defaultLabel(i.results.environment);
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      claim(id, i.source);
    }
    return machinesOf(i, id ?? '');
  });

  const machines = parts.flatMap((p) => p.machines);
  const runs = machines.map((m) => m.run);
  const now = o.now ?? new Date();
  const merged: Results = {
    schemaVersion: SCHEMA_VERSION,
    run: {
      id: now.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z'),
      startedAt: runs.map((r) => r.startedAt).sort()[0]!,
      finishedAt: runs.map((r) => r.finishedAt).sort().at(-1)!,
      mode: modes[0]!,
      argv: o.argv ?? ['merge', ...inputs.map((i) => i.source)],
    },
    environment: machines[0]!.environment,
    runtimes: parts.flatMap((p) => p.results.runtimes),
    cells: parts.flatMap((p) => p.results.cells),
    skipped: parts.flatMap((p) => p.results.skipped),
    failures: parts.flatMap((p) => p.results.failures),
    ...(parts.some((p) => p.results.eventLoop) ? { eventLoop: parts.flatMap((p) => p.results.eventLoop ?? []) } : {}),
    ...(parts.some((p) => p.results.parallel) ? { parallel: parts.flatMap((p) => p.results.parallel ?? []) } : {}),
    machines,
  };
  merged.analysis = { speedups: speedupsOf(merged.cells), crossovers: crossoversOf(merged.cells) };
  return ResultsSchema.parse(merged);
}
