/**
 * The HTML report in a real browser (Debian's Chromium, driven by playwright-core): it loads
 * from disk with no network and no console error, draws every chart with the series the
 * results call for, keeps hostile strings as text, and leaves a screenshot in test-output/.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speedupGroups } from '../orchestrator/analysis.ts';
import { onPath } from '../orchestrator/discover.ts';
import { renderHtml } from '../orchestrator/reports/html.ts';
import { openOffline } from './offline-page.ts';
import type { Results } from '../contract/results.ts';
import { manyColumns } from './many-columns.ts';
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
const timedOf = (r: Results) => r.cells.filter((c): c is Timed => c.verified && c.stats !== undefined && !(c.flags ?? []).includes('below-physical-floor'));
const keyOf = (c: Pick<Timed, 'mechanism' | 'mechanismVersion'>) => (c.mechanismVersion ? `${c.mechanism}@${c.mechanismVersion}` : c.mechanism);
const mechsOf = (cells: Timed[]) => new Set(cells.map(keyOf)).size;
const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-');
/** A chart id without the part a chart of more than 8 series was split into. */
const baseId = (id: string) => id.replace(/-part\d+$/, '');

/** The charts the page must show, each with its distinct series over all its parts, counted
 *  from the cells: per group, workload and size one chart per runtime; per mechanism one across
 *  the runtimes for the bare call; the load group's per runtime. */
function expectedCharts(r: Results): Map<string, number> {
  const timed = timedOf(r);
  const out = new Map<string, number>();
  const runtimes = r.runtimes.map((x) => x.id);
  for (const g of new Set(r.cells.map((c) => c.group).filter((g) => g !== 'load'))) {
    for (const rt of runtimes) {
      const n = mechsOf(timed.filter((c) => c.group === g && c.runtime === rt));
      if (n) out.set(`group-${g}-${slug(rt)}`, n);
    }
  }
  if (runtimes.length > 1) {
    for (const k of new Set(timed.filter((c) => c.group !== 'load').map(keyOf))) {
      const n = new Set(timed.filter((c) => c.group === 'call' && keyOf(c) === k).map((c) => c.runtime)).size;
      if (n >= 2) out.set(`across-${slug(k)}`, n);
    }
  }
  for (const w of new Set(timed.filter((c) => speedupGroups.includes(c.group)).map((c) => c.workload))) {
    for (const rt of runtimes) {
      const hasJs = (c: Timed) => timed.some((j) => j.mechanism === 'js' && j.runtime === rt && j.workload === w && j.param === c.param);
      const n = mechsOf(timed.filter((c) => c.runtime === rt && c.workload === w && c.mechanism !== 'js' && hasJs(c)));
      if (n) out.set(`speedup-${slug(w)}-${slug(rt)}`, n);
    }
  }
  for (const w of new Set(timed.filter((c) => c.param !== null).map((c) => c.workload))) {
    const cells = timed.filter((c) => c.workload === w && c.param !== null);
    if (new Set(cells.map((c) => c.param)).size < 2) continue;
    for (const rt of runtimes) {
      const n = mechsOf(cells.filter((c) => c.runtime === rt));
      if (n) out.set(`size-${slug(w)}-${slug(rt)}`, n);
    }
  }
  for (const rt of runtimes) {
    const family = timed.filter((c) => c.runtime === rt && ['napi-sys', 'napi', 'neon'].includes(c.mechanism));
    if (family.some((c) => c.mechanism === 'napi-sys') && mechsOf(family) >= 2) out.set(`family-${slug(rt)}`, mechsOf(family));
    if (timed.some((c) => c.group === 'load' && c.runtime === rt)) out.set(`load-cold-start-${slug(rt)}`, 2);
  }
  if (r.cells.some((c) => c.group === 'load' && c.load?.files.length)) out.set('load-size', 2);
  return out;
}

/** Distinct series labels per chart, over the parts of a split chart. */
function seriesPerBase(drawn: { id: string; labels: string[] }[]): Record<string, number> {
  const by = new Map<string, Set<string>>();
  for (const d of drawn) by.set(baseId(d.id), new Set([...(by.get(baseId(d.id)) ?? []), ...d.labels]));
  return Object.fromEntries([...by].map(([k, v]) => [k, v.size]));
}

const drawnScript = `[...document.querySelectorAll('canvas')].filter((c) => !c.parentElement.hidden).map((c) => ({
  id: c.id.replace(/^chart-/, ''),
  datasets: Chart.getChart(c)?.data.datasets.length ?? -1,
  labels: Chart.getChart(c)?.data.datasets.map((d) => d.label) ?? [],
  attr: Number(c.getAttribute('data-series')),
  height: c.getBoundingClientRect().height,
}))`;
type Drawn = { id: string; datasets: number; labels: string[]; attr: number; height: number };

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

    const { page, errors, requests } = await openOffline(browser, file);

    const drawn = await page.evaluate(drawnScript) as Drawn[];
    expect(seriesPerBase(drawn)).toEqual(Object.fromEntries(expected));
    for (const d of drawn) {
      expect(d.attr, d.id).toBe(d.datasets);
      expect(d.datasets, `${d.id}: no chart has more than 8 series`).toBeLessThanOrEqual(8);
      expect(d.height, d.id).toBeGreaterThan(100);
    }
    const meta = await page.evaluate('window.bridgetax.charts') as { id: string; series: number }[];
    expect(Object.fromEntries(meta.map((m) => [m.id, m.series]))).toEqual(Object.fromEntries(drawn.map((d) => [d.id, d.datasets])));
    // The page opens on the answer: the summary comes before any chart.
    expect(await page.evaluate(`document.querySelector('#summary').compareDocumentPosition(document.querySelector('canvas')) & Node.DOCUMENT_POSITION_FOLLOWING`)).toBeTruthy();

    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    return page;
  }

  it('draws every chart with its series, offline, without console errors, hostile strings as text', async () => {
    const results = recordedResults();
    // The fixture has a call and a data group, and bytes_sum at three sizes: every kind of chart.
    expect([...expectedCharts(results).keys()]).toEqual(['group-call-node-26-10-0', 'group-call-bun-1-4-4', 'group-data-node-26-10-0', 'group-data-bun-1-4-4',
      'across-js', 'across-napi-3-16-1', 'across-koffi', 'across-wasm', 'speedup-bytes-sum-node-26-10-0', 'speedup-bytes-sum-bun-1-4-4',
      'size-bytes-sum-node-26-10-0', 'size-bytes-sum-bun-1-4-4']);
    const page = await check(results, 'html-report');
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('#environment').innerText()).toContain('Evil </script><script>window.pwned = 1</script> <b>CPU</b>');
    expect(await page.locator('#environment').innerText()).toContain('/opt/<img src=x onerror="window.pwned = 2">/node');
    expect(await page.locator('#skipped').innerText()).toMatch(/node-ffi in bun@1\.4\.4: node:ffi is Node's own FFI module/);
    await page.close();
  });

  it('charts the cold start as runtime start plus loading on top, and the sizes loaded', async () => {
    const results = readRecorded(resultsLoad);
    expect([...expectedCharts(results).keys()].filter((k) => k.startsWith('load-'))).toEqual(['load-cold-start-bun-1-4-4', 'load-cold-start-deno-2-9-6', 'load-size']);
    const page = await check(results, 'html-report-load');
    const table = await page.locator('#cold-start table').innerText();
    expect(table).toMatch(/koffi\.node/);
    expect(table).toMatch(/n\/a/);
    await page.close();
  });

  it('charts every group: per-callback rows, async and compute workloads', async () => {
    const results = readRecorded(resultsAllGroups);
    expect(new Set([...expectedCharts(results).keys()].filter((k) => k.startsWith('group-')).map((k) => k.split('-')[1])))
      .toEqual(new Set(['call', 'data', 'callback', 'async', 'compute']));
    const page = await check(results, 'html-report-all-groups');
    expect(await page.locator('#tables').innerText()).toMatch(/\/callback/);
    await page.close();
  });

  it('splits a runtime of 11 mechanisms and 4 columns into charts of at most 8 series, and opens on a readable summary', async () => {
    const results = manyColumns();
    const page = await check(results, 'html-report-many-columns');
    expect(await page.locator('#summary .matrix-box').count()).toBe(results.runtimes.length);
    const drawn = await page.evaluate(drawnScript) as Drawn[];
    expect(drawn.some((d) => /-part2$/.test(d.id))).toBe(true);
    // What a person sees first, and the whole summary (the page's full height, so the sticky
    // filter bar does not cover it).
    await page.screenshot({ path: join(outDir, 'html-summary.png') });
    const box = (await page.locator('#summary').boundingBox())!;
    await page.screenshot({ path: join(outDir, 'html-summary-full.png'), fullPage: true, clip: box });
    await page.close();
  });

  it('re-draws on the runtime, mechanism and group filters', async () => {
    const results = readRecorded(resultsAllGroups);
    const page = await check(results, 'html-report-filters');
    const state = async () => ({
      drawn: await page.evaluate(drawnScript) as Drawn[],
      matrices: await page.evaluate(`[...document.querySelectorAll('#summary .matrix-box')].filter((e) => !e.hidden).map((e) => e.dataset.runtime)`) as string[],
      koffiCells: await page.locator('#summary td[data-mechanism="koffi"]:visible').count(),
      draws: await page.evaluate('window.bridgetax.draws') as number,
    });
    const before = await state();
    const untick = (kind: string, value: string) => page.locator(`#filters input[data-filter="${kind}"][value="${value}"]`).uncheck();

    await untick('runtime', 'deno@2.9.6');
    const noDeno = await state();
    expect(noDeno.draws).toBe(before.draws + 1);
    expect(noDeno.drawn.length).toBeLessThan(before.drawn.length);
    expect(noDeno.drawn.filter((d) => d.id.includes('deno'))).toEqual([]);
    expect(noDeno.drawn.flatMap((d) => d.labels).filter((l) => l.startsWith('deno'))).toEqual([]);
    expect(noDeno.matrices).toEqual(['node@26.10.0']);

    await untick('mechanism', 'koffi');
    const noKoffi = await state();
    expect(noKoffi.koffiCells).toBe(0);
    expect(before.koffiCells).toBeGreaterThan(0);
    expect(noKoffi.drawn.flatMap((d) => d.labels)).not.toContain('koffi');
    const total = (x: Drawn[]) => x.reduce((n, d) => n + d.datasets, 0);
    expect(total(noKoffi.drawn)).toBeLessThan(total(noDeno.drawn));

    await untick('group', 'compute');
    const noCompute = await state();
    expect(noCompute.drawn.filter((d) => d.id.includes('compute') || d.id.includes('sha256'))).toEqual([]);
    expect(noDeno.drawn.some((d) => d.id.includes('compute'))).toBe(true);

    await page.locator('#filters input[data-filter="runtime"][value="deno@2.9.6"]').check();
    expect((await state()).matrices).toEqual(['node@26.10.0', 'deno@2.9.6']);
    await page.close();
  });

  it('shows a value\'s interval, samples, call path and flags on hover', async () => {
    const results = readRecorded(resultsAllGroups);
    const page = await check(results, 'html-report-hover');
    const title = await page.locator('#summary td[data-mechanism="koffi"]').first().getAttribute('title');
    expect(title).toMatch(/median .*\n\d+ samples/);
    expect(title).toMatch(/call path: /);
    expect(title).toMatch(/flags: /);
    const id = 'group-call-node-26-10-0';
    const point = await page.evaluate(`(() => { const c = Chart.getChart(document.getElementById('chart-${id}'));
      const el = c.getDatasetMeta(1).data[0]; const r = c.canvas.getBoundingClientRect(); return { x: r.left + el.x, y: r.top + (el.y + el.base) / 2 }; })()`) as { x: number; y: number };
    await page.locator(`#chart-${id}`).scrollIntoViewIfNeeded();
    const again = await page.evaluate(`(() => { const c = Chart.getChart(document.getElementById('chart-${id}'));
      const el = c.getDatasetMeta(1).data[0]; const r = c.canvas.getBoundingClientRect(); return { x: r.left + el.x, y: r.top + (el.y + el.base) / 2 }; })()`) as { x: number; y: number };
    expect(point.x).toBeGreaterThan(0);
    await page.mouse.move(again.x, again.y);
    const body = await page.evaluate(`Chart.getChart(document.getElementById('chart-${id}')).tooltip.body.flatMap((b) => [...b.lines, ...b.after])`) as string[];
    expect(body.join('\n')).toMatch(/samples/);
    expect(body.join('\n')).toMatch(/call path: /);
    expect(body.join('\n')).toMatch(/flags: /);
    await page.close();
  });
});
