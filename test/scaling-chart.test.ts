/**
 * The scaling chart in a real browser (Debian's Chromium, as test/html-report.test.ts drives
 * it): per runtime column, each path's speedup against N beside the ideal, drawn offline without
 * a console error, the core count in the title, paths told apart by their dash; the group and
 * mechanism filters hide it as they hide the other charts; a screenshot in test-output/.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPath } from '../orchestrator/discover.ts';
import { renderHtml } from '../orchestrator/reports/html.ts';
import { openOffline } from './offline-page.ts';
import { readServer } from './server-results.ts';

const chromiumPath = process.env.BRIDGETAX_CHROMIUM
  ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : onPath('chromium')[0] ?? '/usr/bin/chromium');
const outDir = new URL('../test-output/', import.meta.url).pathname;

type Drawn = { id: string; title: string; labels: string[]; dashes: number[][]; points: number[] };
const drawnScript = `[...document.querySelectorAll('canvas[id^="chart-scaling-"]')].filter((c) => !c.parentElement.hidden).map((c) => {
  const chart = Chart.getChart(c);
  return { id: c.id.replace(/^chart-/, ''), title: chart?.options.plugins.title.text ?? '', labels: chart?.data.datasets.map((d) => d.label) ?? [],
    dashes: chart?.data.datasets.map((d) => d.borderDash ?? []) ?? [], points: chart?.data.datasets.map((d) => d.data.length) ?? [] };
})`;

describe('the scaling chart in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: run \`bash setup.sh\` as root, or set BRIDGETAX_CHROMIUM`);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws each column\'s speedups against N beside the ideal, offline, and follows the filters', async () => {
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, 'html-report-server.html');
    await writeFile(file, renderHtml(readServer()));
    const { page, errors, requests } = await openOffline(browser, file);

    const drawn = await page.evaluate(drawnScript) as Drawn[];
    expect(drawn.map((d) => d.id)).toEqual(['scaling-node-26-10-0', 'scaling-deno-2-9-6']);
    const [node, deno] = drawn;
    expect(node!.title).toMatch(/^node@26\.10\.0 on 4 cores: /);
    expect(node!.labels).toEqual(['ideal: N up to 4 cores', 'js worker', 'napi 3.16.1 async', 'napi 3.16.1 worker', 'napi 3.16.1 threads', 'koffi async']);
    expect(node!.points).toEqual([4, 4, 4, 4, 4, 4]);
    expect(node!.dashes.slice(1)).toEqual([[8, 4], [], [8, 4], [2, 3], []]);
    expect(deno!.labels).toEqual(['ideal: N up to 4 cores', 'js worker', 'napi 3.16.1 async', 'napi 3.16.1 threads', 'deno-ffi async']);
    expect(await page.locator('#event-loop table.blocking').count()).toBe(2);
    await page.locator('#parallel').screenshot({ path: join(outDir, 'html-report-server-scaling.png') });

    await page.locator('#filters input[data-filter="mechanism"][value="napi@3.16.1"]').uncheck();
    expect((await page.evaluate(drawnScript) as Drawn[])[0]!.labels).toEqual(['ideal: N up to 4 cores', 'js worker', 'koffi async']);
    await page.locator('#filters input[data-filter="group"][value="parallel"]').uncheck();
    expect(await page.evaluate(drawnScript)).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
