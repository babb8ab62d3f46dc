/**
 * A lab worker that dies mid-episode (issue 18, point 8). The worker is ended for real, from outside:
 * through the DevTools protocol it is made to close itself (what Puppeteer's `WebWorker.close()` does
 * for a dedicated worker), with no hook of ours in it. The page must say so, stop waiting on it,
 * offer a new worker, and show the episode as the store has it: interrupted, with its saved turn.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpDb } from './idb';
import { openPage, sharedBrowser } from './browser';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

/** End the page's lab worker; resolves once the page no longer lists it. */
async function killLabWorker(page: Page): Promise<void> {
  const worker = page.workers().find((w) => w.url().includes('lab.worker'));
  if (!worker)
    throw new Error(
      `No lab worker among ${page
        .workers()
        .map((w) => w.url())
        .join(', ')}`,
    );
  const closed = new Promise<void>((resolve) => worker.once('close', () => resolve()));
  // The evaluation never answers: the worker is gone before it could.
  void worker.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
  await closed;
}

describe('the lab worker dies mid-episode', () => {
  it('says so, unblocks Stop and Start, restarts, and shows the episode interrupted with its saved turn', async () => {
    const seed = 11;
    const task = mazeFor(seed);
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await startHumanEpisode(page, seed);
    await answer(page, task.solution.split(' ')[0]!);
    await page.getByTestId('feedback-1').waitFor();
    await page.getByTestId('human-attempt').waitFor();
    // Attempt 1 is stored; attempt 2 is what the person is asked for when the worker dies.
    await expect.poll(async () => (await dumpDb(page)).turns.length, { timeout: 15_000 }).toBe(1);

    await killLabWorker(page);
    const gone = page.getByTestId('lab-gone');
    await gone.waitFor({ timeout: 15_000 });
    expect(await gone.textContent()).toContain('The lab stopped working');
    // The episode no longer waits on the dead worker: no Stop, no answer box, Start can be pressed.
    await expect.poll(() => page.getByTestId('stop').count()).toBe(0);
    expect(await page.getByTestId('human-attempt').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Start episode' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('outcome').textContent()).toContain('Interrupted');
    // Attempt 2 was never made: it is not left on screen as in progress.
    expect(await page.getByTestId('timeline').textContent()).not.toContain('…');

    await page.getByTestId('restart-lab').click();
    await gone.waitFor({ state: 'detached', timeout: 30_000 });
    // The new worker reads the record its dead predecessor left 'running' as interrupted, turn 1 kept.
    await expect
      .poll(() => page.getByTestId('saved-turns').textContent(), { timeout: 15_000 })
      .toContain('The attempt is saved.');
    expect(await page.getByTestId('outcome').textContent()).toContain('Interrupted');
    const row = page.getByTestId('history-row');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getAttribute('data-status')).toBe('interrupted');
    expect(await page.getByTestId('preflight-verdict').textContent()).toContain('software adapter');

    // The History page counts it, and it can be resumed and then finished like any interrupted one.
    await page.getByRole('link', { name: 'History' }).click();
    await expect.poll(() => page.getByTestId('history-total').textContent()).toContain('1 episode matches');
    // What is stored can be exported, deleted and imported back as it was.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'All', exact: true }).click(),
    ]);
    const file = await download.path();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
    await page.getByRole('button', { name: 'Delete all…' }).click();
    await page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await expect.poll(() => page.getByTestId('history-total').textContent()).toContain('0 episodes match');
    await page.getByTestId('import-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('import-report').textContent()).toContain('Imported 1 episode');
    await expect.poll(() => page.getByTestId('history-total').textContent()).toContain('1 episode matches');
    expect((await dumpDb(page)).turns.map((t) => t.turn)).toEqual([1]);
    await page.getByTestId('resume').click();
    await page.getByTestId('human-attempt').waitFor();
    await answer(page, task.solution);
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Solved at attempt 2');
    const db = await dumpDb(page);
    expect(db.episodes.map((e) => [e.status, e.turnsDone])).toEqual([['solved', 2]]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a worker that cannot start (its file gone) is said too, and Restart tries again', async () => {
    const { context, page } = await openPage(browser(), 'about:blank');
    const script = '**/workers/lab.worker.ts*';
    await page.route(script, (route) => route.abort('failed'));
    await page.goto(baseUrl);
    const gone = page.getByTestId('lab-gone');
    await gone.waitFor({ timeout: 30_000 });
    expect(await gone.textContent()).toContain('The lab worker could not start');

    await page.unroute(script);
    await page.getByTestId('restart-lab').click();
    await gone.waitFor({ state: 'detached', timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('preflight-verdict').textContent(), { timeout: 30_000 })
      .toContain('software adapter');
    await startHumanEpisode(page, 4);
    await answer(page, mazeFor(4).solution);
    await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 30_000 }).toBe(1);
    await context.close();
  });
});
