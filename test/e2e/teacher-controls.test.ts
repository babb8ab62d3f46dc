/**
 * The papers' controls as a researcher reaches them: ticked in the designer (greedy decoding, keep
 * going after a correct attempt, a scratchpad teacher that remembers its feedback, a word limit),
 * carried by the design link, stored with every episode, enforced on the feedback the student read,
 * and the teacher's gain shown against right/wrong only beside retry, as `summarise()` computes.
 * The student and self-teacher is the project's OpenAI-compatible test server's echo model.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { summarise, type EpisodeOutcomeInput } from '../../src/core/metrics';
import type { EpisodeConfig, TurnRecord } from '../../src/core/protocol/types';
import { pp } from '../../src/ui/experiments/format';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';

const baseUrl = inject('baseUrl');
const serverUrl = inject('openaiTestUrl');
const browser = sharedBrowser();

type StoredEpisode = Omit<EpisodeOutcomeInput, 'turns'> & {
  config: EpisodeConfig;
  experimentId: string | null;
  turns: TurnRecord[];
};

async function storedEpisodes(page: Page, experimentId: string): Promise<StoredEpisode[]> {
  const { episodes, turns } = await dumpDb<StoredEpisode, TurnRecord & { episodeId: string }>(page);
  return episodes
    .filter((e) => e.experimentId === experimentId)
    .map((e) => ({ ...e, turns: turns.filter((t) => t.episodeId === e.id) }));
}

describe("the papers' controls", () => {
  it('are designed, shared, stored with each episode, enforced, and reported against binary', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    const url = `${serverUrl}/v1`;
    await page.getByText('Use a model on a local server').click();
    const form = page.getByTestId('server-form');
    await form.locator('input[name="server-url"]').fill(url);
    await form.locator('input[name="server-model"]').fill('echo');
    await form.getByRole('button', { name: 'Connect' }).click();
    const model = `echo @ ${url}`;
    await expect
      .poll(() => page.locator('select[name="student-model"]').inputValue(), { timeout: 30_000 })
      .toBe(model);

    await page.goto(`${baseUrl}/#/experiments`);
    const designer = page.getByTestId('designer');
    await designer.getByLabel('Name').fill('Controls');
    // The default design is retry vs the rule teacher on easy mazes: swap in this one.
    await designer.getByRole('checkbox', { name: 'Maze' }).uncheck();
    await designer.getByRole('checkbox', { name: 'Rule teacher (hint level 2)' }).uncheck();
    await designer.getByRole('checkbox', { name: 'Arithmetic' }).check();
    await designer.getByRole('checkbox', { name: 'easy' }).check();
    await designer.getByRole('checkbox', { name: 'Retry (no feedback)' }).check();
    await designer.getByRole('checkbox', { name: 'Right/wrong only' }).check();
    await designer.getByRole('checkbox', { name: 'Self-teacher (no privileged info)' }).check();
    await designer.locator(`input[name="student"][value="${model}"]`).check();
    await designer.locator('input[name="tasks"]').fill('2');
    await designer.locator('input[name="turns"]').fill('2');
    await designer.locator('input[name="max-tokens"]').fill('24');
    await designer.locator('input[name="teacher-max-tokens"]').fill('40');
    const controls = designer.getByTestId('controls');
    await controls.getByRole('checkbox', { name: 'Greedy decoding' }).check();
    expect(await designer.locator('input[name="temperature"]').inputValue()).toBe('0');
    await controls.getByRole('checkbox', { name: 'Keep going after a correct attempt' }).check();
    await controls.getByRole('checkbox', { name: 'Teacher scratchpad' }).check();
    await controls.getByRole('checkbox', { name: 'Teacher remembers its feedback' }).check();
    await controls.locator('input[name="word-limit"]').fill('8');
    await expect.poll(() => page.getByTestId('episode-count').textContent()).toBe('6 episodes');

    // The link carries every control: opened in another tab, the form is ticked the same.
    const link = await designer.locator('input[name="design-link"]').inputValue();
    const shared = await context.newPage();
    await shared.goto(link);
    const sharedControls = shared.getByTestId('designer').getByTestId('controls');
    await expect
      .poll(() => sharedControls.getByRole('checkbox', { name: 'Greedy decoding' }).isChecked())
      .toBe(true);
    for (const name of [
      'Keep going after a correct attempt',
      'Teacher scratchpad',
      'Teacher remembers its feedback',
    ]) {
      expect(await sharedControls.getByRole('checkbox', { name }).isChecked()).toBe(true);
    }
    expect(await sharedControls.locator('input[name="word-limit"]').inputValue()).toBe('8');
    await shared.close();

    await designer.getByRole('button', { name: 'Start experiment' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/#\/experiments\/[0-9a-f-]{36}$/);
    const experimentId = page.url().split('/').pop()!;
    await expect
      .poll(() => page.getByTestId('run-state').getAttribute('data-state'), { timeout: 240_000 })
      .toBe('done');

    const episodes = await storedEpisodes(page, experimentId);
    expect(episodes).toHaveLength(6);
    for (const e of episodes) {
      expect(e.config).toMatchObject({
        keepGoing: true,
        teacherOptions: { scratchpad: true, memory: true, wordLimit: 8 },
        studentSampling: { temperature: 0 },
        teacherSampling: { temperature: 0 },
      });
      // Keep going: every episode used its whole budget, solved or not.
      expect(e.turns).toHaveLength(2);
    }
    // The echo self-teacher repeats its (long) prompt: cut to 8 words before the student read it.
    const critiques = episodes
      .filter((e) => e.config.condition.kind === 'self-teacher')
      .flatMap((e) => e.turns.flatMap((t) => (t.feedback?.source === 'self-teacher' ? [t.feedback] : [])));
    expect(critiques.length).toBeGreaterThan(0);
    for (const f of critiques) {
      if (f.withheld) continue;
      expect(f.text.split(/\s+/).length).toBeLessThanOrEqual(8);
    }
    expect(critiques.some((f) => f.cutToWords === 8)).toBe(true);

    // The self-teacher's gain against right/wrong only, beside retry, as summarise() has it.
    const rows = summarise(episodes).rows;
    const teacher = rows.find((r) => r.conditionKey === 'self-teacher')!;
    const table = page.getByTestId('results-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await expect
      .poll(() => table.locator('thead').textContent())
      .toContain('Content gain vs right/wrong [95% CI]');
    const content = table.locator('tr[data-row="self-teacher"] [data-metric="contentGain"]');
    expect(await content.textContent()).toBe(
      `${pp(teacher.contentGain!.estimate)} [${pp(teacher.contentGain!.low)}, ${pp(teacher.contentGain!.high)}]`,
    );
    expect(await table.locator('tr[data-row="binary"] [data-metric="contentGain"]').textContent()).toBe(
      'control',
    );
    expect(await table.locator('tr[data-row="retry"] [data-metric="feedbackGain"]').textContent()).toBe(
      'control',
    );

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
