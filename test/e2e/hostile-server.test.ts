/**
 * The real page against hostile OpenAI-compatible servers on 127.0.0.1 (issue 18, points 2 and 6): a
 * server streaming 64 KB deltas without end leaves the tab responsive and each reply cut at its limit,
 * and an episode whose server reports nonsense usage exports and imports back through the UI.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';

const baseUrl = inject('baseUrl');
const serverUrl = inject('openaiTestUrl');
const browser = sharedBrowser();
const WAIT = { timeout: 60_000 };

async function connect(page: Page, model: string): Promise<string> {
  await page.getByTestId('preflight-verdict').waitFor();
  await page.getByRole('radio', { name: 'A model' }).check();
  await page.getByText('Use a model on a local server').click();
  const form = page.getByTestId('server-form');
  await form.locator('input[name="server-url"]').fill(`${serverUrl}/v1`);
  await form.locator('input[name="server-model"]').fill(model);
  await form.getByRole('button', { name: 'Connect' }).click();
  const id = `${model} @ ${serverUrl}/v1`;
  await expect.poll(() => page.locator('select[name="student-model"]').inputValue(), WAIT).toBe(id);
  return id;
}

describe('hostile servers on the real page', () => {
  it('cuts an endless stream of 64 KB deltas at the reply limit, and the tab stays responsive', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await connect(page, 'endless');
    await page.getByLabel('Turns').fill('2');
    await page.getByLabel('Between attempts').selectOption('binary');
    await page.getByRole('button', { name: 'Start episode' }).click();
    const slowest: number[] = [];
    const ended = expect
      .poll(() => page.getByTestId('outcome').textContent(), WAIT)
      .toMatch(/Solved|Not solved/);
    // While it runs, the page answers a trivial script promptly.
    for (let i = 0; i < 5; i++) {
      const begun = Date.now();
      await page.evaluate(() => 1);
      slowest.push(Date.now() - begun);
    }
    await ended;
    expect(Math.max(...slowest)).toBeLessThan(2_000);
    // Each attempt holds what the limit allows for the default 256 tokens (64 characters a token).
    const db = await dumpDb(page);
    expect(db.turns.map((t) => t.attempt.length)).toEqual([256 * 64, 256 * 64]);
    const heap = await page.evaluate(
      () => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize,
    );
    if (heap !== undefined) expect(heap).toBeLessThan(300 * 2 ** 20);
    await context.close();
  });

  it('exports an episode with nonsense usage and imports it back into a fresh profile', async () => {
    const first = await openPage(browser(), baseUrl);
    await connect(first.page, 'bad-usage');
    await first.page.getByLabel('Turns').fill('1');
    await first.page.getByRole('button', { name: 'Start episode' }).click();
    await expect
      .poll(() => first.page.getByTestId('outcome').textContent(), WAIT)
      .toMatch(/Solved|Not solved/);
    await first.page.goto(`${baseUrl}/#/history`);
    await first.page.getByTestId('history-page').waitFor();
    const [download] = await Promise.all([
      first.page.waitForEvent('download'),
      first.page.getByRole('button', { name: 'All', exact: true }).click(),
    ]);
    // Read now: the download goes with its context.
    const text = await readFile(await download.path(), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    const line = JSON.parse(lines[1]!) as { turns: { studentUsage?: Record<string, unknown> }[] };
    // Neither -5 nor "many" was stored: the counts are unknown.
    expect(line.turns[0]?.studentUsage).toEqual({});
    await first.context.close();

    const second = await openPage(browser(), `${baseUrl}/#/history`);
    await second.page.getByTestId('history-page').waitFor();
    await second.page.getByTestId('import-file').setInputFiles({
      name: 'hostile-usage.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(text, 'utf8'),
    });
    await expect
      .poll(() => second.page.getByTestId('import-report').textContent(), WAIT)
      .toContain('Imported 1 episode');
    expect((await dumpDb(second.page)).episodes).toHaveLength(1);
    await second.context.close();
  });
});
