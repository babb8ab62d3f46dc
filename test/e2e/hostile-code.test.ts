/**
 * Hostile student code through the real page: a human student in the code environment sends a program
 * whose one built-in call no fuel count sees, and one that overflows the host's stack. The lab worker
 * hands each to its sandbox worker, whose deadline stops the first; each attempt gets its own
 * diagnosis, the page answers clicks throughout, and the next attempt is verified normally.
 */
import { describe, expect, inject, it } from 'vitest';
import { code } from '../../src/core/envs/code';
import { openPage, sharedBrowser } from './browser';
import { dumpDb, type DumpedEpisode, type DumpedTurn } from './idb';

type Turn = DumpedTurn & { diagnosis: { correct: boolean; issues: { code: string; where?: unknown }[] } };

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const WAIT = { timeout: 60_000 };

describe('hostile student code in the page', () => {
  it('is stopped in its sandbox worker, named in the diagnosis, and the episode goes on', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    const task = code.generate(code.presets[code.defaultPreset], 2, 0);
    const fn = `function ${task.data.fnName}(...args) {`;
    await page.getByLabel('Environment').selectOption('code');
    await page.getByLabel('Difficulty').selectOption(code.defaultPreset);
    await page.getByLabel('Task seed').fill('2');
    await page.getByLabel('Turns').fill('3');
    await page.getByRole('button', { name: 'Start episode' }).click();
    const answerBox = page.locator('#human-answer');
    const send = () => page.getByTestId('human-attempt').getByRole('button', { name: 'Send' }).click();

    await page.getByTestId('human-attempt').waitFor();
    await answerBox.fill(`<answer>${fn} return [].includes.call({ length: 2 ** 53 - 1 }, 0); }</answer>`);
    const sent = Date.now();
    await send();
    // The page stays responsive while the sandbox worker spins: the nav answers at once.
    const t0 = Date.now();
    await page.getByRole('link', { name: 'Episode' }).first().hover();
    expect(Date.now() - t0).toBeLessThan(2_000);
    await page.getByTestId('feedback-1').waitFor(WAIT);
    expect(Date.now() - sent).toBeGreaterThan(4_000); // it was the deadline (5 s) that stopped it

    await page.getByTestId('human-attempt').waitFor();
    await answerBox.fill(`<answer>${fn} return eval('['.repeat(1e4) + ']'.repeat(1e4)); }</answer>`);
    await send();
    await page.getByTestId('feedback-2').waitFor(WAIT);

    await page.getByTestId('human-attempt').waitFor();
    await answerBox.fill(`<answer>${task.solution}</answer>`);
    await send();
    await expect.poll(() => page.getByTestId('outcome').textContent(), WAIT).toContain('Solved at attempt 3');

    const db = await dumpDb<DumpedEpisode, Turn>(page);
    const episode = db.episodes.find((e) => e.status === 'solved');
    const turns = db.turns.filter((t) => t.episodeId === episode?.id).sort((a, b) => a.turn - b.turn);
    const codes = turns.map((t) => t.diagnosis.issues.map((i: { code: string }) => i.code));
    expect(codes[0]).toContain('code.timeout');
    expect(turns[0]!.diagnosis.issues.find((i) => i.code === 'code.timeout')?.where).toEqual({
      phase: 'deadline',
    });
    expect(codes[1]).toContain('code.stack');
    expect(turns[2]!.diagnosis.correct).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
