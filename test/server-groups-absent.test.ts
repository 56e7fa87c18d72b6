/**
 * A results file without the event_loop and parallel groups (every file written before them)
 * renders as it did: no table, chart, section or sentence of either group, empty arrays the same
 * as absent ones; and in a file with them, the groups only add their sections and sentences.
 */
import { describe, expect, it } from 'vitest';
import type { Results } from '../contract/results.ts';
import { chartsOf, renderHtml } from '../orchestrator/reports/html.ts';
import { renderMarkdown, serverClaimsLines } from '../orchestrator/reports/markdown.ts';
import { blockingTables, claimRows, scalingTables, serverSentences } from '../orchestrator/reports/server.ts';
import { renderSummaryScreen, renderTerminal } from '../orchestrator/reports/terminal.ts';
import { recordedResults } from './fixtures.ts';
import { readServer } from './server-results.ts';

const oldFiles = ['results-all-groups.json', 'results-doctored.json', 'results-load.json', 'results-node20-deno.json', 'results-node26-bun.json', 'results-quick.json', 'results-v3.json'];
const renders = (r: Results) => ({ terminal: renderTerminal(r), screen: renderSummaryScreen(r), markdown: renderMarkdown(r), html: renderHtml(r) });
const without = (r: Results): Results => {
  const { eventLoop: _e, parallel: _p, ...rest } = r;
  return { ...rest, runtimes: r.runtimes.map(({ timerIdle: _t, ...rt }) => rt) };
};

describe('a results file without the event_loop and parallel groups', () => {
  it.each(oldFiles)('%s: no table, chart, sentence or claim of either group', (file) => {
    const r = recordedResults(file);
    expect(r.eventLoop).toBeUndefined();
    expect(r.parallel).toBeUndefined();
    expect(blockingTables(r)).toEqual([]);
    expect(scalingTables(r)).toEqual([]);
    expect(serverSentences(r)).toEqual([]);
    expect(claimRows(r)).toEqual([]);
    expect(serverClaimsLines(r)).toEqual([]);
    expect(chartsOf(r).filter((c) => c.kind === 'scaling')).toEqual([]);
    const out = renders(r);
    for (const text of [out.terminal, out.markdown, out.html]) {
      expect(text).not.toMatch(/block the server|spread over the cores|keep the loop free|id="event-loop"|id="parallel"/);
    }
  });

  it.each(oldFiles)('%s: empty arrays render as absent ones', (file) => {
    const r = recordedResults(file);
    expect(renders({ ...r, eventLoop: [], parallel: [] })).toEqual(renders(r));
  });

  it('in a file with them, the groups only add their sections and sentences', () => {
    const r = readServer();
    const full = renderMarkdown(r).split('\n');
    const bare = renderMarkdown(without(r)).split('\n');
    const sections = [full.indexOf('## Does a long call block the server?'), full.indexOf('## Notes, skips and provenance')];
    const sentences = serverSentences(r).map((s) => `- ${s}`);
    expect(sentences).toHaveLength(4);
    const kept = full.filter((l, i) => !(i >= sections[0]! && i < sections[1]!) && !sentences.includes(l.replace(/\\/g, '')));
    expect(kept).toEqual(bare);
  });
});
