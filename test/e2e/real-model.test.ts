/**
 * A real instruct model in the real page: SmolLM2-135M-Instruct (fetched by `npm run models`) loaded
 * from a file through the GGUF form, run by wllama on the CPU in the lab worker, as the student of a
 * whole episode in every environment at the starter preset with the rule teacher, then with the
 * self-teacher and with the model as an LLM teacher that sees the answer.
 *
 * What must hold for a real model (its words are its own: solved or not is not asserted): the episode is
 * stored and ended, tokens stream into the page, usage is recorded for every generation, and every
 * attempt was read by the verifier (the format failures are counted and printed). The replies seen are
 * written to test/.generated/real-outputs/ for inspection (the committed corpus is refreshed by the
 * plasticity benchmark).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { realModel } from '../real-models';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

interface StoredEpisode {
  id: string;
  envId: string;
  status: string;
  studentModel: string;
  conditionKind: string;
  turnsDone: number;
  startedAt: number;
}

interface StoredTurn {
  episodeId: string;
  turn: number;
  attempt: string;
  finishReason: string;
  studentUsage?: { promptTokens: number; completionTokens: number };
  diagnosis: { correct: boolean; issues: { code: string }[] };
  feedback: { source: string; text: string; usage?: { completionTokens: number } } | null;
}

const TURNS = 2;
const MAX_TOKENS = 96;
const EPISODE_WAIT = { timeout: 240_000 };

/** Watch the first attempt's text and record each length it takes (it grows token by token). */
async function watchStreaming(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { lengths: number[]; observer?: MutationObserver };
    w.observer?.disconnect();
    w.lengths = [];
    w.observer = new MutationObserver(() => {
      const text = document.querySelector('[data-testid="attempt-1"] pre')?.textContent ?? '';
      if (w.lengths.at(-1) !== text.length) w.lengths.push(text.length);
    });
    w.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** Run one episode through the form and wait for its outcome; returns how many lengths streamed. */
async function runEpisode(page: Page, envId: string, condition: string): Promise<number> {
  await page.getByLabel('Environment').selectOption(envId);
  await page.getByLabel('Difficulty').selectOption('starter');
  await page.getByLabel('Between attempts').selectOption(condition);
  await page.getByLabel('Turns').fill(String(TURNS));
  await page.getByLabel('Max tokens').fill(String(MAX_TOKENS));
  await watchStreaming(page);
  await page.getByRole('button', { name: 'Start episode' }).click();
  await expect
    .poll(() => page.getByTestId('outcome').textContent(), EPISODE_WAIT)
    .toMatch(/Solved|Not solved/);
  return page.evaluate(() => new Set((window as unknown as { lengths: number[] }).lengths).size);
}

describe('a real model (SmolLM2-135M-Instruct on wllama) in the page', () => {
  it('runs a whole episode in every environment, then with the self-teacher and as its own LLM teacher', async () => {
    const model = realModel();
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    await page.getByText('Run a GGUF model on the CPU').click();
    await page.locator('input[name="gguf-file"]').setInputFiles(model.path);
    await page.getByRole('button', { name: 'Load file' }).click();
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 120_000 })
      .toBe(model.id);

    const runs: { envId: string; condition: string; streamed: number }[] = [];
    for (const envId of Object.keys(environments)) {
      runs.push({
        envId,
        condition: 'rule-teacher',
        streamed: await runEpisode(page, envId, 'rule-teacher'),
      });
    }
    runs.push({
      envId: 'maze',
      condition: 'self-teacher',
      streamed: await runEpisode(page, 'maze', 'self-teacher'),
    });
    await page.getByLabel('Between attempts').selectOption('llm-teacher');
    await page.getByLabel('Teacher sees').selectOption('answer');
    await page.locator('select[name="teacher-model"]').selectOption(model.id);
    runs.push({
      envId: 'arithmetic',
      condition: 'llm-teacher',
      streamed: await runEpisode(page, 'arithmetic', 'llm-teacher'),
    });

    const stored = await dumpDb<StoredEpisode, StoredTurn>(page);
    expect(stored.episodes).toHaveLength(runs.length);
    const report: string[] = [];
    const seen: object[] = [];
    const inOrder = [...stored.episodes].sort((a, b) => a.startedAt - b.startedAt);
    for (const [n, run] of runs.entries()) {
      const episode = inOrder[n];
      expect(episode, `episode ${n + 1} is stored`).toBeDefined();
      expect([episode!.envId, episode!.conditionKind]).toEqual([run.envId, run.condition]);
      expect(['solved', 'failed']).toContain(episode!.status);
      expect(episode!.studentModel).toBe(model.id);
      // Tokens streamed: the first attempt's text took several lengths on its way.
      expect(run.streamed, `${run.envId}: tokens stream`).toBeGreaterThan(2);
      const turns = stored.turns.filter((t) => t.episodeId === episode!.id);
      expect(turns).toHaveLength(episode!.turnsDone);
      let formatFailures = 0;
      for (const turn of turns) {
        expect(
          turn.studentUsage!.promptTokens,
          `${run.envId} turn ${turn.turn}: prompt tokens`,
        ).toBeGreaterThan(0);
        expect(turn.studentUsage!.completionTokens).toBeGreaterThan(0);
        expect(turn.studentUsage!.completionTokens).toBeLessThanOrEqual(MAX_TOKENS);
        expect(turn.diagnosis.issues.every((i) => typeof i.code === 'string')).toBe(true);
        if (turn.diagnosis.issues.some((i) => i.code.startsWith('format.'))) formatFailures++;
        if (turn.feedback && run.condition !== 'rule-teacher') {
          // A model wrote this feedback: its generation was counted too.
          expect(turn.feedback.source).toBe(run.condition);
          expect(turn.feedback.usage!.completionTokens).toBeGreaterThan(0);
        }
        seen.push({ envId: run.envId, condition: run.condition, turn: turn.turn, attempt: turn.attempt });
      }
      report.push(
        `${run.envId.padEnd(10)} ${run.condition.padEnd(13)} ${episode!.status.padEnd(7)} ` +
          `turns ${turns.length}, format failures ${formatFailures}/${turns.length}`,
      );
    }
    console.log(`Real model episodes (${model.name}):\n${report.join('\n')}`);
    mkdirSync('test/.generated/real-outputs', { recursive: true });
    writeFileSync(
      'test/.generated/real-outputs/e2e.jsonl',
      seen.map((s) => JSON.stringify(s)).join('\n') + '\n',
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 1_500_000);
});
