/**
 * Presenter mode (issue 13, point 2): from the Present button or `?present` in the URL, the episode is
 * drawn for a room: no setup or device check, the board as large as the screen allows beside the
 * feedback in large type, ← → step through the attempts, Esc leaves. Checked at 1280×720, at 4K and
 * at 200% zoom (a 640×360 CSS viewport): nothing scrolls sideways, the board fits the screen.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, sharedBrowser } from './browser';
import { sidewaysOverflow } from './layout';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const WAIT = { timeout: 30_000 };

/** The board's box and the viewport, in CSS pixels. */
async function boardFits(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="presenter"] [data-testid="task-view"] svg');
    const box = svg!.getBoundingClientRect();
    return { bottom: box.bottom, height: box.height, viewport: innerHeight, width: box.width };
  });
}

describe('presenter mode', () => {
  it('draws the episode for a room, steps with the arrow keys, and fits 720p, 4K and 200% zoom', async () => {
    const task = mazeFor(31);
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await startHumanEpisode(page, 31);
    await answer(page, task.solution.split(' ')[0]!);
    await page.getByTestId('feedback-1').waitFor(WAIT);

    await page.getByTestId('present').click();
    const presenter = page.getByTestId('presenter');
    await presenter.waitFor(WAIT);
    expect(page.url()).toContain('?present');
    // The setup and the device check are gone; the person can still answer.
    expect(await page.locator('form[aria-labelledby="setup-title"]').count()).toBe(0);
    expect(await page.getByTestId('preflight-verdict').count()).toBe(0);
    await page.getByTestId('human-attempt').waitFor(WAIT);
    await answer(page, task.solution);
    await expect.poll(() => page.getByTestId('presenter-outcome').textContent(), WAIT).toContain('Solved');

    // S and G are drawn above the path and its head: the last element painted is a letter.
    const topmost = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="presenter"] svg > *')]
        .slice(-2)
        .map((el) => el.textContent),
    );
    expect(topmost.sort()).toEqual(['G', 'S']);

    // ← → step through the attempts (the board shows the deciding one at the end).
    expect(await page.getByTestId('presenter-turn').textContent()).toBe('attempt 2 of 5');
    await page.locator('body').press('ArrowLeft');
    await expect.poll(() => page.getByTestId('presenter-turn').textContent()).toBe('attempt 1 of 5');
    expect(await page.getByTestId('presenter-feedback').textContent()).not.toBe('');
    const feedbackPx = await page
      .getByTestId('presenter-feedback')
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(feedbackPx).toBeGreaterThanOrEqual(24);
    await page.locator('body').press('ArrowRight');
    await expect.poll(() => page.getByTestId('presenter-turn').textContent()).toBe('attempt 2 of 5');

    for (const size of [
      { width: 1280, height: 720 },
      { width: 3840, height: 2160 },
      // 1280×720 at 200% zoom lays out as 640×360 CSS pixels.
      { width: 640, height: 360 },
    ]) {
      await page.setViewportSize(size);
      expect(await sidewaysOverflow(page), `${size.width}×${size.height}`).toEqual({
        extra: 0,
        culprits: [],
      });
      const board = await boardFits(page);
      if (size.width >= 1280) {
        // Beside the words, the board fills the height under the bar: whole, and large.
        expect(board.bottom).toBeLessThanOrEqual(board.viewport + 1);
        expect(board.height).toBeGreaterThan(size.height * 0.6);
      } else expect(board.width).toBeGreaterThan(size.width * 0.8);
      await page.screenshot({ path: `/tmp/presenter-${size.width}x${size.height}.png` });
    }

    // A reload stays presenting; Esc leaves, and the setup is back.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.reload();
    await presenter.waitFor(WAIT);
    await page.locator('body').press('Escape');
    await page.locator('form[aria-labelledby="setup-title"]').waitFor(WAIT);
    expect(page.url()).not.toContain('present');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
