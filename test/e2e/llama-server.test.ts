/**
 * The lab's scale-out path on the real thing: llama.cpp's own `llama-server` (built by `npm run models`)
 * serving the real SmolLM2-135M-Instruct GGUF on loopback, connected from the page as an
 * OpenAI-compatible server. A whole episode, then a whole experiment, run against it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { startLlamaServer, type LlamaServer } from '../servers/llama-server';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

let server: LlamaServer | undefined;
beforeAll(async () => {
  server = await startLlamaServer({ parallel: 4 });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

interface StoredEpisode {
  id: string;
  status: string;
  studentModel: string;
  experimentId: string | null;
}

interface StoredTurn {
  episodeId: string;
  attempt: string;
  studentUsage?: { promptTokens: number; completionTokens: number };
  diagnosis: { issues: { code: string }[] };
}

/** Connect the server form inside `scope` to the real llama-server; returns the model's id in the lab. */
async function connect(scope: Locator): Promise<string> {
  await scope.getByText('Use a model on a local server').click();
  const form = scope.getByTestId('server-form');
  await form.locator('input[name="server-url"]').fill(`${server!.url}/v1`);
  await form.locator('input[name="server-model"]').fill(server!.model);
  await form.locator('input[name="server-concurrency"]').fill('4');
  await form.getByRole('button', { name: 'Connect' }).click();
  return `${server!.model} @ ${server!.url}/v1`;
}

describe('llama.cpp server (real model) as an OpenAI-compatible engine', () => {
  it('runs a whole episode, and a whole experiment, against llama-server', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    const id = await connect(page.locator('body'));
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 30_000 })
      .toBe(id);
    await page.getByLabel('Environment').selectOption('knights');
    await page.getByLabel('Difficulty').selectOption('starter');
    await page.getByLabel('Between attempts').selectOption('rule-teacher');
    await page.getByLabel('Turns').fill('3');
    await page.getByLabel('Max tokens').fill('96');
    await page.getByRole('button', { name: 'Start episode' }).click();
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 120_000 })
      .toMatch(/Solved|Not solved/);
    const single = await dumpDb<StoredEpisode, StoredTurn>(page);
    expect(single.episodes).toHaveLength(1);
    expect(single.episodes[0]!.studentModel).toBe(id);
    expect(single.turns.length).toBeGreaterThan(0);
    for (const turn of single.turns) {
      expect(turn.attempt.length).toBeGreaterThan(0);
      expect(turn.studentUsage!.promptTokens).toBeGreaterThan(0);
      expect(turn.studentUsage!.completionTokens).toBeGreaterThan(0);
    }

    // An experiment: retry vs rule teacher on four starter mazes, two turns, against the same server.
    await page.goto(`${baseUrl}/#/experiments`);
    const designer = page.getByTestId('designer');
    // The connected server model stays loaded in the lab worker: the designer offers it as a student.
    await designer.getByRole('checkbox', { name: id }).check();
    await designer.getByLabel('Name').fill('llama-server retry vs rule');
    await designer.getByRole('checkbox', { name: 'Maze' }).check();
    await designer.getByRole('checkbox', { name: 'starter' }).check();
    await designer.getByRole('checkbox', { name: 'easy' }).uncheck();
    await designer.getByRole('checkbox', { name: 'Retry (no feedback)' }).check();
    await designer.getByRole('checkbox', { name: 'Rule teacher (hint level 2)' }).check();
    await designer.locator('input[name="tasks"]').fill('4');
    await designer.locator('input[name="turns"]').fill('2');
    await designer.locator('input[name="max-tokens"]').fill('64');
    await expect.poll(() => page.getByTestId('episode-count').textContent()).toBe('8 episodes');
    await designer.getByRole('button', { name: 'Start experiment' }).click();
    // The page says how many run at once: the server takes four requests together.
    await expect
      .poll(
        async () => ((await page.getByTestId('run-concurrency').textContent()) ?? '').replace(/\s+/g, ' '),
        { timeout: 60_000 },
      )
      .toMatch(/of up to 4 episodes at once/);
    await expect
      .poll(() => page.getByTestId('run-state').getAttribute('data-state'), { timeout: 300_000 })
      .toBe('done');
    const all = await dumpDb<StoredEpisode, StoredTurn>(page);
    const runEpisodes = all.episodes.filter((e) => e.experimentId !== null);
    expect(runEpisodes).toHaveLength(8);
    for (const e of runEpisodes) {
      expect(['solved', 'failed']).toContain(e.status);
      expect(e.studentModel).toBe(id);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
