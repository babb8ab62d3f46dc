/** Loading the generated tiny GGUF llama (random weights, built at test time) through the page's form. */
import type { Locator, Page } from 'playwright-core';
import { buildTinyLlamaGguf } from '../fixtures/gguf/tiny-llama';

/** Open the GGUF form inside `scope` (the page, or the part that holds the form) and load the file. */
export async function loadTinyModel(scope: Page | Locator): Promise<void> {
  await scope.getByText('Run a GGUF model on the CPU').click();
  await scope.locator('input[name="gguf-file"]').setInputFiles({
    name: 'tiny-llama.gguf',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(buildTinyLlamaGguf()),
  });
  await scope.getByRole('button', { name: 'Load file' }).click();
}
