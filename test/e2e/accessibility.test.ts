/**
 * axe-core on every page (issue 13, point 9), each with content on it: the first-visit panel, a maze
 * episode being played and solved, presenter mode, the history with its row, a replay, the models
 * list, the experiments list, the designer, an experiment's results (run on the test server's echo
 * model), the Train page with a run paused on it, and the help page (the "Be the teacher" page is checked in coach.test.ts, with a game on it).
 * No serious or critical violation on any of them.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { connectServerModel } from './server-connect';
import { openPage, sharedBrowser } from './browser';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const serverUrl = inject('openaiTestUrl');
const WAIT = { timeout: 30_000 };
const browser = sharedBrowser();

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect({ what, violations: await seriousViolations(page) }).toEqual({ what, violations: [] });
}

describe('Accessibility (axe-core)', () => {
  it('no serious or critical violation on any page', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('how-it-works').waitFor(WAIT);
    await page.getByTestId('preflight-verdict').waitFor();
    await expectAccessible(page, 'episode page with the first-visit panel');
    await page.getByRole('button', { name: 'Got it, hide this' }).click();

    const moves = mazeFor(4).solution.split(' ');
    await startHumanEpisode(page, 4);
    await answer(page, moves.slice(0, -1).join(' '));
    await page.getByTestId('feedback-1').waitFor();
    await page.getByTestId('human-attempt').waitFor();
    await expectAccessible(page, 'episode in play');
    await answer(page, moves.join(' '));
    await expect.poll(() => page.getByTestId('outcome').textContent(), WAIT).toContain('Solved');
    await expectAccessible(page, 'episode solved');

    await page.getByRole('button', { name: 'Present' }).click();
    await page.getByTestId('presenter').waitFor();
    await expectAccessible(page, 'presenter mode');
    await page.keyboard.press('Escape');
    await page.getByTestId('presenter').waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.getByTestId('history-page-row').first().waitFor();
    await expectAccessible(page, 'history');
    await page.getByTestId('history-page-row').first().getByTestId('replay-link').click();
    await page.getByTestId('replay').waitFor();
    await expectAccessible(page, 'replay');

    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByTestId('models-page').waitFor();
    await expectAccessible(page, 'models');

    await page.getByRole('link', { name: 'Help', exact: true }).click();
    await page.getByTestId('help-page').waitFor();
    await expectAccessible(page, 'help');

    // An experiment's results, from the echo model on the test server (fast, and a real run).
    await page.getByRole('link', { name: 'Episode', exact: true }).click();
    await page.getByRole('radio', { name: 'A model' }).check();
    const model = await connectServerModel(page, `${serverUrl}/v1`, 'echo');

    await page.getByRole('link', { name: 'Experiments', exact: true }).click();
    const designer = page.getByTestId('designer');
    await designer.waitFor();
    await expectAccessible(page, 'experiments list and designer');
    await designer.getByLabel('Name').fill('Accessibility check');
    await designer.getByRole('checkbox', { name: 'Maze' }).check();
    await designer.getByRole('checkbox', { name: 'easy' }).check();
    await designer.getByRole('checkbox', { name: 'Retry (no feedback)' }).check();
    await designer.getByRole('checkbox', { name: 'Rule teacher (hint level 2)' }).check();
    await designer.locator(`input[name="student"][value="${model}"]`).check();
    await designer.locator('input[name="tasks"]').fill('2');
    await designer.locator('input[name="turns"]').fill('2');
    await designer.locator('input[name="max-tokens"]').fill('16');
    await designer.getByRole('button', { name: 'Start experiment' }).click();
    await expect
      .poll(() => page.getByTestId('run-state').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('done');
    await page.getByTestId('results-headline').waitFor();
    await expectAccessible(page, 'experiment results');

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('no serious or critical violation on the Train page, with a run training and its loss curve', async () => {
    const { context, page, errors } = await openPage(browser(), `${baseUrl}/#/train`);
    await expect.poll(() => page.getByTestId('train-backend').textContent(), WAIT).toContain('WebAssembly');
    await expectAccessible(page, 'train page');
    const recipe = page.getByTestId('train-recipe');
    await recipe.locator('input[name="budget"]').fill('3000');
    await recipe.locator('input[name="batch"]').fill('4');
    await recipe.getByRole('button', { name: 'Start training' }).click();
    await expect
      .poll(async () => Number(await page.getByTestId('train-step').textContent()), WAIT)
      .toBeGreaterThan(1);
    await page.getByTestId('loss-chart').locator('svg').first().waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('train-status').textContent(), WAIT).toContain('Paused');
    await page.getByTestId('saved-run').first().waitFor();
    await expectAccessible(page, 'train page with a paused run');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
