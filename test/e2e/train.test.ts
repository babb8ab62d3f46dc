/**
 * The Train page end to end (issue 17, point 3): a tiny model trains on a small didactic recipe in
 * the training worker (WebAssembly here), the progress and the loss curve show measured numbers,
 * a pause saves a checkpoint, a reload keeps the recipe (in the URL) and the run (in IndexedDB),
 * Resume goes on from the checkpoint to the end, the weights export as safetensors and import
 * back (a bad file is refused in words), and "Use as student" puts the model in the episode
 * page's student list.
 */
import { describe, expect, inject, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { openPage, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const WAIT = { timeout: 60_000 };

describe('Train page', () => {
  it('trains, pauses, resumes after a reload, exports, imports and hands the model to the lab', async () => {
    const { context, page, errors } = await openPage(browser(), `${baseUrl}/#/train`);
    await page.getByTestId('train-page').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('train-backend').textContent(), WAIT).toContain('WebAssembly');

    const recipe = page.getByTestId('train-recipe');
    await recipe.locator('input[name="budget"]').fill('6000');
    await recipe.locator('input[name="batch"]').fill('4');
    await recipe.locator('input[name="eval-every"]').fill('4');
    await recipe.locator('input[name="held-out"]').fill('8');
    await recipe.getByRole('radio', { name: /^tiny/ }).check();
    await recipe.getByRole('button', { name: 'Start training' }).click();

    const step = async () => Number(await page.getByTestId('train-step').textContent());
    await expect.poll(step, WAIT).toBeGreaterThanOrEqual(3);
    await page.getByTestId('loss-chart').locator('svg').first().waitFor();
    await expect.poll(() => page.getByTestId('train-speed').textContent(), WAIT).toMatch(/[\d,]+ tokens\/s/);
    await expect.poll(() => page.getByTestId('train-speed').textContent(), WAIT).toMatch(/left/);
    expect(await page.getByTestId('loss-figures').textContent()).toMatch(/Held-out loss at step 0: \d/);

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('train-status').textContent(), WAIT).toContain('Paused');
    const paused = await step();
    expect(Number(await page.getByTestId('saved-step').textContent())).toBe(paused);
    const url = page.url();
    expect(url).toContain('#/train/recipe/');

    // After a reload: the recipe from the URL, the run from IndexedDB, resumed from its checkpoint.
    await page.reload();
    await page.getByTestId('saved-run').first().waitFor(WAIT);
    expect(await recipe.locator('input[name="budget"]').inputValue()).toBe('6000');
    const saved = page.getByTestId('saved-run').first();
    expect(await saved.textContent()).toContain(`paused at step ${paused} of`);
    await saved.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(step, WAIT).toBeGreaterThan(paused);
    await expect
      .poll(() => page.getByTestId('train-status').textContent(), { timeout: 90_000 })
      .toContain('Finished');
    const figures = (await page.getByTestId('loss-figures').textContent()) ?? '';
    expect(figures).toMatch(/Train loss at step \d+: \d/);

    // Export: a safetensors file of this lab's model (weights only).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      saved.getByRole('button', { name: 'Export weights' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.safetensors$/);
    const bytes = await readFile((await download.path())!);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(header)).toContain('wte');
    expect(Object.keys(header).some((k) => k.startsWith('optimizer.'))).toBe(false);

    // Import: a bad file is refused in words; the exported one comes back as a saved run.
    const picker = page.locator('input[name="weights-file"]');
    await picker.setInputFiles({
      name: 'notes.safetensors',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a model'),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('train-error').textContent(), WAIT)
      .toContain('“notes.safetensors” cannot be used');
    await picker.setInputFiles({
      name: 'exported.safetensors',
      mimeType: 'application/octet-stream',
      buffer: bytes,
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('train-notice').textContent(), WAIT)
      .toContain('Imported “exported”');
    await expect.poll(() => page.getByTestId('saved-run').count()).toBe(2);

    // Use as student: the lab loads it, and the episode page offers it.
    await page.getByTestId('saved-run').last().getByRole('button', { name: 'Use as student' }).click();
    await expect
      .poll(() => page.getByTestId('train-notice').textContent(), WAIT)
      .toContain('Loaded as a student: “trained: ');
    const notice = (await page.getByTestId('train-notice').textContent()) ?? '';
    const modelId = /“(trained: [^”]+)”/.exec(notice)![1]!;
    await page.getByRole('link', { name: 'Episode', exact: true }).click();
    await page.getByRole('radio', { name: 'A model' }).check();
    await expect
      .poll(() => page.locator('select[name="student-model"] option').allTextContents(), WAIT)
      .toContainEqual(expect.stringContaining(modelId));
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
