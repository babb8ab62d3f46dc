/**
 * The History page as a person uses it, on the real page with its worker and IndexedDB: filter, replay
 * turn by turn, export, delete everything, import the file back, and resume or discard an episode
 * cut short by a reload.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpDb } from './idb';
import { openPage, sharedBrowser } from './browser';
import { answer, mazeFor, startHumanEpisode } from './maze-play';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
const browser = sharedBrowser();

/** A maze episode solved at attempt 2 (attempt 1 stops one move short). */
async function playSolvedInTwo(page: Page, seed: number): Promise<void> {
  const moves = mazeFor(seed).solution.split(' ');
  await startHumanEpisode(page, seed);
  await answer(page, moves.slice(0, -1).join(' '));
  await page.getByTestId('feedback-1').waitFor();
  await page.getByTestId('human-attempt').waitFor();
  await answer(page, moves.join(' '));
  await expect.poll(() => page.getByTestId('outcome').textContent(), WAIT).toContain('Solved at attempt 2');
}

/** An episode with one finished turn, cut short by a reload (so it is marked interrupted). */
async function playInterrupted(page: Page, seed: number): Promise<void> {
  await startHumanEpisode(page, seed);
  await answer(page, mazeFor(seed).solution.split(' ')[0]!);
  await page.getByTestId('human-attempt').waitFor();
  await expect.poll(async () => (await dumpDb(page)).turns.length, WAIT).toBeGreaterThan(0);
  await page.reload();
  await page.getByTestId('interrupted-notice').waitFor();
}

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByTestId('history-page').waitFor();
}

const rows = (page: Page) => page.getByTestId('history-page-row');
const pathPoints = (page: Page) => page.getByTestId('maze-path').getAttribute('points');

describe('History page', () => {
  it('filters, replays turn by turn, exports, deletes all, and imports every episode back', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await playSolvedInTwo(page, 7);
    await playInterrupted(page, 9);

    await openHistory(page);
    await expect.poll(() => rows(page).count(), WAIT).toBe(2);
    // The interrupted row says so, and offers Resume in the row itself.
    const interrupted = rows(page).and(page.locator('[data-status="interrupted"]'));
    expect(await interrupted.textContent()).toContain('Interrupted: its finished turns are kept');
    expect(await interrupted.getByTestId('resume').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('storage-estimate').textContent(), WAIT)
      .toContain('Storage used');

    // Filter by outcome, then clear it.
    await page.locator('select[name="filter-status"]').selectOption('solved');
    await expect.poll(() => rows(page).count(), WAIT).toBe(1);
    expect(await rows(page).first().getAttribute('data-status')).toBe('solved');
    await page.locator('select[name="filter-env"]').selectOption('maze');
    await expect.poll(() => rows(page).count(), WAIT).toBe(1);

    // Replay: a shareable URL, the maze path changes per step, buttons and arrow keys step.
    const solvedId = (await rows(page).first().getAttribute('data-id'))!;
    await rows(page).first().getByTestId('replay-link').click();
    await page.getByTestId('replay').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/history/${solvedId}`);
    await expect.poll(() => page.getByTestId('replay-position').textContent(), WAIT).toContain('Turn 1 of 2');
    expect(await page.getByTestId('replay-config').textContent()).toContain('Rule teacher');
    const first = await pathPoints(page);
    expect(await page.getByTestId('attempt-1').count()).toBe(1);
    expect(await page.getByTestId('attempt-2').count()).toBe(0);
    expect(await page.getByTestId('replay-timing').innerText()).toMatch(
      /Attempt 1: \d+\.\d s · finish: \w+ · feedback \d+\.\d s/,
    );
    await page.getByTestId('replay-forward').click();
    await expect.poll(() => page.getByTestId('replay-position').textContent(), WAIT).toContain('Turn 2 of 2');
    const second = await pathPoints(page);
    expect(second).not.toBe(first);
    expect(await page.getByTestId('attempt-2').textContent()).toContain('correct');
    expect(await page.getByTestId('feedback-1').textContent()).toBeTruthy();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => pathPoints(page), WAIT).toBe(first);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => pathPoints(page), WAIT).toBe(second);

    // The replay URL opens the same episode in a fresh page load.
    await page.reload();
    await expect.poll(() => page.getByTestId('replay-position').textContent(), WAIT).toContain('Turn 1 of 2');

    // Export everything to a file.
    await page.getByRole('link', { name: /Back to the history/ }).click();
    await page.getByTestId('history-page').waitFor();
    await expect.poll(() => rows(page).count(), WAIT).toBe(2);
    const before = await dumpDb(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('group', { name: 'Export', exact: true })
        .getByRole('button', { name: 'All', exact: true })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^plasticity-lab-history-\d{4}-\d{2}-\d{2}-\d{4}\.jsonl$/);
    const file = await download.path();
    const exported = await readFile(file, 'utf8');
    const lines = exported.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'plasticity-lab-export', count: 2 });

    // Training data: the corrected attempt of the solved episode, as the student's conversation.
    const training = page.getByTestId('training-export');
    await training.getByTestId('training-kind').selectOption('sft');
    const [trainingDownload] = await Promise.all([
      page.waitForEvent('download'),
      training.getByRole('button', { name: 'Write from all' }).click(),
    ]);
    expect(trainingDownload.suggestedFilename()).toMatch(
      /^plasticity-lab-sft-trl-\d{4}-\d{2}-\d{2}-\d{4}\.jsonl$/,
    );
    const sftLines = (await readFile(await trainingDownload.path(), 'utf8')).trim().split('\n');
    expect(sftLines).toHaveLength(1);
    const sft = JSON.parse(sftLines[0]!) as {
      messages: { role: string; content: string }[];
      metadata: unknown;
    };
    expect(sft.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(sft.messages.at(-1)?.content).toContain(mazeFor(7).solution);
    expect(sft.metadata).toMatchObject({
      envId: 'maze',
      turn: 2,
      condition: 'rule-teacher',
      studentModel: 'human',
    });
    expect(await page.getByTestId('training-report').textContent()).toBe(
      '1 example from 2 episodes; left out: 1 unfinished.',
    );

    // Delete everything.
    await page.getByRole('button', { name: 'Delete all…' }).click();
    await page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await expect.poll(() => rows(page).count(), WAIT).toBe(0);
    expect((await dumpDb(page)).episodes).toEqual([]);

    // Import the file: every episode comes back, stored exactly as before.
    await page.getByTestId('import-file').setInputFiles(file);
    await expect
      .poll(() => page.getByTestId('import-report').textContent(), WAIT)
      .toContain('Imported 2 episodes');
    await expect.poll(() => rows(page).count(), WAIT).toBe(2);
    const after = await dumpDb(page);
    const byId = <T extends { id?: string; episodeId?: string; turn?: number }>(items: T[]) =>
      [...items].sort((a, b) =>
        `${a.id ?? a.episodeId}:${a.turn ?? 0}`.localeCompare(`${b.id ?? b.episodeId}:${b.turn ?? 0}`),
      );
    expect(byId(after.episodes)).toEqual(byId(before.episodes));
    expect(byId(after.turns)).toEqual(byId(before.turns));

    // Re-exported, it holds the same episodes byte for byte (only the header's export time differs).
    const [again] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'All', exact: true }).click(),
    ]);
    const reexported = (await readFile(await again.path(), 'utf8')).trim().split('\n');
    expect(reexported.slice(1)).toEqual(lines.slice(1));

    // Importing it again skips both as duplicates.
    await page.getByTestId('import-file').setInputFiles(file);
    await expect
      .poll(() => page.getByTestId('import-report').textContent(), WAIT)
      .toMatch(/Imported 0 episodes[\s\S]*skipped 2 already stored/);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('refuses a file with a bad line, naming the line, and writes nothing', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await openHistory(page);
    const header = JSON.stringify({
      kind: 'plasticity-lab-export',
      schemaVersion: 1,
      appVersion: '0.1.0',
      exportedAt: 1,
      count: 1,
    });
    await page.getByTestId('import-file').setInputFiles({
      name: 'broken.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${header}\n{"episode": {"id": "x"`),
    });
    await expect.poll(() => page.getByTestId('import-errors').textContent(), WAIT).toContain('Line 2');
    expect(await page.getByTestId('import-report').textContent()).toContain('nothing was written');
    expect((await dumpDb(page)).episodes).toEqual([]);
    await context.close();
  });

  it('resumes an interrupted episode from its last finished turn', async () => {
    const task = mazeFor(11);
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await playInterrupted(page, 11);
    const [interrupted] = (await dumpDb(page)).episodes;
    expect(interrupted).toMatchObject({ status: 'interrupted', turnsDone: 1 });

    await openHistory(page);
    await expect.poll(() => rows(page).first().getAttribute('data-status'), WAIT).toBe('interrupted');
    await rows(page).first().getByTestId('resume').click();

    // Back on the episode page: turn 1 is there, the person is asked for attempt 2.
    await page.getByTestId('human-attempt').waitFor();
    expect(new URL(page.url()).hash).toBe('#/episode');
    expect(await page.getByTestId('attempt-1').count()).toBe(1);
    expect(await page.getByLabel('Your answer for attempt 2').count()).toBe(1);
    await answer(page, task.solution);
    await expect.poll(() => page.getByTestId('outcome').textContent(), WAIT).toContain('Solved at attempt 2');

    const db = await dumpDb(page);
    expect(db.episodes).toHaveLength(1);
    expect(db.episodes[0]).toMatchObject({ status: 'solved', turnsDone: 2, solvedAtTurn: 2 });
    expect(db.episodes[0]!.id).not.toBe(interrupted!.id);
    const turn1 = db.turns.find((t) => t.turn === 1)!;
    expect(turn1.attempt).toContain(task.solution.split(' ')[0]!);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('discards an interrupted episode', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await playInterrupted(page, 12);
    await openHistory(page);
    await expect.poll(() => rows(page).count(), WAIT).toBe(1);
    await rows(page).first().getByTestId('discard').click();
    await expect.poll(() => rows(page).count(), WAIT).toBe(0);
    const db = await dumpDb(page);
    expect(db.episodes).toEqual([]);
    expect(db.turns).toEqual([]);
    await context.close();
  });
});
