/** Connecting a model on an OpenAI-compatible server through the page's server form. */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/**
 * Open the server form inside `scope` (if closed), connect `model` at `baseUrl` (…/v1), and wait until
 * `select[name="student-model"]` in `scope` has picked it. Returns the model's id in the lab.
 */
export async function connectServerModel(
  scope: Page | Locator,
  baseUrl: string,
  model: string,
): Promise<string> {
  const form = scope.getByTestId('server-form');
  if (!(await form.isVisible())) await scope.getByText('Use a model on a local server').click();
  await form.locator('input[name="server-url"]').fill(baseUrl);
  await form.locator('input[name="server-model"]').fill(model);
  await form.getByRole('button', { name: 'Connect' }).click();
  const id = `${model} @ ${baseUrl}`;
  await expect
    .poll(() => scope.locator('select[name="student-model"]').inputValue(), { timeout: 60_000 })
    .toBe(id);
  return id;
}
