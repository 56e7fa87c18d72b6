/**
 * A rendered HTML report opened in Chromium the way a reader opens the file: offline (any
 * request off the file is refused and listed), its console errors collected, and ready once the
 * page's own script says so.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** The page, and what it tried that it should not have. */
export interface OfflinePage {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests to anything but a file, each refused. */
  requests: string[];
}

/** Opens `file` and waits for the report's script to be ready. */
export async function openOffline(browser: Browser, file: string): Promise<OfflinePage> {
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
  return { page, errors, requests };
}
