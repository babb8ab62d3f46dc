/**
 * Launches Debian's Chromium (or CHROMIUM_PATH) through playwright-core for the end-to-end tests,
 * with a fresh profile per context so IndexedDB starts empty.
 */
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../browser-env';

/** @param options.webgpu false launches without the WebGPU flag, like a browser that lacks it. */
export async function launch(options: { webgpu?: boolean } = {}): Promise<Browser> {
  const args =
    options.webgpu === false ? chromiumArgs.filter((a) => a !== '--enable-unsafe-webgpu') : chromiumArgs;
  return chromium.launch({ executablePath: chromiumPath(), args, headless: true });
}

/**
 * One Chromium shared by a test file: launched before its tests, closed after them.
 * @returns the browser's getter (it exists once the file's tests run).
 */
export function sharedBrowser(options: { webgpu?: boolean } = {}): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch(options);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('The shared browser is launched in beforeAll.');
    return browser;
  };
}

/** A new page in a new context; page errors and console errors are collected for assertions. */
export async function openPage(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // The dev server transforms modules on first request; on a busy two-core machine that can be slow.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { context, page, errors };
}
