/**
 * The HTML report in a real browser (Debian's Chromium, driven by playwright-core): it loads
 * from disk with no network and no console error, draws every chart with the series the
 * results call for, keeps hostile strings as text, and leaves a screenshot in test-output/.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speedupGroups } from '../orchestrator/analysis.ts';
import { onPath } from '../orchestrator/discover.ts';
import { renderHtml } from '../orchestrator/reports/html.ts';
import type { Results } from '../orchestrator/schema.ts';
import { readRecorded, resultsA, resultsAllGroups, resultsLoad } from './recorded-results.ts';

/** Debian's Chromium (setup.sh installs it), else one on PATH; BRIDGETAX_CHROMIUM overrides. */
const chromiumPath = process.env.BRIDGETAX_CHROMIUM
  ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : onPath('chromium')[0] ?? '/usr/bin/chromium');
const outDir = new URL('../test-output/', import.meta.url).pathname;
const evilCpu = 'Evil </script><script>window.pwned = 1</script> <b>CPU</b>';

function recordedResults(): Results {
  const r = readRecorded(resultsA);
  r.environment.cpu = evilCpu;
  r.runtimes[0]!.execPath = '/opt/<img src=x onerror="window.pwned = 2">/node';
  return r;
}

type Timed = Results['cells'][number] & { stats: NonNullable<Results['cells'][number]['stats']> };
const timedOf = (r: Results) => r.cells.filter((c): c is Timed => c.verified && c.stats !== undefined);
const colsOf = (cells: Timed[]) => new Set(cells.map((c) => `${c.runtime} ${c.mechanism}`)).size;

/** The charts the page must show and each one's series count, counted from the cells. */
function expectedCharts(r: Results): Map<string, number> {
  const timed = timedOf(r);
  const out = new Map<string, number>();
  // Load cells time processes, not calls: two charts of their own, of two series each.
  for (const g of new Set(r.cells.map((c) => c.group).filter((g) => g !== 'load'))) {
    const n = colsOf(timed.filter((c) => c.group === g));
    if (n) out.set(`group-${g}`, n);
  }
  for (const w of new Set(timed.filter((c) => speedupGroups.includes(c.group)).map((c) => c.workload))) {
    const hasJs = (c: Timed) => timed.some((j) => j.mechanism === 'js' && j.runtime === c.runtime && j.workload === w && j.param === c.param);
    const n = colsOf(timed.filter((c) => c.workload === w && c.mechanism !== 'js' && hasJs(c)));
    if (n) out.set(`speedup-${w.replace(/[^A-Za-z0-9]+/g, '-')}`, n);
  }
  for (const w of new Set(timed.filter((c) => c.param !== null).map((c) => c.workload))) {
    const cells = timed.filter((c) => c.workload === w);
    if (new Set(cells.map((c) => c.param)).size >= 2) out.set(`size-${w.replace(/[^A-Za-z0-9]+/g, '-')}`, colsOf(cells));
  }
  if (timed.some((c) => c.group === 'load')) out.set('load-cold-start', 2);
  if (r.cells.some((c) => c.group === 'load' && c.load?.files.length)) out.set('load-size', 2);
  return out;
}

describe('HTML report in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: the HTML report test needs it. Run \`bash setup.sh\` as root `
        + '(it installs Debian\'s chromium), or `apt-get install chromium`, or set BRIDGETAX_CHROMIUM to a Chromium binary.');
    }
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Renders `results` to test-output/<name>.html, loads it from disk with the network cut,
   *  checks every chart against the cells and saves test-output/<name>.png. */
  async function check(results: Results, name: string): Promise<Page> {
    const expected = expectedCharts(results);
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `${name}.html`);
    await writeFile(file, renderHtml(results));

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);
    // Page code goes in as strings: this project's TypeScript has no DOM types.
    await page.waitForFunction('window.bridgetax && window.bridgetax.ready === true');

    const drawn = await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => ({
      id: c.id.replace(/^chart-/, ''),
      datasets: Chart.getChart(c)?.data.datasets.length ?? -1,
      attr: Number(c.getAttribute('data-series')),
      height: c.getBoundingClientRect().height,
    }))`) as { id: string; datasets: number; attr: number; height: number }[];
    expect(Object.fromEntries(drawn.map((d) => [d.id, d.datasets]))).toEqual(Object.fromEntries(expected));
    for (const d of drawn) {
      expect(d.attr, d.id).toBe(d.datasets);
      expect(d.height, d.id).toBeGreaterThan(100);
    }
    const meta = await page.evaluate('window.bridgetax.charts') as { id: string; series: number }[];
    expect(Object.fromEntries(meta.map((m) => [m.id, m.series]))).toEqual(Object.fromEntries(expected));

    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    return page;
  }

  it('draws every chart with its series, offline, without console errors, hostile strings as text', async () => {
    const results = recordedResults();
    // The fixture has a call and a data group, and bytes_sum at three sizes: every kind of chart.
    expect([...expectedCharts(results).keys()]).toEqual(['group-call', 'group-data', 'speedup-bytes-sum', 'size-bytes-sum']);
    const page = await check(results, 'html-report');
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('#environment').innerText()).toContain('Evil </script><script>window.pwned = 1</script> <b>CPU</b>');
    expect(await page.locator('#environment').innerText()).toContain('/opt/<img src=x onerror="window.pwned = 2">/node');
    expect(await page.locator('#skipped').innerText()).toMatch(/node-ffi in bun@1\.4\.4: node:ffi is Node's own FFI module/);
    await page.close();
  });

  it('charts the cold start as runtime start plus loading on top, and the sizes loaded', async () => {
    const results = readRecorded(resultsLoad);
    expect([...expectedCharts(results).keys()]).toEqual(['group-call', 'load-cold-start', 'load-size']);
    const page = await check(results, 'html-report-load');
    const table = await page.locator('#cold-start table').innerText();
    expect(table).toMatch(/koffi\.node/);
    expect(table).toMatch(/n\/a/);
    await page.close();
  });

  it('charts every group: per-callback rows, async and compute workloads', async () => {
    const results = readRecorded(resultsAllGroups);
    expect([...expectedCharts(results).keys()].filter((k) => k.startsWith('group-')))
      .toEqual(['group-call', 'group-data', 'group-callback', 'group-async', 'group-compute']);
    const page = await check(results, 'html-report-all-groups');
    expect(await page.locator('#tables').innerText()).toMatch(/\/callback/);
    await page.close();
  });
});
