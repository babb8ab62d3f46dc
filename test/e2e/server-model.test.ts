/**
 * A model student on an OpenAI-compatible server (the project's own SSE test server on 127.0.0.1):
 * connect from the page, run an episode, watch tokens stream, find it stored.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';
import type { SeenRequest } from '../servers/openai-test-server';
import { TEST_API_KEY } from '../servers/openai-test-fixtures';

const baseUrl = inject('baseUrl');
const serverUrl = inject('openaiTestUrl');
const browser = sharedBrowser();

describe('model on a local server', () => {
  it('refuses a server that is not there, then runs a whole episode with a connected model', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    await page.getByText('Use a model on a local server').click();
    const form = page.getByTestId('server-form');
    await form.locator('input[name="server-url"]').fill('http://127.0.0.1:9/v1');
    await form.locator('input[name="server-model"]').fill('echo');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => page.getByTestId('server-error').textContent(), { timeout: 30_000 })
      .toMatch(/reach/i);

    await form.locator('input[name="server-url"]').fill(`${serverUrl}/v1`);
    await form.getByRole('button', { name: 'Connect' }).click();
    const id = `echo @ ${serverUrl}/v1`;
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 30_000 })
      .toBe(id);

    await page.getByLabel('Turns').fill('2');
    await page.getByLabel('Between attempts').selectOption('binary');
    await page.locator('input[name="max-tokens"]').fill('60');
    await page.getByRole('button', { name: 'Start episode' }).click();
    // While it writes, the turn says so, with the tokens so far and their speed (echo: one word / 15 ms).
    await page.waitForFunction(
      () =>
        /^generating… \d+ tokens · [\d.]+ tokens\/s$/.test(
          document.querySelector('[data-testid="generating-1"]')?.textContent?.trim() ?? '',
        ),
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 60_000 })
      .toMatch(/Solved|Not solved/);
    // The echo of a long task prompt stops at the limit: said in words, and the live count is gone.
    expect(await page.getByTestId('finish-1').textContent()).toBe('cut off at the 60-token limit');
    expect(await page.getByTestId('generating-1').count()).toBe(0);
    // The echo model repeats the last user message: the attempt shows what was streamed.
    expect(((await page.getByTestId('attempt-1').textContent()) ?? '').length).toBeGreaterThan(20);
    const db = await dumpDb(page);
    expect(db.episodes).toHaveLength(1);
    expect(db.episodes[0]).toMatchObject({ conditionKind: 'binary' });
    expect((db.episodes[0] as unknown as { studentModel: string }).studentModel).toBe(id);
    expect(errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(e))).toEqual([]);
    await context.close();
  });

  it('offers the server last connected again after a reload, without its key', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    const openForm = async () => {
      await page.getByRole('radio', { name: 'A model' }).check();
      await page.getByText('Use a model on a local server').click();
      return page.getByTestId('server-form');
    };
    let form = await openForm();
    await form.locator('input[name="server-url"]').fill(`${serverUrl}/v1`);
    await form.locator('input[name="server-model"]').fill('echo');
    await form.locator('input[name="server-key"]').fill('sk-not-to-be-kept');
    await form.locator('input[name="server-concurrency"]').fill('3');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 30_000 })
      .toBe(`echo @ ${serverUrl}/v1`);

    await page.reload();
    await page.getByTestId('preflight-verdict').waitFor();
    form = await openForm();
    await expect.poll(() => form.locator('input[name="server-url"]').inputValue()).toBe(`${serverUrl}/v1`);
    expect(await form.locator('input[name="server-model"]').inputValue()).toBe('echo');
    expect(await form.locator('input[name="server-concurrency"]').inputValue()).toBe('3');
    expect(await form.locator('input[name="server-key"]').inputValue()).toBe('');
    // And the key is nowhere in the browser's storage.
    const stored = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('plasticity-lab');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('settings').objectStore('settings').getAll();
            request.onsuccess = () => {
              open.result.close();
              resolve(JSON.stringify(request.result));
            };
          };
        }),
    );
    expect(stored).toContain('echo');
    expect(stored).not.toContain('sk-not-to-be-kept');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('clears the API key when the address moves to another origin, which never sees it', async () => {
    // One test server, two origins: http://127.0.0.1:PORT and http://localhost:PORT.
    const tag = 'e2e-key-origin';
    const first = `${serverUrl}/t/${tag}/v1`;
    const second = `${serverUrl.replace('127.0.0.1', 'localhost')}/t/${tag}/v1`;
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    await page.getByText('Use a model on a local server').click();
    const form = page.getByTestId('server-form');
    await form.locator('input[name="server-url"]').fill(first);
    await form.locator('input[name="server-model"]').fill('auth');
    await form.locator('input[name="server-key"]').fill(TEST_API_KEY);
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 30_000 })
      .toBe(`auth @ ${first}`);

    // Only the address changes; the key field empties, and the form says why.
    await form.locator('input[name="server-url"]').fill(second);
    expect(await form.locator('input[name="server-key"]').inputValue()).toBe('');
    expect(await page.getByTestId('server-key-note').textContent()).toMatch(
      /API key was cleared.*entered for http:\/\/127\.0\.0\.1:\d+, not for http:\/\/localhost:\d+/,
    );
    await form.locator('input[name="server-model"]').fill('echo');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 30_000 })
      .toBe(`echo @ ${second}`);

    const log = (await (await fetch(`${serverUrl}/__seen?tag=${tag}`)).json()) as SeenRequest[];
    const requests = log.filter((r) => r.method !== 'OPTIONS');
    const firstHost = new URL(first).host;
    const secondHost = new URL(second).host;
    expect(requests.filter((r) => r.host === firstHost).map((r) => r.authorization)).toEqual([
      `Bearer ${TEST_API_KEY}`,
    ]);
    expect(requests.filter((r) => r.host === secondHost).map((r) => r.authorization)).toEqual([null]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
