/**
 * The README's "Does a long call block the server?" renders from a results file like every other
 * table (`pnpm docs:render`, marker kind `server`): the articles' two claims side by side, as they
 * put them, and under each what every column measured; `blocking` and `scaling` render one
 * column's tables; a results file without the groups cannot render the section, and says why.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverClaims } from '../orchestrator/reports/server.ts';
import { checkFiles, docFiles, renderFiles } from '../scripts/render-docs.ts';
import { resultsAllGroups } from './recorded-results.ts';
import { resultsServer } from './server-results.ts';

/** A tree of its own: a README whose markers cite `docs/runs/run.json`, a copy of `results`. */
function tree(results: string, markers: string[]): string {
  const base = mkdtempSync(join(tmpdir(), 'bridgetax-docs-server-'));
  mkdirSync(join(base, 'docs', 'runs'), { recursive: true });
  copyFileSync(results, join(base, 'docs', 'runs', 'run.json'));
  writeFileSync(join(base, 'README.md'), ['# x', '', '## Does a long call block the server?', '',
    ...markers.flatMap((m) => [`<!-- bridgetax:table ${m} results=docs/runs/run.json -->`, '<!-- /bridgetax:table -->', ''])].join('\n'));
  return base;
}

const rendered = (base: string) => {
  renderFiles(docFiles(base), base);
  return readFileSync(join(base, 'README.md'), 'utf8');
};

describe('the README section on blocking and concurrency', () => {
  it('puts the two claims side by side, quoted as the articles put them, with what each column measured', () => {
    const text = rendered(tree(resultsServer, ['server']));
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('| | Claim 1'));
    expect(lines[at]).toBe('| | Claim 1: a long Rust call on the main thread blocks the server; offload it | Claim 2: Node struggles with CPU-heavy work; Rust wins on concurrency |');
    expect(lines[at + 2]).toBe(`| the articles | “${serverClaims[0].quote}” | “${serverClaims[1].quote}” |`);
    expect(serverClaims[0].quote).toContain('If your Rust function takes 500 ms, your entire web server is dead for those 500 ms; use the Task trait to offload to the libuv thread pool');
    expect(serverClaims[1].quote).toBe('Node struggles with CPU-intensive tasks due to its single-threaded nature, while Rust wins on concurrency');
    const node = lines[at + 3]!.split(' | ');
    expect(node[0]).toBe('| `node@26.10.0`');
    expect(node[1]).toBe('holds: called on the JS thread, napi 3.16.1 sync left the 1 ms timer 200 ms late during a 198 ms call (200M rounds); '
      + '5 of 5 sync paths blocked the loop; offloaded, napi 3.16.1 async (libuv thread pool (napi-rs AsyncTask)) left it 1.2 ms late: kept free; '
      + '6 of 6 async and worker paths kept it within 5.0 ms.');
    expect(node[2]).toBe('at N = 4 jobs on 4 cores, plain JS in Workers reached 3.51x; the best Rust path, napi 3.16.1 threads (one call fanning out on Rust threads), 3.79x; '
      + 'Rust\'s best did 1.20x the jobs per second of JS\'s. |');
    const deno = lines[at + 4]!;
    expect(deno).toContain('offloaded, napi 3.16.1 async (libuv thread pool (napi-rs AsyncTask)) left it 6.1 ms late: kept free; 3 of 4 async and worker paths kept it within 5.1 ms; '
      + 'the cheapest that kept it free: deno-ffi async (job 199 ms).');
    expect(text).toMatch(/within the larger of 5 ms and 3 × the same timer's p99 lateness with nothing running/);
    expect(text).toContain('from [docs/runs/run.json](docs/runs/run.json) (run 2026-11-21T06-27-29Z, mode `full`)');
  });

  it('renders again to the same text, and the check finds it current', () => {
    const base = tree(resultsServer, ['server', 'blocking runtime=deno@2.9.6', 'scaling runtime=node@26.10.0']);
    renderFiles(docFiles(base), base);
    expect(renderFiles(docFiles(base), base)).toEqual([]);
    expect(checkFiles(docFiles(base), base)).toEqual([]);
  });

  it('renders one column\'s blocking and scaling tables, the scaling one under its core count', () => {
    const text = rendered(tree(resultsServer, ['blocking runtime=deno@2.9.6', 'scaling runtime=node@26.10.0 mechanisms=napi']));
    expect(text).toContain('deno@2.9.6: does a long call block the server? idle floor:');
    expect(text).toContain('| koffi async | 2.5 ms | 2.0 ms | 19.9 ms | 9.8 ms | 6.6 ms | 199 ms | **BLOCKED at 200M rounds** | libuv thread pool (koffi .async) |');
    expect(text).toContain('node@26.10.0 on 4 cores: N jobs at once');
    expect(text).toContain('| napi 3.16.1 threads | 1.00x (19.9 ms) | 1.97x (20.2 ms) | 3.79x (21.0 ms) | 3.88x (41.0 ms) |  |');
    // mechanisms= narrows the entries as it narrows cells.
    expect(text).not.toContain('| js worker | 1.00x (22.0 ms)');
  });

  it('cannot render from a results file without the groups, and says why', () => {
    const base = tree(resultsAllGroups, ['server']);
    expect(checkFiles(docFiles(base), base)).toEqual(['README.md:5: the table "bridgetax:table server results=docs/runs/run.json" cannot be rendered: '
      + 'docs/runs/run.json has no event_loop or parallel results: render it from a run that measured them']);
  });
});
