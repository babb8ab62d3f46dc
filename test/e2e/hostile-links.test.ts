/**
 * Crafted and damaged links on the real page (issue 18, points 4, 5 and 12): a malformed `%` escape or
 * an unknown page opens a sensible page with a notice (the app mounts, a reload too), a share link with
 * 2,000,000 environment ids is refused at once with a clear message, and a link to an experiment that is
 * not in this browser says so instead of "Reading…" forever.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultDesign } from '../../src/core/experiment';
import { fastCompressToEncodedURIComponent } from '../helpers/fast-lz';
import { openPage, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const WAIT = { timeout: 30_000 };

/** How long the page takes to run a trivial script: a frozen tab does not answer. */
async function roundTripMs(page: Page): Promise<number> {
  const begun = Date.now();
  await page.evaluate(() => 1);
  return Date.now() - begun;
}

describe('hostile links', () => {
  it('opens a page with a notice for a malformed escape or an unknown page, also after a reload', async () => {
    const { context, page, errors } = await openPage(browser(), `${baseUrl}/#/history/%E0%A4%A`);
    await page.getByTestId('history-page').waitFor(WAIT);
    await expect
      .poll(() => page.getByTestId('route-notice').textContent(), WAIT)
      .toMatch(/link is damaged \(“%E0%A4%A” is not a valid address part\)/);
    await page.reload();
    await page.getByTestId('history-page').waitFor(WAIT);
    expect(await page.getByTestId('route-notice').textContent()).toMatch(/damaged/);

    await page.goto(`${baseUrl}/#/experiments/new/%`);
    await page.getByTestId('designer').waitFor(WAIT);
    await expect
      .poll(() => page.getByTestId('route-notice').textContent(), WAIT)
      .toMatch(/opened the experiments page instead/);

    await page.goto(`${baseUrl}/#/nowhere`);
    await page.getByTestId('episode').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('route-notice').textContent(), WAIT).toMatch(/no page called/);

    // A good link clears the notice.
    await page.goto(`${baseUrl}/#/history`);
    await page.getByTestId('history-page').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('route-notice').count(), WAIT).toBe(0);
    expect(errors.filter((e) => /URIError|pageerror/.test(e))).toEqual([]);
    await context.close();
  });

  it('refuses a share link with 2,000,000 environment ids quickly, and the tab stays responsive', async () => {
    const huge = { ...defaultDesign(), envIds: Array.from({ length: 2_000_000 }, () => 'maze') };
    const code = fastCompressToEncodedURIComponent(JSON.stringify(huge));
    const { context, page } = await openPage(browser(), `${baseUrl}/#/experiments`);
    await page.getByTestId('designer').waitFor(WAIT);
    const begun = Date.now();
    await page.evaluate((hash) => (location.hash = hash), `#/experiments/new/${code}`);
    await expect
      .poll(() => page.getByTestId('link-error').textContent(), WAIT)
      .toMatch(/too long to be one the lab made/);
    expect(Date.now() - begun).toBeLessThan(5_000);
    expect(await roundTripMs(page)).toBeLessThan(1_000);
    // The form keeps its own design: the refused link changed nothing.
    expect(await page.getByRole('checkbox', { name: 'Maze' }).isChecked()).toBe(true);
    await context.close();
  });

  it('says there is no such experiment instead of reading forever', async () => {
    const { context, page } = await openPage(browser(), `${baseUrl}/#/experiments/no-such-experiment`);
    await expect
      .poll(() => page.getByTestId('experiment-missing').textContent(), WAIT)
      .toMatch(/There is no experiment “no-such-experiment” in this browser/);
    expect(await page.getByText('Reading the experiment…').count()).toBe(0);
    await context.close();
  });
});
