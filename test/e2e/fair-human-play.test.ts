/**
 * Fair human play: a person playing the student under "Right/wrong only" sees what that condition
 * gives between attempts (right or wrong), not the verifier's diagnosis or the board's marks; both
 * appear once the episode has ended.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

describe('a human student', () => {
  it('under right/wrong feedback sees no diagnosis until the episode ends', async () => {
    const seed = 7;
    const task = mazeFor(seed);
    const moves = task.solution.split(' ');
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.locator('select[name="condition"]').selectOption('binary');
    await startHumanEpisode(page, seed);

    await answer(page, moves.slice(0, -1).join(' '));
    await page.getByTestId('feedback-1').waitFor();
    await page.getByTestId('human-attempt').waitFor();
    // Right or wrong, as the condition says, and nothing more: no verifier message, no path drawn.
    expect(await page.getByTestId('attempt-1').textContent()).toContain('✗ incorrect');
    expect(await page.getByTestId('transcript').textContent()).not.toContain('Verifier:');
    expect(await page.getByTestId('maze-path').count()).toBe(0);
    expect(await page.getByTestId('task-view').textContent()).not.toMatch(/Does not reach|✗/);

    await answer(page, task.solution);
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Solved at attempt 2');
    // Ended: the board draws the deciding attempt, and the first attempt's diagnosis can be read.
    await expect.poll(() => page.getByTestId('maze-path').count()).toBe(1);
    await page.getByTestId('timeline').getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('transcript').textContent()).toContain('Verifier:');

    // The History says it in the names the setup uses, not the lab's ids.
    await page.goto(`${baseUrl}/#/history`);
    const row = page.getByTestId('history-page-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Maze');
    expect(await row.textContent()).toContain('Right/wrong only');
    expect(await row.textContent()).not.toContain('binary');
    const options = await page.locator('select[name="filter-condition"] option').allTextContents();
    expect(options).toEqual(['All', 'Right/wrong only']);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
