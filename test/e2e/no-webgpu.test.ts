/** A browser without WebGPU: the page says why in plain words and the human-student mode still works. */
import { describe, expect, inject, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { openPage, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser({ webgpu: false });

describe('without WebGPU', () => {
  it('explains, refuses every model, and still runs a human episode with the rule-based teacher', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await expect
      .poll(() => page.getByTestId('preflight-verdict').textContent(), { timeout: 30_000 })
      .toContain('cannot run models on the GPU');
    expect(await page.getByTestId('preflight-verdict').textContent()).toContain('human student');

    await page.getByRole('radio', { name: 'A model' }).check();
    await page.getByText(/models cannot run here/).waitFor({ timeout: 30_000 });
    expect(await page.locator('select[name="student-model"] option').count()).toBe(1); // "Choose…" only
    await page.getByRole('radio', { name: 'I will solve it (human)' }).check();

    const maze = environments.maze!;
    const task = maze.generate(maze.presets.easy, 1, 0);
    await page.getByRole('button', { name: 'Start episode' }).click();
    await page.getByTestId('human-attempt').waitFor();
    await page.locator('#human-answer').fill(task.solution);
    await page.locator('#human-answer').press('Enter');
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Solved at attempt 1');
    // The Models page is not an empty table: it says why, and the next step.
    await page.goto(`${baseUrl}/#/models`);
    await expect
      .poll(() => page.getByTestId('models-empty').textContent(), { timeout: 30_000 })
      .toMatch(/no WebGPU.*Next step: run a small GGUF model on the CPU/s);
    expect(errors).toEqual([]);
    await context.close();
  });
});
