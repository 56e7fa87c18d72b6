/**
 * `bridgetax ab` end to end on a small slice (Node, js and napi, three call workloads, 20
 * interleaved rounds): the same binary against itself is called unchanged in every cell, and a
 * build made slower on purpose in one cell (test/faults/slow-add-runner.ts: napi add_i32, about
 * 50 % slower; napi's cells alone) is flagged there and nowhere else. Only verdicts are asserted, no times: the
 * rounds' pairing is what keeps them steady on a busy machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAb, type AbSide } from '../orchestrator/ab.ts';
import type { AbCell } from '../orchestrator/reports/ab.ts';
import { renderAbText } from '../orchestrator/reports/ab.ts';
import { faultEntry, node26 } from './helpers.ts';

const slice = { mechanisms: ['js', 'napi'], workloads: ['noop', 'add_i32', 'add_f64'] };

async function ab(b: Partial<AbSide>, mechanisms = slice.mechanisms) {
  const node = (await node26()).id;
  const lines: string[] = [];
  const r = await runAb({
    // A 10 % bar (diff's default) rather than ab's 5 %: on a loaded CI machine an identical side's
    // napi cell has read 0.92x at p = 0.002 (2026-12-01). 20 rounds, not 10: beside the rest of
    // the suite, 10 rounds once left a 20 % slowdown at 1.24x with p = 0.084, and once cells were
    // quoted by their median, 20 rounds left it at 1.26x with p = 0.12 (2026-12-01): the fault is
    // now ~50 %, which the test must see on a busy machine; 20 % needs a quieter one.
    a: { runtime: node, label: 'A' }, b: { runtime: node, label: 'B', ...b }, rounds: 20, mode: 'quick', threshold: 1.1, ...slice, mechanisms,
    outDir: mkdtempSync(join(tmpdir(), 'bridgetax-ab-')), timeoutSeconds: 300, seed: 15, argv: ['ab'], print: (l) => lines.push(l),
  });
  console.log(renderAbText(r.judgement));
  return r;
}
const label = (c: AbCell) => `${c.mechanism}${c.mechanismVersion ? ` ${c.mechanismVersion}` : ''} ${c.workload}`;

describe('ab: interleaved rounds judged round by round', () => {
  it('the same binary twice: every cell unchanged, both columns kept apart by their labels', async () => {
    const { judgement, results } = await ab({});
    expect(results.runtimes.map((r) => r.label)).toEqual(['A', 'B']);
    expect(new Set(results.runtimes.map((r) => r.id)).size).toBe(2);
    // js and napi at its two napi-rs versions, three workloads.
    expect(judgement.cells.length).toBe(9);
    expect(judgement.cells.every((c) => c.rounds === 20)).toBe(true);
    expect(judgement.cells.filter((c) => c.verdict !== 'unchanged').map(label)).toEqual([]);
  }, 900_000);

  it('a build slower on purpose in one cell: that cell is flagged slower, no other cell changes', async () => {
    // napi alone: B runs another entry (the fault wrapper), and a js call the JIT folds to a few
    // ns picks up that process's other code (twice in CI, 2026-12-06 and -07: js add_f64 1.26x
    // and 1.73x, the second with its whole interval above 1.25x) — a harness effect (issue 24),
    // not a change of the build under test, which is what this test is about.
    const { judgement } = await ab({ entry: faultEntry('slow-add-runner.ts') }, ['napi']);
    const changed = judgement.cells.filter((c) => c.verdict !== 'unchanged');
    expect(changed.map((c) => `${c.mechanism} ${c.workload}: ${c.verdict}`)).toEqual(['napi add_i32: slower']);
    // The other napi-rs build (the pinned one) loads another file, which the fault leaves alone.
    expect(judgement.cells.filter((c) => c.mechanism === 'napi' && c.workload === 'add_i32').length).toBe(2);
  }, 900_000);
});
