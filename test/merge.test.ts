/**
 * Merging recorded runner documents: every column's cells, skips and failures are kept, and a
 * runner that crashed costs only its own column, with its reason and stderr tail.
 */
import { describe, expect, it } from 'vitest';
import { merge } from '../orchestrator/merge.ts';
import { mergeInput, recorded } from './fixtures.ts';

describe('merge', () => {
  const node = recorded('runner-node26.json');
  const bun = recorded('runner-bun.json');

  it('keeps every cell and runtime of every document', () => {
    const r = merge(mergeInput());
    expect(r.runtimes.map((x) => x.id)).toEqual([node.runtime.id, bun.runtime.id]);
    expect(r.cells).toHaveLength(node.cells.length + bun.cells.length);
    expect(r.runtimes[0]!.libraries).toEqual(node.libraries);
    expect(r.failures).toEqual([]);
  });

  it('records a crashed runner as a failure and keeps the other columns', () => {
    const crashed = {
      runtime: { id: 'deno@2.9.6', name: 'deno' as const, version: '2.9.6', execPath: '/x/deno', source: 'project' as const },
      failure: { runtime: 'deno@2.9.6', reason: 'runner died from SIGSEGV', stderrTail: 'Segmentation fault (core dumped)' },
    };
    const r = merge(mergeInput([crashed]));
    expect(r.runtimes.map((x) => x.id)).toEqual([node.runtime.id, bun.runtime.id, 'deno@2.9.6']);
    expect(r.cells).toHaveLength(node.cells.length + bun.cells.length);
    expect(r.cells.some((c) => c.runtime === 'deno@2.9.6')).toBe(false);
    expect(r.failures).toEqual([crashed.failure]);
  });

  it('adds skips decided before the runners ran', () => {
    const input = mergeInput();
    input.skipped = [{ runtime: node.runtime.id, mechanism: 'wasm', reason: 'no rustc with the wasm32-unknown-unknown target' }];
    const r = merge(input);
    expect(r.skipped[0]).toEqual(input.skipped[0]);
    expect(r.skipped).toHaveLength(1 + node.skipped.length + bun.skipped.length);
  });
});
