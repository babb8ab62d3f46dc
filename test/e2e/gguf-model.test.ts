/**
 * Real inference in the page: the generated tiny GGUF llama runs with wllama on the CPU in the lab
 * worker, as a model student with the rule-based teacher. The model's words are gibberish (random
 * weights); the test checks the plumbing: load, streamed tokens, stored turns with usage, the cache.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';
import { loadTinyModel } from './tiny-model';
import { buildTinyLlamaGguf } from '../fixtures/gguf/tiny-llama';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

interface StoredTurn {
  turn: number;
  studentUsage?: { promptTokens: number; completionTokens: number; decodeTokensPerSec?: number };
  feedback: { source: string } | null;
}

describe('GGUF model on the CPU', () => {
  it('loads a GGUF file from the page, streams a model student episode, stores it, and keeps the model for later', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    await loadTinyModel(page);
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 60_000 })
      .toBe('tiny-llama');

    await page.getByLabel('Turns').fill('2');
    await page.getByLabel('Temperature', { exact: true }).fill('0');
    // Record every length the first attempt's text takes, to see it grow token by token.
    await page.evaluate(() => {
      const lengths: number[] = [];
      (window as unknown as { lengths: number[] }).lengths = lengths;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="attempt-1"] pre')?.textContent ?? '';
        if (lengths.at(-1) !== text.length) lengths.push(text.length);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Start episode' }).click();
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 90_000 })
      .toMatch(/Solved|Not solved/);
    const lengths = await page.evaluate(() => (window as unknown as { lengths: number[] }).lengths);
    // Tokens are rendered once per animation frame, so a busy machine shows fewer, larger steps: what
    // counts is that partial text shows before the reply ends (empty, at least one partial, final).
    expect(new Set(lengths).size).toBeGreaterThan(2);

    const stored = await dumpDb<{ studentModel: string; status: string }, StoredTurn>(page);
    expect(stored.episodes).toHaveLength(1);
    expect(stored.episodes[0]!.studentModel).toBe('tiny-llama');
    expect(stored.turns.length).toBeGreaterThanOrEqual(1);
    for (const turn of stored.turns) {
      expect(turn.studentUsage!.promptTokens).toBeGreaterThan(0);
      expect(turn.studentUsage!.completionTokens).toBeGreaterThan(0);
      expect(turn.studentUsage!.decodeTokensPerSec).toBeGreaterThan(0);
    }

    // The file was kept in the browser: after a reload the student picker offers it, no form opened,
    // and it loads from the cache.
    await page.reload();
    await page.getByRole('radio', { name: 'A model' }).check();
    const picker = page.locator('select[name="student-model"]');
    await expect
      .poll(() => picker.locator('optgroup[label="Kept in this browser (CPU)"] option').allTextContents())
      .toEqual(['tiny-llama']);
    await picker.selectOption('tiny-llama');
    await page.getByRole('button', { name: 'Load tiny-llama' }).click();
    await expect.poll(() => page.getByText('✓ Loaded').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // The form's own list still offers it too.
    await page.getByText('Run a GGUF model on the CPU').click();
    const cached = page.getByTestId('gguf-form').getByRole('listitem').filter({ hasText: 'tiny-llama' });
    await cached.getByRole('button', { name: 'Load', exact: true }).click();
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 60_000 })
      .toBe('tiny-llama');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a file that is not a GGUF model with a clear message', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await page.getByRole('radio', { name: 'A model' }).check();
    await page.getByText('Run a GGUF model on the CPU').click();
    await page.locator('input[name="gguf-file"]').setInputFiles({
      name: 'notes.gguf',
      mimeType: 'text/plain',
      buffer: Buffer.from('these are not model weights'),
    });
    await page.getByRole('button', { name: 'Load file' }).click();
    await expect
      .poll(() => page.getByTestId('gguf-error').textContent(), { timeout: 30_000 })
      .toContain('not a GGUF model');
    await context.close();
  });

  it('names the chosen file, not an internal path, when a GGUF model is broken', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await page.getByRole('radio', { name: 'A model' }).check();
    await page.getByText('Run a GGUF model on the CPU').click();
    // A real GGUF start (signature, version), cut off inside its key-value pairs.
    await page.locator('input[name="gguf-file"]').setInputFiles({
      name: 'my-broken-model.gguf',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(buildTinyLlamaGguf().slice(0, 2000)),
    });
    await page.getByRole('button', { name: 'Load file' }).click();
    await expect
      .poll(() => page.getByTestId('gguf-error').textContent(), { timeout: 60_000 })
      .toContain('my-broken-model.gguf is not a readable GGUF model');
    const text = (await page.getByTestId('gguf-error').textContent()) ?? '';
    expect(text).toMatch(/failed to read key-value pairs/);
    expect(text).not.toMatch(/models\/|model-0000/);
    await context.close();
  });
});
