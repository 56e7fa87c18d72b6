/**
 * The runner side of the host columns: the workloads a host runner (host/, Rust embedding a JS
 * engine) measures, with their inputs and the answers computed here by the JS references, so
 * they are declared once (contract/ and runners/shared) and never again in Rust. The orchestrator
 * runs this as a process (`node runners/host/spec.ts --out FILE`) and never imports it; it adds
 * the reference module's source and the stopping rule (orchestrator/host.ts), and the host
 * runner reads the result (host/src/spec.rs `Spec`, contract/host-spec.ts).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { hostArgTypes, HostWorkloadsSchema, type HostArg, type HostWorkloadSpec } from '../../contract/host-spec.ts';
import type { ArgType } from '../../contract/types.ts';
import { hostCatalogueWorkloads, hostSkips, paramsIn } from '../../contract/workloads.ts';
import { hostWorkloads, workloadById } from '../shared/catalogue.ts';

/** One argument in the host runner's words (host/src/spec.rs `Arg`). */
function encodeArg(type: ArgType | 'payments', value: unknown): HostArg {
  const v = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;
  return { type, value: v };
}

/** A call's answer as JSON: a number, or an array (a written argument's content when `observe`). */
function answerOf(result: unknown, args: unknown[], observe?: number): unknown {
  const r = observe === undefined ? result : args[observe];
  return ArrayBuffer.isView(r) ? Array.from(r as unknown as ArrayLike<number>) : r;
}

/** Whether a quick run measures `w` at `param` (the host runner skips the rest in quick mode). */
const isHeadline = (w: Parameters<typeof paramsIn>[0], param: number | null) => paramsIn(w, 'quick').includes(param);

/** Every host workload and catalogue workload a host column runs, per param, with its answer. */
export function hostWorkloadSpecs(): HostWorkloadSpec[] {
  const specs: HostWorkloadSpec[] = [];
  for (const w of hostWorkloads) {
    for (const param of w.params) {
      specs.push({
        id: w.id, group: w.group, param, headline: isHeadline(w, param), paramUnit: w.paramUnit ?? null, function: w.function ?? '', via: null,
        args: w.input(param).map((a) => encodeArg('payments', a)), observe: null, freshArgs: false, tolerance: null,
        expected: w.expected(param), perItem: w.perItem ?? null, skip: null, rustSkip: w.rustSkip ?? null,
      });
    }
  }
  for (const id of hostCatalogueWorkloads) {
    const w = workloadById(id);
    if (!w) throw new Error(`host catalogue workload ${id} is not declared`);
    const foreign = w.args.filter((t) => !hostArgTypes.includes(t));
    if (foreign.length) {
      // Declared in the host's words, with no input: the host runner reports it skipped.
      for (const param of w.params) {
        specs.push({
          id: w.id, group: w.group, param, headline: isHeadline(w, param), paramUnit: w.paramUnit ?? null, function: w.id, via: null, args: [], observe: null,
          freshArgs: false, tolerance: null, expected: null, perItem: w.perItem ?? null, rustSkip: null,
          skip: `the host runner takes arguments of ${hostArgTypes.join(', ')}; ${w.id} takes ${[...new Set(foreign)].join(', ')}`,
        });
      }
      continue;
    }
    for (const param of w.params) {
      const args = w.input(param);
      const callee = w.via ? workloadById(w.via.workload)!.reference : w.reference;
      const loop = w.via ? new Function(...w.via.params, w.via.body) as (...a: unknown[]) => unknown : undefined;
      const expectedArgs = w.input(param);
      const result = loop ? loop(callee, ...expectedArgs) : (w.reference as (...a: unknown[]) => unknown)(...expectedArgs);
      specs.push({
        id: w.id, group: w.group, param, headline: isHeadline(w, param), paramUnit: w.paramUnit ?? null, function: w.via?.workload ?? w.id,
        via: w.via ? { params: w.via.params, body: w.via.body } : null,
        args: args.map((a, i) => encodeArg(w.args[i]!, a)), observe: w.observe ?? null, freshArgs: w.freshArgs ?? false,
        tolerance: w.tolerance ?? null, expected: answerOf(result, expectedArgs, w.observe), perItem: w.perItem ?? null,
        skip: hostSkips[w.id] ?? null, rustSkip: null,
      });
    }
  }
  return HostWorkloadsSchema.parse(specs);
}

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) throw new Error('usage: node runners/host/spec.ts --out FILE');
await mkdir(dirname(values.out), { recursive: true });
const tmp = `${values.out}.${process.pid}.tmp`;
await writeFile(tmp, JSON.stringify(hostWorkloadSpecs()));
await rename(tmp, values.out);
