/**
 * Every environment as a person plays it in the page: pick it, get its task view, answer wrongly once
 * and get the rule-based teacher's hint, then answer with the reference and see it solved and stored.
 */
import { describe, expect, inject, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { humanAnswerHelp } from '../../src/core/envs/human-answer';
import { hasModelFormatWords } from '../../src/core/envs/shared/person-wording';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const WAIT = { timeout: 60_000 };

describe('every environment in the page', () => {
  it('runs a human-student episode with the rule-based teacher for each environment', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    const ids = Object.keys(environments);
    expect(ids.length).toBe(7);
    for (const [n, id] of ids.entries()) {
      const env = environments[id]!;
      const task = env.generate(env.presets[env.defaultPreset], 2, 0);
      await page.getByLabel('Environment').selectOption(id);
      await page.getByLabel('Difficulty').selectOption(env.defaultPreset);
      await page.getByLabel('Task seed').fill('2');
      await page.getByRole('button', { name: 'Start episode' }).click();
      await page.getByTestId('human-attempt').waitFor();
      await expect.poll(() => page.getByTestId('task-view').textContent(), WAIT).not.toBe('');

      const answerBox = page.locator('#human-answer');
      // The box says how a person answers here and starts from the environment's template.
      const help = humanAnswerHelp(task);
      expect(await page.getByTestId('answer-help').textContent()).toBe(help.help);
      expect(await answerBox.inputValue()).toBe(help.template);
      if (id === 'maze') {
        // On the maze the arrow keys write moves.
        await answerBox.press('ArrowRight');
        await answerBox.press('ArrowDown');
        expect(await answerBox.inputValue()).toBe('R D');
        // The board previews the path being typed: S and the two cells the first two moves reach.
        await answerBox.fill(task.solution.split(' ').slice(0, 2).join(' '));
        const preview = page.getByTestId('maze-preview');
        await expect.poll(() => preview.getAttribute('points')).toMatch(/^\S+ \S+ \S+$/);
      }
      if (id === 'knights') {
        // Role pickers write each islander's line.
        for (const part of task.solution.split(', ')) {
          const [name, role] = part.split(': ') as [string, string];
          await page.getByTestId(`role-${name}`).getByRole('radio', { name: role }).check();
        }
        expect(await answerBox.inputValue()).toBe(task.solution.split(', ').join('\n'));
      }
      await answerBox.fill('I am not sure');
      await page.getByTestId('human-attempt').getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('feedback-1').waitFor();
      // What the person typed shows as typed (the page added the answer tags for the verifier)...
      expect(await page.getByTestId('attempt-1').locator('pre').textContent()).toBe('I am not sure');
      // ...and the next attempt starts from it.
      await page.getByTestId('human-attempt').waitFor();
      expect(await answerBox.inputValue()).toBe('I am not sure');
      const feedback = (await page.getByTestId('feedback-1').textContent()) ?? '';
      expect(feedback.length).toBeGreaterThan(10);
      // The rule teacher speaks to a person: the answer box, not the model's answer tags.
      expect(hasModelFormatWords(feedback), `${id}: ${feedback}`).toBe(false);

      await page.getByTestId('human-attempt').waitFor();
      await answerBox.fill(`<answer>${task.solution}</answer>`);
      await page.getByTestId('human-attempt').getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => page.getByTestId('outcome').textContent(), WAIT)
        .toContain('Solved at attempt 2');
      await expect
        .poll(async () => (await dumpDb(page)).episodes.filter((e) => e.status === 'solved').length, WAIT)
        .toBe(n + 1);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
