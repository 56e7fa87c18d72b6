/**
 * Property checks (runners/shared/property.ts) on every runtime: each loaded mechanism, on every
 * workload, answers like the JS reference for random inputs drawn from the workload's neutral
 * types (fast-check), including empty and 1 MiB buffers at an offset, every byte value, and
 * every integer and float edge, non-ASCII strings and lone surrogates, arbitrary callbacks. The
 * seed changes per run and is in any failure's reason; BT_RUNS sets the runs (50 by default:
 * about 1.5 s per runtime; 300 runs passed on every runtime when this was written).
 */
import { describe, expect, it } from 'vitest';
import { runColumn } from '../orchestrator/spawn.ts';
import { workloads } from '../runners/shared/catalogue.ts';
import { arbitraries } from '../runners/shared/property.ts';
import { isRecords } from '../contract/types.ts';
import { recordFields } from '../contract/workloads.ts';
import { artifacts, faultEntry, node26, runtimes } from './helpers.ts';

const found = await runtimes();
const runs = Number(process.env.BT_RUNS ?? 50);
const seed = Date.now() % 2 ** 31;

describe('property checks', () => {
  it('have an arbitrary for every argument type in the catalogue', () => {
    // records<shape> draws from its shape's fields (recordFields), each of a known field type.
    for (const w of workloads) for (const t of w.args) if (!isRecords(t)) expect(arbitraries, `${w.id}: ${t}`).toHaveProperty(t);
    for (const w of workloads) for (const t of w.args.filter(isRecords)) expect(recordFields(t), `${w.id}: ${t}`).toBeDefined();
  });

  for (const runtime of found) {
    it(`${runtime.id}: every mechanism answers like the reference on ${runs} random inputs per workload (seed ${seed})`, async () => {
      const o = await runColumn({ runtime, artifacts, mode: 'verify', timeoutMs: 300_000, property: { runs }, seed }, () => {});
      if ('failure' in o) throw new Error(`${o.failure.reason}\n${o.failure.stderrTail ?? ''}`);
      const doc = o.document;
      expect(doc.failures).toEqual([]);
      // Every verified cell's mechanism × workload was property-checked, all runs through.
      const cells = new Set(doc.cells.map((c) => `${c.mechanism} ${c.workload}`));
      const checked = new Set(doc.properties?.map((p) => `${p.mechanism} ${p.workload}`));
      expect(checked).toEqual(cells);
      expect(doc.properties!.every((p) => p.runs === runs && p.seed === seed)).toBe(true);
    });
  }

  it('catch a bug the fixed inputs miss: a mechanism blind to byteOffset', async () => {
    const runtime = await node26();
    const o = await runColumn({
      runtime, artifacts, mode: 'verify', timeoutMs: 120_000, entry: faultEntry('offset-blind-runner.ts'),
      workloads: ['bytes_sum'], mechanisms: ['js', 'napi'], property: { runs }, seed,
    }, () => {});
    if ('failure' in o) throw new Error(o.failure.reason);
    const doc = o.document;
    // The catalogue's cells (offset 0) verify; the property check does not.
    expect(doc.cells.every((c) => c.verified)).toBe(true);
    expect(doc.failures).toHaveLength(1);
    const f = doc.failures[0]!;
    expect(f).toMatchObject({ mechanism: 'napi', workload: 'bytes_sum' });
    expect(f.reason).toMatch(new RegExp(`^property check: wrong answer for \\(Uint8Array\\(\\d+\\) \\[.*\\] at byte offset [1-9]\\d*\\) after \\d+ inputs; replay with --property ${runs} --seed ${seed} \\(path [\\d:]+\\)$`));
    expect(f.expected).not.toBe(f.actual);
  });
});
