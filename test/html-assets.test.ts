/**
 * The HTML report's script and styles are real files (orchestrator/reports/html/client.js and
 * styles.css), found beside the module that reads them, not in the working folder: rendered by
 * the CLI from another folder, the page still carries each of them whole, once, inline.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { root } from '../orchestrator/paths.ts';
import { projectNode } from './helpers.ts';
import { resultsA } from './recorded-results.ts';

const asset = (name: string) => readFileSync(join(root, 'orchestrator', 'reports', 'html', name), 'utf8');
const count = (text: string, part: string) => text.split(part).length - 1;

describe('HTML report assets', () => {
  it('inlines client.js and styles.css whole when rendered from outside the repository', async () => {
    const r = await execa(projectNode, [join(root, 'orchestrator', 'cli.ts'), 'report', resultsA, '--format', 'html'], {
      cwd: tmpdir(), reject: false, stdin: 'ignore', timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const page = r.stdout;
    const client = asset('client.js');
    const styles = asset('styles.css');
    expect(client).toContain('// @ts-check');
    expect(count(page, `<script>\n${client}</script>`)).toBe(1);
    expect(count(page, `<style>\n${styles}</style>`)).toBe(1);
    // Chart.js first, then the data block, then the page's script, which reads both.
    expect(page.indexOf('<script id="bridgetax-data"')).toBeGreaterThan(page.indexOf('Chart.js v'));
    expect(page.indexOf(client)).toBeGreaterThan(page.indexOf('<script id="bridgetax-data"'));
  });
});
