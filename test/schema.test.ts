/**
 * The results schema accepts a real merged document and rejects malformed ones, each with a
 * message that says what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { RunnerDocumentSchema } from '../contract/document.ts';
import { parseResults } from '../contract/results.ts';
import { mergedFixture, recorded } from './fixtures.ts';

const good = () => structuredClone(mergedFixture()) as Record<string, unknown> & ReturnType<typeof mergedFixture>;

describe('results schema', () => {
  it('accepts a merged document of recorded runs', () => {
    expect(() => parseResults(JSON.parse(JSON.stringify(mergedFixture())))).not.toThrow();
  });

  it('refuses another schema version with a clear message', () => {
    const doc = { ...good(), schemaVersion: 99 };
    expect(() => parseResults(doc, 'old.json')).toThrow(/old\.json: written by a newer bridgetax .*in schemaVersion 99; this one reads versions 1 to 3/);
  });

  const cases: [string, (d: ReturnType<typeof good>) => void, RegExp][] = [
    ['a missing environment', (d) => { delete (d as Partial<typeof d>).environment; }, /environment/],
    ['an unknown mechanism', (d) => { (d.cells[0] as { mechanism: string }).mechanism = 'ctypes'; }, /mechanism/],
    ['negative time', (d) => { d.cells[0]!.stats!.avgNs = -1; }, /avgNs/],
    ['stats on an unverified cell', (d) => { d.cells[0]!.verified = false; }, /unverified cell must not carry stats/],
    ['a skip without a reason', (d) => { d.skipped.push({ runtime: 'x', mechanism: 'js', reason: '' }); }, /reason/],
    ['an unexpected field', (d) => { (d.run as Record<string, unknown>).extra = 1; }, /extra/],
    ['a non-integer param', (d) => { d.cells[0]!.param = 1.5; }, /param/],
    ['a mechanism version that is not one', (d) => { d.cells[0]!.mechanismVersion = 'latest'; }, /mechanismVersion/],
  ];
  for (const [what, mutate, message] of cases) {
    it(`rejects ${what}`, () => {
      const d = good();
      mutate(d);
      expect(() => parseResults(d)).toThrow(message);
    });
  }

  it('rejects a truncated runner document', () => {
    const text = JSON.stringify(recorded('runner-bun.json'));
    expect(() => RunnerDocumentSchema.parse(JSON.parse(text.slice(0, text.lastIndexOf('"cells"')) + '"cells": []}'))).toThrow(/skipped|failures/);
  });
});
