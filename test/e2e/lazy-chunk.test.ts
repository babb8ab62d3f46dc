/**
 * A lazily loaded page whose code fails to load (issue 18, point 11): after a deploy replaced the
 * files this tab was built against, or offline before it was cached. The page says so and offers a
 * reload, instead of staying blank. The failure is made by refusing the page module's request.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

describe('a lazy page that fails to load', () => {
  it('shows why with a Reload button, and Reload brings the page back', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    const chunk = '**/src/ui/history/HistoryPage.svelte*';
    await page.route(chunk, (route) => route.abort('failed'));

    await page.getByRole('link', { name: 'History' }).click();
    const failed = page.getByTestId('page-load-failed');
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.textContent()).toContain('The History page could not be loaded');
    expect(await page.getByTestId('history-page').count()).toBe(0);

    // The file is back (the new deploy's, say): Reload loads the page.
    await page.unroute(chunk);
    await Promise.all([page.waitForEvent('load'), failed.getByRole('button', { name: 'Reload' }).click()]);
    await page.getByTestId('history-page').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('page-load-failed').count()).toBe(0);
    await context.close();
  });
});
