/**
 * A phone (390 px wide): no page scrolls sideways, with content on it (a maze episode being played,
 * the history with its row, the replay, the models list, the experiment designer, the Train page), and the nav shows
 * every page.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';
import { PHONE, expectFits } from './layout';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
const browser = sharedBrowser();

describe('At 390 px', () => {
  it('no page scrolls sideways and the nav reaches every page', async () => {
    const { page, errors } = await openPage(browser(), baseUrl);
    await page.setViewportSize(PHONE);
    for (const name of ['Episode', 'Be the teacher', 'History', 'Models', 'Experiments', 'Train', 'Help']) {
      const link = page.getByRole('link', { name, exact: true });
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${name} link on screen`).toBe(true);
    }

    // An episode in play: the setup, the maze (goal included) and the answer box fit.
    const moves = mazeFor(3).solution.split(' ');
    await startHumanEpisode(page, 3);
    await answer(page, moves.slice(0, -1).join(' '));
    await page.getByTestId('feedback-1').waitFor();
    await expectFits(page, 'episode');
    const board = await page.getByTestId('maze-svg').first().boundingBox();
    expect(board && board.x + board.width <= PHONE.width).toBe(true);
    await answer(page, moves.join(' '));
    await expect.poll(() => page.getByTestId('outcome').textContent(), WAIT).toContain('Solved');
    await expectFits(page, 'episode, solved');

    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.getByTestId('history-page-row').first().waitFor();
    await expectFits(page, 'history');
    await page.getByTestId('history-page-row').first().getByTestId('replay-link').click();
    await page.getByTestId('replay').waitFor();
    await expectFits(page, 'replay');

    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByTestId('models-page').waitFor();
    await expectFits(page, 'models');

    await page.goto(`${baseUrl}/#/experiments/new`);
    await page.getByRole('button', { name: 'Start experiment' }).waitFor();
    await expectFits(page, 'experiment designer');

    await page.getByRole('link', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Start training' }).waitFor();
    await expectFits(page, 'train');
    expect(errors).toEqual([]);
  }, 180_000);
});
