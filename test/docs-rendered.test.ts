/**
 * Every table of figures in README.md and docs/ is what `pnpm docs:render` renders from the
 * results file its marker cites: a table edited by hand, or a results file changed under it,
 * fails here with the file, the line and the marker named.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { root } from '../orchestrator/paths.ts';
import { checkFiles, docFiles, renderFiles } from '../scripts/render-docs.ts';
import { projectNode } from './helpers.ts';
import { resultsAllGroups } from './recorded-results.ts';

const script = join(root, 'scripts', 'render-docs.ts');

/** A tree of its own: a README with two regions over a recorded run, and an empty docs/. */
function tree(): string {
  const base = mkdtempSync(join(tmpdir(), 'bridgetax-docs-'));
  mkdirSync(join(base, 'docs', 'runs'), { recursive: true });
  copyFileSync(resultsAllGroups, join(base, 'docs', 'runs', 'run.json'));
  writeFileSync(join(base, 'README.md'), ['# x', '',
    '<!-- bridgetax:table best results=docs/runs/run.json -->', '<!-- /bridgetax:table -->', '',
    '<!-- bridgetax:table payoff runtime=deno@2.9.6 workloads=str_hash results=docs/runs/run.json -->', '<!-- /bridgetax:table -->', ''].join('\n'));
  return base;
}

describe('the rendered tables', () => {
  it('in README.md and docs/ match their results files', () => {
    const files = docFiles();
    expect(files).toContain(join(root, 'README.md'));
    expect(files.some((f) => f.endsWith(join('docs', 'reports.md')))).toBe(true);
    // The README shows one current table.
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(/<!-- bridgetax:table (summary|best) results=docs\/runs\/\S+\.json -->/);
    expect(checkFiles(files)).toEqual([]);
  });

  it('are rendered from the file, and rendering again changes nothing', () => {
    const base = tree();
    const readme = join(base, 'README.md');
    expect(renderFiles(docFiles(base), base)).toEqual([readme]);
    const text = readFileSync(readme, 'utf8');
    expect(text).toContain('| kind of work | node@26.10.0 | deno@2.9.6 |');
    expect(text).toContain('| data | koffi 3.95x 2/3 | koffi 1.45x 3/3 |');
    expect(text).toMatch(/\| str_hash 1024 chars \| [^\n]*\|\n/);
    expect(text).toContain('from [docs/runs/run.json](docs/runs/run.json) (run 2026-11-21T06-27-29Z, mode `quick`)');
    expect(renderFiles(docFiles(base), base)).toEqual([]);
    expect(checkFiles(docFiles(base), base)).toEqual([]);
  });

  it('a figure edited by hand fails the check, naming the file, the line and the marker; the CLI exits 1', async () => {
    const base = tree();
    renderFiles(docFiles(base), base);
    const readme = join(base, 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('koffi 1.45x 3/3', 'koffi 1.46x 3/3'));
    expect(checkFiles(docFiles(base), base)).toEqual(['README.md:3: the table "bridgetax:table best results=docs/runs/run.json" differs from what docs/runs/run.json renders']);
    const cli = await execa(projectNode, [script, '--check', '--root', base], { reject: false });
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toContain('README.md:3: the table "bridgetax:table best results=docs/runs/run.json" differs');
    expect(cli.stderr).toMatch(/run pnpm docs:render/);
  });

  it('a marker that cannot render says why', () => {
    const base = tree();
    renderFiles(docFiles(base), base);
    const readme = join(base, 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('runtime=deno@2.9.6', 'runtime=bun@1.4.4'));
    expect(checkFiles(docFiles(base), base)).toEqual([expect.stringMatching(/^README\.md:\d+: the table "bridgetax:table payoff runtime=bun@1\.4\.4 [^"]*" cannot be rendered: runtime=bun@1\.4\.4 is not a column of docs\/runs\/run\.json .*its columns: node@26\.10\.0, deno@2\.9\.6$/)]);
  });
});
