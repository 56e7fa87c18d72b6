/**
 * Strings that come from the environment or a runtime (CPU name, OS release, runtime ids, skip
 * and failure reasons, printed values) can't inject markup into the Markdown or HTML report or
 * break the Markdown table, and can't send escape sequences to the terminal. The Markdown is checked by rendering
 * it with a GFM parser (marked), as GitHub would show it.
 */
import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { merge } from '../orchestrator/merge.ts';
import { renderHtml } from '../orchestrator/reports/html.ts';
import { renderMarkdown } from '../orchestrator/reports/markdown.ts';
import { tableOf } from '../orchestrator/reports/model.ts';
import { renderTerminal } from '../orchestrator/reports/terminal.ts';
import type { Results } from '../contract/results.ts';
import type { RunnerDocument } from '../contract/document.ts';
import { mergeInput } from './fixtures.ts';

/** Every trick at once: HTML, a table pipe (bare and after a backslash), line breaks, a code
 *  span, a link, emphasis, an entity, a terminal escape. */
const evil = 'Evil <script>alert(1)</script> | a\\|b \n| x | `code` [link](javascript:alert(1)) *em* _u_ &amp; '
  + 'http://x.example www.x.example a@x.example \x1b[2J\x1b]0;title\x07';

function hostile(): Results {
  const input = mergeInput();
  input.environment = { ...input.environment, cpu: evil, osRelease: `6.1 | ${evil}`, rustc: evil };
  const doc = (input.columns[0] as { document: RunnerDocument }).document;
  // A column id passes the schema with anything after its version.
  const id = `${doc.runtime.id} ${evil}`;
  doc.runtime.id = id;
  for (const c of doc.cells) c.runtime = id;
  doc.skipped.push({ runtime: id, mechanism: 'wasm', workload: 'noop', reason: evil });
  doc.failures.push({ runtime: id, mechanism: 'napi', workload: 'add_i32', param: null, reason: evil, expected: evil, actual: evil });
  return merge(input);
}

describe('Markdown report', () => {
  const results = hostile();
  const text = renderMarkdown(results);
  const html = marked.parse(text, { async: false });

  it('renders no markup from the strings: no script, link, emphasis or code span of theirs', () => {
    // No link but GFM's harmless mailto: for an address (column ids look like one).
    expect(html).not.toMatch(/<script|<a (?!href="mailto:)|<em>(em|u)<\/em>|<code>code<\/code>/);
    expect(html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('[link](javascript:alert(1)) *em* _u_ &amp;amp;');
    expect(text).not.toMatch(/\n\| x \|/);
  });

  it('keeps the strings whole inside their table cell, and every row the width of the header', () => {
    const tables = marked.lexer(text).filter((t): t is Tokens.Table => t.type === 'table');
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.header.length);
    // The hostile column id is one header cell, from its start to its end.
    // The first table of the comparison (the summary's come before it): headers are column<br>mechanism.
    const main = tables.find((t) => t.header.some((h) => h.text.includes('<br>')))!;
    expect(main.rows).toHaveLength(tableOf(results).rows.length);
    const header = main.header.map((h) => h.text).filter((h) => h.includes('Evil'));
    expect(header.length).toBeGreaterThan(0);
    for (const h of header) expect(h).toMatch(/^node@26\.10\.0 Evil .*title\S*<br>\S+$/);
  });

  it('shows the strings as text, backslash and pipe included', () => {
    expect(html).toContain('a\\|b');
    expect(html).toMatch(/\| a\\\|b/);
  });
});

describe('HTML report', () => {
  // test/html-report.test.ts checks hostile strings in a real browser; this checks every string
  // of the same hostile results that the Markdown test uses, in the page's source.
  const html = renderHtml(hostile());

  it('has the strings only as escaped text or inside the escaped JSON data', () => {
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('[link](javascript:alert(1))</a>');
    expect(html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Evil \\u003cscript>alert(1)\\u003c/script>');
  });
});

describe('terminal report', () => {
  it('passes no escape sequence or control character through', () => {
    const text = renderTerminal(hostile(), 200);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('Evil <script>alert(1)</script>');
  });
});
