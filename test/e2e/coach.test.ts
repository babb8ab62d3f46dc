/**
 * "Be the teacher" as a class plays it (issue 13, point 8): a person coaches the test server's echo
 * model through two maze tasks, one message giving the answer away (the guard catches it) and one
 * honest; the lab runs plain retry on the same tasks; the score on screen is `coachScore()` computed
 * here in Node from the episodes stored in IndexedDB; the game is on the leaderboard, and still there
 * after a reload.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { coachScore } from '../../src/core/coach/score';
import type { EpisodeOutcomeInput } from '../../src/core/metrics';
import type { EpisodeConfig } from '../../src/core/protocol/types';
import { pp } from '../../src/ui/experiments/format';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';
import { PHONE, sidewaysOverflow } from './layout';
import { seriousViolations } from './axe';
import { connectServerModel } from './server-connect';

const baseUrl = inject('baseUrl');
const serverUrl = inject('openaiTestUrl');
const WAIT = { timeout: 60_000 };
const browser = sharedBrowser();

type Stored = EpisodeOutcomeInput & { config: EpisodeConfig; task: { solution: string } };

async function stored(page: Page): Promise<Stored[]> {
  const { episodes, turns } = await dumpDb<Stored, Stored['turns'][number] & { episodeId: string }>(page);
  return episodes.map((e) => ({ ...e, turns: turns.filter((t) => t.episodeId === e.id) }));
}

describe('Be the teacher', () => {
  it('scores a person by the student’s gain over retry on the same tasks, with the leaks caught', async () => {
    const { context, page, errors } = await openPage(browser(), `${baseUrl}/#/coach`);
    const setup = page.getByTestId('coach-setup');
    await setup.waitFor();
    expect(await page.getByTestId('coach-problem').textContent()).toContain('Type your name');
    await setup.getByLabel('Your name').fill('Ada');
    await setup.locator('select[name="env"]').selectOption('maze');
    await setup.locator('select[name="preset"]').selectOption('easy');
    await setup.locator('input[name="tasks"]').fill('2');
    await setup.locator('input[name="turns"]').fill('2');
    await connectServerModel(setup, `${serverUrl}/v1`, 'echo');
    await expect.poll(() => page.getByTestId('coach-problem').count()).toBe(0);
    await setup.getByRole('button', { name: 'Start the game' }).click();

    // Task 1: the person gives the answer away; the guard withholds it and a plain hint goes instead.
    const box = page.getByTestId('human-feedback');
    await box.waitFor(WAIT);
    expect(await page.getByTestId('coach-progress').textContent()).toContain('Task 1 of 2');
    // One Stop on the page: the game's, which ends its episode too.
    expect(await page.getByRole('button', { name: /Stop/ }).count()).toBe(1);
    const reveal = box.getByTestId('teacher-answer');
    await reveal.locator('summary').click();
    const solution = ((await reveal.locator('pre').textContent()) ?? '').trim();
    expect(solution).toMatch(/^[UDLR]( [UDLR])*$/);
    await box.locator('textarea').fill(`The moves are ${solution}.`);
    await box.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByTestId('transcript').textContent(), WAIT).toContain('withheld');

    // Task 2 (after the lab's own retry run of task 1): an honest hint.
    await expect.poll(() => page.getByTestId('coach-progress').textContent(), WAIT).toContain('Task 2 of 2');
    await box.waitFor(WAIT);
    await box.locator('textarea').fill('Look for the gap in the wall before you turn.');
    await box.getByRole('button', { name: 'Send' }).click();

    const card = page.getByTestId('coach-score');
    await card.waitFor(WAIT);
    // The score is what coachScore() makes of the stored episodes: two coached, two retry, paired.
    const episodes = await stored(page);
    expect(episodes).toHaveLength(4);
    const coached = episodes.filter((e) => e.config.condition.kind === 'human-teacher');
    const retry = episodes.filter((e) => e.config.condition.kind === 'retry');
    expect(coached.map((e) => e.config.index).sort()).toEqual([0, 1]);
    expect(retry.map((e) => e.config.index).sort()).toEqual([0, 1]);
    for (const c of coached) {
      const twin = retry.find((r) => r.config.index === c.config.index)!;
      expect({ ...twin.config, condition: null }).toEqual({ ...c.config, condition: null });
    }
    const score = coachScore(coached, retry);
    expect(score).toMatchObject({ tasks: 2, leaksCaught: 1 });
    expect(Number(await page.getByTestId('coach-gain').getAttribute('data-value'))).toBe(
      score.gain!.estimate,
    );
    expect(await page.getByTestId('coach-gain').textContent()).toContain(pp(score.gain!.estimate));
    expect(await page.getByTestId('coach-leaks').textContent()).toContain(
      `caught ${score.leaksCaught} of your ${score.messages}`,
    );
    // The withheld message never reached the student: the echo model's second attempt has no solution.
    const firstTask = coached.find((e) => e.config.index === 0)!;
    expect(firstTask.turns[0]?.feedback).toMatchObject({ withheld: true, leak: { leaked: true } });
    expect(firstTask.turns[1]?.attempt ?? '').not.toContain(solution);

    const row = page.getByTestId('leaderboard-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Ada');
    expect(await row.first().textContent()).toContain(pp(score.gain!.estimate));
    expect(await page.getByTestId('coach-place').textContent()).toContain('number 1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    expect(await sidewaysOverflow(page)).toEqual({ extra: 0, culprits: [] });

    // The board stays after a reload; the next player starts from the setup.
    await page.reload();
    await expect.poll(() => page.getByTestId('leaderboard-row').count(), WAIT).toBe(1);
    expect(await page.getByTestId('coach-setup').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
