/**
 * A synthetic results document wider than any recorded run: the recorded all-groups run with
 * Node in four versions (as runtimes fetched from npm give) and, in each Node column, napi-rs at
 * three versions, napi-sys, neon and wasm-bindgen beside the recorded mechanisms (eleven per
 * column). The added cells are recorded cells scaled by a fixed factor, so every figure is
 * still a plausible measurement; the document is validated like a real one.
 */
import { parseResults, type Results } from '../contract/results.ts';
import { readRecorded, resultsAllGroups } from './recorded-results.ts';

type Cell = Results['cells'][number];

function scaled(c: Cell, f: number, over: Partial<Cell>): Cell {
  const s = c.stats && Object.fromEntries(Object.entries(c.stats).map(([k, v]) => [k, typeof v === 'number' && /Ns$/.test(k) ? v * f : k === 'samplesNs' ? (v as number[]).map((x) => x * f) : v]));
  return { ...c, ...(s ? { stats: s as unknown as Cell['stats'] } : {}), ...(c.perItem ? { perItem: { ...c.perItem, avgNs: c.perItem.avgNs * f } } : {}), ...over } as Cell;
}

/** The wide document (four Node columns of eleven mechanisms each, and Deno as recorded). */
export function manyColumns(): Results {
  const r = readRecorded(resultsAllGroups);
  const node = r.runtimes.find((x) => x.name === 'node')!;
  const nodeCells = r.cells.filter((c) => c.runtime === node.id);
  const extra: Cell[] = [];
  for (const c of nodeCells) {
    if (c.mechanism === 'napi') {
      extra.push(scaled(c, 0.9, { mechanismVersion: '3.5.2' }), scaled(c, 1.2, { mechanismVersion: '3.0.0' }), scaled(c, 0.6, { mechanism: 'napi-sys', mechanismVersion: undefined }));
      extra.push(scaled(c, 1.1, { mechanism: 'neon', mechanismVersion: undefined }));
    }
    if (c.mechanism === 'wasm') extra.push(scaled(c, 1.3, { mechanism: 'wasm-bindgen' }));
  }
  const wide = [...nodeCells, ...extra].map((c) => (c.mechanismVersion === undefined ? (({ mechanismVersion: _v, ...rest }) => rest)(c) : c) as Cell);
  const versions = ['22.22.0', '24.11.0', '25.2.1'];
  const runtimes = [node, ...versions.map((v) => ({ ...node, id: `node@${v}`, version: v }))];
  const cells = [
    ...wide,
    ...versions.flatMap((v, i) => wide.map((c) => scaled(c, 1 + 0.15 * (i + 1), { runtime: `node@${v}` }))),
    ...r.cells.filter((c) => c.runtime !== node.id),
  ];
  const skipped = [...r.skipped, ...versions.flatMap((v) => r.skipped.filter((s) => s.runtime === node.id).map((s) => ({ ...s, runtime: `node@${v}` })))];
  const { analysis: _stale, ...rest } = r as Results & { analysis?: unknown };
  return parseResults(JSON.parse(JSON.stringify({ ...rest, runtimes: [...runtimes, ...r.runtimes.filter((x) => x !== node)], cells, skipped })), 'many-columns');
}
