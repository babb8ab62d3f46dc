/**
 * A disk that fills up mid-episode, on the real page: the origin's quota is lowered through CDP
 * (`Storage.overrideQuotaForOrigin`, before the page first opens its database), and once the first
 * attempt of a human episode is stored the rest is filled with incompressible filler (random bytes:
 * IndexedDB compresses values), so the second attempt, and the episode's end, cannot be written. The episode must end saying which attempts
 * are kept, and stay deletable, never a 'running' zombie, after a reload too.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpDb } from './idb';
import { sharedBrowser } from './browser';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
const browser = sharedBrowser();

/** The origin's quota: small, so filling it takes a moment. */
const QUOTA = 8 * 1024 * 1024;

/**
 * Fill the origin's storage to the brim with random bytes, in a database of its own (the lab's stays
 * as the lab made it): chunks of shrinking size are added until even the smallest no longer fits.
 * @returns the bytes added.
 */
function fillToTheBrim(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('filler');
      open.onupgradeneeded = () => open.result.createObjectStore('bytes', { autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const put = (size: number) =>
      new Promise<boolean>((resolve) => {
        const value = new Uint8Array(size);
        // getRandomValues fills at most 64 KiB per call.
        for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(value.subarray(i, i + 65_536));
        const tx = db.transaction('bytes', 'readwrite');
        tx.objectStore('bytes').put(value);
        tx.oncomplete = () => resolve(true);
        tx.onabort = () => resolve(false);
      });
    let added = 0;
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8]) {
      while (await put(size)) added += size;
    }
    db.close();
    return added;
  });
}

describe('a full disk mid-episode', () => {
  it('ends the episode saying which attempts are saved, and leaves it deletable, after a reload too', async () => {
    const context = await browser().newContext({ viewport: { width: 1400, height: 1000 } });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseUrl).origin, quotaSize: QUOTA });
    await page.goto(baseUrl);

    const seed = 11;
    const moves = mazeFor(seed).solution.split(' ');
    await startHumanEpisode(page, seed);
    await answer(page, moves[0]!);
    await page.getByTestId('feedback-1').waitFor();
    await expect.poll(async () => (await dumpDb(page)).turns.length, WAIT).toBe(1);

    // Then the disk fills up (another tab, another site's data): the second attempt cannot be stored.
    expect(await fillToTheBrim(page)).toBeGreaterThan(QUOTA / 2);
    await page.getByTestId('human-attempt').waitFor();
    await answer(page, moves.slice(0, 2).join(' '));

    await expect.poll(() => page.getByTestId('outcome').textContent(), WAIT).toContain('Ended by an error');
    expect(await page.getByRole('alert').first().textContent()).toMatch(/storage for this site is full/);
    expect(await page.getByTestId('saved-turns').textContent()).toContain(
      'Saved: attempt 1. Not saved: attempt 2.',
    );
    // The person is not asked for a third attempt that could not be kept either.
    expect(await page.getByTestId('human-attempt').count()).toBe(0);
    // Nor could the end be written: the record still says 'running' (a zombie before this fix).
    expect((await dumpDb(page)).episodes.map((e) => e.status)).toEqual(['running']);

    // After a reload the episode is not 'running' (whatever its record could be written to say).
    await page.reload();
    await page.getByRole('link', { name: 'History' }).click();
    const row = page.getByTestId('history-page-row');
    await expect.poll(() => row.count(), WAIT).toBe(1);
    await expect.poll(() => row.getAttribute('data-status'), WAIT).toBe('interrupted');
    await row.getByTestId('replay-link').click();
    await expect.poll(() => page.getByTestId('replay-outcome').textContent(), WAIT).toContain('Interrupted');
    await page.goBack();

    // Deleting needs no free space: the disk is as full as before.
    await page.getByTestId('history-page-row').getByTestId('discard').click();
    await expect.poll(() => page.getByTestId('history-page-row').count(), WAIT).toBe(0);
    expect((await dumpDb(page)).episodes).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
