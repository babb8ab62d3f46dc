/**
 * The store across tabs of one browser (issue 18, point 11): an upgrade another tab blocks goes on
 * once that tab closes, and a newer tab's upgrade ends a running episode here at once, saying which
 * turns are saved. The other tab is a same-origin document that is not the lab (`/favicon.svg`), using
 * IndexedDB directly: an older build that ignores `versionchange`, or a newer build's upgrade.
 */
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { SCHEMA_VERSION } from '../../src/store/constants';
import { dumpDb } from './idb';
import { sharedBrowser } from './browser';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

/** A same-origin page of the context that is not the lab: it only does what the test tells it. */
async function otherTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/favicon.svg`);
  return page;
}

/** The lab in a new tab of `context`, with its page errors collected. */
async function labTab(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(baseUrl);
  return { page, errors };
}

describe('the store across tabs', () => {
  it('an upgrade blocked by another tab says so, and goes on once that tab closes', async () => {
    const context = await browser().newContext();
    context.setDefaultTimeout(60_000);
    // An older build's tab: the store at schema v1, its connection kept open, deaf to versionchange.
    const old = await otherTab(context);
    // A string, so the test runner leaves its dynamic imports alone: the dev server serves the modules.
    await old.evaluate(`(async () => {
      const { openLabDatabase } = await import('/src/store/open.ts');
      const { UPGRADE_STEPS } = await import('/src/store/migrations.ts');
      globalThis.keep = await openLabDatabase({ steps: UPGRADE_STEPS.slice(0, 1) });
    })()`);

    const { page, errors } = await labTab(context);
    const waiting = page.getByText('Close the other Plasticity Lab tabs to finish upgrading the store.');
    await waiting.waitFor({ timeout: 30_000 });

    await old.close();
    await waiting.waitFor({ state: 'detached', timeout: 15_000 });
    // The open went on: the history reads (empty) with no error, and an episode is stored.
    await expect.poll(() => page.getByTestId('history').textContent()).toContain('None yet');
    expect(await page.getByRole('alert').count()).toBe(0);
    await startHumanEpisode(page, 3);
    await answer(page, mazeFor(3).solution);
    await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 30_000 }).toBe(1);
    expect((await dumpDb(page)).episodes.map((e) => e.status)).toEqual(['solved']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a newer tab's upgrade ends the running episode here at once, naming the saved turns", async () => {
    const context = await browser().newContext();
    context.setDefaultTimeout(60_000);
    const { page, errors } = await labTab(context);
    const task = mazeFor(9);
    await startHumanEpisode(page, 9);
    await answer(page, task.solution.split(' ')[0]!);
    await page.getByTestId('feedback-1').waitFor();
    await page.getByTestId('human-attempt').waitFor();
    await expect.poll(async () => (await dumpDb(page)).turns.length, { timeout: 15_000 }).toBe(1);

    // A newer build opens the store at the next schema version: this tab must let go, at once.
    const newer = await otherTab(context);
    const version = await newer.evaluate(
      (next) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('plasticity-lab', next);
          open.onblocked = () => reject(new Error('the lab tab kept the store open'));
          open.onsuccess = () => {
            resolve(open.result.version);
            open.result.close();
          };
          open.onerror = () => reject(open.error);
        }),
      SCHEMA_VERSION + 1,
    );
    expect(version).toBe(SCHEMA_VERSION + 1);

    // Without anyone typing attempt 2, the episode ends and says what is kept.
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 15_000 })
      .toContain('Ended by an error');
    expect(await page.getByTestId('human-attempt').count()).toBe(0);
    expect(await page.getByTestId('stop').count()).toBe(0);
    expect(await page.getByTestId('saved-turns').textContent()).toContain('The attempt is saved.');
    expect(await page.getByTestId('episode').textContent()).toContain('Another Plasticity Lab tab upgraded');
    expect(await page.getByTestId('store-notice').textContent()).toContain('Reload this tab');
    // Nothing is shown as saved that is not: the store holds turn 1 only, as the page says.
    const stored = await newer.evaluate(
      () =>
        new Promise<number[]>((resolve, reject) => {
          const open = indexedDB.open('plasticity-lab');
          open.onsuccess = () => {
            const get = open.result.transaction('transcripts').objectStore('transcripts').getAll();
            get.onsuccess = () => {
              resolve(
                (get.result as { turns: { turn: number }[] }[]).flatMap((t) => t.turns.map((x) => x.turn)),
              );
              open.result.close();
            };
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(stored).toEqual([1]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
