/**
 * The walking skeleton as a person uses it: the real page, its real worker and real IndexedDB in
 * Chromium, served by the lab's own dev server.
 */
import { describe, expect, inject, it } from 'vitest';
import { dumpDb } from './idb';
import { openPage, sharedBrowser } from './browser';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

describe('maze episode in the page', () => {
  it('loads, and the preflight reports the SwiftShader adapter without shader-f16', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await expect
      .poll(() => page.getByTestId('preflight-verdict').textContent(), { timeout: 30_000 })
      .toContain('software adapter');
    expect(await page.getByTestId('preflight-adapter').textContent()).toMatch(/swiftshader/i);
    expect(await page.getByTestId('preflight-f16').textContent()).toContain('no shader-f16');

    await page.getByRole('radio', { name: 'A model' }).check();
    const optionsLocator = page.locator('select[name="student-model"] option');
    await expect.poll(() => optionsLocator.count(), { timeout: 30_000 }).toBeGreaterThan(3);
    const options = await optionsLocator.evaluateAll((els) =>
      els.map((e) => (e as HTMLOptionElement).value).filter(Boolean),
    );
    expect(options.some((id) => /q4f32/.test(id))).toBe(true);
    expect(options.filter((id) => /f16/.test(id))).toEqual([]);
    const refused = await page.locator('details', { hasText: 'cannot run here' }).textContent();
    expect(refused).toContain('shader-f16');

    // The Models page says what the software adapter means for each model, and what to do instead.
    await page.goto(`${baseUrl}/#/models`);
    await page.getByTestId('models-software').waitFor({ timeout: 30_000 });
    const here = await page.getByTestId('model-row').first().locator('td').nth(4).textContent();
    expect(here).toBe('⚠ runs, very slowly (software GPU)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('plays a whole human-student episode with the rule-based teacher, stores it, and keeps it after a reload', async () => {
    const seed = 7;
    const task = mazeFor(seed);
    const moves = task.solution.split(' ');
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await startHumanEpisode(page, seed);
    expect(await page.getByTestId('maze-svg').count()).toBe(1);

    // Attempt 1 stops one move short of the goal: the teacher must say so without giving the path.
    await answer(page, moves.slice(0, -1).join(' '));
    const feedback = page.getByTestId('feedback-1');
    await feedback.waitFor();
    const feedbackText = (await feedback.textContent()) ?? '';
    expect(feedbackText.length).toBeGreaterThan(10);
    expect(feedbackText.replace(/\s+/g, '')).not.toContain(task.solution.replace(/\s+/g, ''));
    expect(await page.getByTestId('timeline').textContent()).toContain('✗');

    // Attempt 2 is the reference path.
    await page.getByTestId('human-attempt').waitFor();
    await answer(page, task.solution);
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Solved at attempt 2');
    await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 30_000 }).toBe(1);

    const db = await dumpDb(page);
    expect(db.episodes).toHaveLength(1);
    expect(db.episodes[0]).toMatchObject({
      status: 'solved',
      turnsDone: 2,
      solvedAtTurn: 2,
      conditionKind: 'rule-teacher',
    });
    expect(db.turns.map((t) => t.turn).sort()).toEqual([1, 2]);
    const first = db.turns.find((t) => t.turn === 1)!;
    expect(first.feedback?.source).toBe('rule-teacher');
    expect(feedbackText).toContain(first.feedback!.text.slice(0, 30));

    await page.reload();
    const row = page.getByTestId('history-row');
    await row.first().waitFor();
    expect(await row.first().getAttribute('data-status')).toBe('solved');
    expect((await dumpDb(page)).turns).toHaveLength(2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the finished turns of an episode cut short by a reload and marks it interrupted', async () => {
    const task = mazeFor(11);
    const { context, page } = await openPage(browser(), baseUrl);
    await startHumanEpisode(page, 11);
    await answer(page, task.solution.split(' ')[0]!);
    await page.getByTestId('feedback-1').waitFor();
    await page.getByTestId('human-attempt').waitFor();
    await expect.poll(async () => (await dumpDb(page)).turns.length, { timeout: 30_000 }).toBe(1);

    await page.reload();
    await page.getByTestId('interrupted-notice').waitFor();
    const row = page.getByTestId('history-row');
    await expect.poll(() => row.first().getAttribute('data-status'), { timeout: 30_000 }).toBe('interrupted');
    const db = await dumpDb(page);
    expect(db.episodes[0]).toMatchObject({ status: 'interrupted', turnsDone: 1 });
    expect(db.turns).toHaveLength(1);
    await context.close();
  });

  it('stops an episode with the stop button and keeps its finished turn', async () => {
    const task = mazeFor(12);
    const { context, page } = await openPage(browser(), baseUrl);
    await startHumanEpisode(page, 12);
    await answer(page, task.solution.split(' ')[0]!);
    await page.getByTestId('human-attempt').waitFor();
    await page.getByTestId('stop').click();
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Stopped');
    // It looks as it is kept: the judged attempt, and no "attempt 2" on its way.
    expect(await page.getByTestId('attempt-1').count()).toBe(1);
    expect(await page.getByTestId('attempt-2').count()).toBe(0);
    const db = await dumpDb(page);
    expect(db.episodes[0]).toMatchObject({ status: 'aborted', turnsDone: 1 });
    await context.close();
  });
});

describe('human teacher', () => {
  it('lets a person coach a person: the typed feedback reaches the transcript and the store', async () => {
    const task = mazeFor(21);
    const { context, page } = await openPage(browser(), baseUrl);
    await page.getByLabel('Between attempts').selectOption('human-teacher');
    await startHumanEpisode(page, 21);
    await answer(page, task.solution.split(' ')[0]!);
    await page.getByTestId('human-feedback').waitFor();
    const advice = 'Good start. Keep going until you reach G.';
    await page.locator('#human-feedback').fill(advice);
    await page.getByTestId('human-feedback').getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => page.getByTestId('feedback-1').textContent(), { timeout: 30_000 })
      .toContain(advice);
    await answer(page, task.solution);
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Solved at attempt 2');
    const db = await dumpDb(page);
    expect(db.turns.find((t) => t.turn === 1)?.feedback).toMatchObject({
      source: 'human-teacher',
      text: advice,
    });
    await context.close();
  });
});

describe('two tabs', () => {
  it('a second tab does not mark the first tab’s live episode as interrupted', async () => {
    const task = mazeFor(13);
    const context = await browser().newContext();
    context.setDefaultTimeout(60_000);
    const first = await context.newPage();
    await first.goto(baseUrl);
    await startHumanEpisode(first, 13);
    await answer(first, task.solution.split(' ')[0]!);
    await first.getByTestId('feedback-1').waitFor();

    const second = await context.newPage();
    await second.goto(baseUrl);
    await second.getByTestId('history-row').first().waitFor();
    expect(await second.getByTestId('history-row').first().getAttribute('data-status')).toBe('running');
    expect(await second.getByTestId('interrupted-notice').count()).toBe(0);

    // The first tab's episode goes on and finishes normally.
    await first.getByTestId('human-attempt').waitFor();
    await answer(first, task.solution);
    await expect
      .poll(() => first.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Solved at attempt 2');
    expect((await dumpDb(second)).episodes[0]).toMatchObject({ status: 'solved', turnsDone: 2 });
    await context.close();
  });
});
