/**
 * web-llm for real, up to the model library: a custom model record served by the test server is
 * fetched in the `resolve/main` layout, and a broken library is reported in the page in plain words.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

describe('custom web-llm model', () => {
  it('refuses a relative model URL, then loads a served record up to its broken library and says so', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    await page.getByText('Add a custom model').click();
    const form = page.getByTestId('custom-model');
    await form.locator('input[name="custom-id"]').fill('tiny-chat-q4f32_1');
    await form.locator('input[name="custom-url"]').fill('/test/fixtures/webllm/tiny-chat/');
    await form
      .locator('input[name="custom-lib"]')
      .fill(`${baseUrl}/test/fixtures/webllm/broken-model-lib.txt`);
    await form.getByRole('button', { name: 'Add model' }).click();
    await expect
      .poll(() => page.getByTestId('custom-error').textContent(), { timeout: 30_000 })
      .toContain('not absolute');

    // The model URL has no resolve/main/: web-llm appends it, so the config is found under it.
    await form.locator('input[name="custom-url"]').fill(`${baseUrl}/test/fixtures/webllm/tiny-chat/`);
    await form.getByRole('button', { name: 'Add model' }).click();
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 30_000 })
      .toBe('tiny-chat-q4f32_1');
    await page.getByRole('button', { name: 'Load tiny-chat-q4f32_1' }).click();
    const error = page.getByTestId('load-error');
    await error.waitFor({ timeout: 60_000 });
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('model library');
    expect(text).toContain('broken-model-lib.txt');
    await context.close();
  });
});
