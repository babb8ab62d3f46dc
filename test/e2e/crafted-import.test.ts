/**
 * Crafted export files through the real page (issue 18, point 7): schema-valid lines no lab writes
 * (a turn budget of ten million, a maze with `data: {}`, `envId: "__proto__"`) are refused with a
 * reason per line and nothing is written, even beside good episodes; records like them already in
 * IndexedDB (an import before the checks) replay as an error state with the tab responsive, and can
 * be deleted, exported and the rest imported again.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { episodeLine, headerLine, SCHEMA_VERSION, type EpisodeWithTurns } from '../../src/store';
import { syntheticHistory } from '../helpers/history-fixtures';
import { dumpDb } from './idb';
import { openPage, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
const browser = sharedBrowser();

const HEADER = { schemaVersion: SCHEMA_VERSION, appVersion: '0.1.0', exportedAt: Date.UTC(2025, 0, 2) };

function fileOf(items: EpisodeWithTurns[], name = 'crafted.jsonl') {
  const text = [headerLine(HEADER, items.length), ...items.map(episodeLine)].join('\n') + '\n';
  return { name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) };
}

/** `item` under a new id, changed by `edit` (a deep copy: the original stays as it was). */
function crafted(
  item: EpisodeWithTurns,
  id: string,
  edit: (copy: EpisodeWithTurns) => void,
): EpisodeWithTurns {
  const copy = structuredClone(item);
  copy.episode.id = id;
  edit(copy);
  return copy;
}

const asProto = (copy: EpisodeWithTurns) => {
  copy.episode.envId = copy.episode.config.envId = copy.episode.task.envId = '__proto__';
};

/** How long the page takes to answer (a frozen tab never does: the race then says so). */
async function roundTripMs(page: Page): Promise<number> {
  const begun = Date.now();
  await Promise.race([
    page.evaluate(() => 1),
    new Promise((_, reject) => setTimeout(() => reject(new Error('the tab does not answer')), 10_000)),
  ]);
  return Date.now() - begun;
}

/** Store `records` as they are, past the import (as an import before these checks stored them). */
async function storeRaw(
  page: Page,
  sourceId: string,
  oddities: { id: string; edit: string }[],
): Promise<void> {
  await page.evaluate(
    ({ sourceId, oddities }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('plasticity-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['episodes', 'transcripts'], 'readwrite');
          const episodes = tx.objectStore('episodes');
          const transcripts = tx.objectStore('transcripts');
          const episode = episodes.get(sourceId);
          const transcript = transcripts.get(sourceId);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
          transcript.onsuccess = () => {
            for (const { id, edit } of oddities) {
              const record = structuredClone(episode.result) as {
                id: string;
                envId: string;
                config: { envId: string; turnBudget: number };
                task: { envId: string; data: unknown };
              };
              record.id = id;
              // The edits are written out here: functions do not cross into the page.
              if (edit === 'budget-and-data') {
                record.config.turnBudget = 1e15;
                record.task.data = {};
              } else if (edit === 'proto') {
                record.envId = record.config.envId = record.task.envId = '__proto__';
              }
              episodes.put(record);
              transcripts.put({ ...(transcript.result as object), episodeId: id });
            }
          };
        };
      }),
    { sourceId, oddities },
  );
}

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByTestId('history-page').waitFor();
}

const rows = (page: Page) => page.getByTestId('history-page-row');

async function exportAll(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'All', exact: true }).click(),
  ]);
  return download.path();
}

describe('crafted imports', () => {
  it('refuses every crafted line with its reason, writes nothing beside good episodes, and keeps the tab responsive', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await openHistory(page);
    const good = syntheticHistory(3, { seed: 21 });
    const maze = good.find((i) => i.episode.envId === 'maze')!;
    const file = fileOf([
      good[0]!,
      crafted(maze, 'budget', (c) => (c.episode.config.turnBudget = 10_000_000)),
      crafted(maze, 'huge', (c) => (c.episode.config.turnBudget = 1e15)),
      crafted(maze, 'empty-maze', (c) => (c.episode.task.data = {})),
      crafted(maze, 'proto', asProto),
      good[1]!,
    ]);
    const begun = Date.now();
    await page.getByTestId('import-file').setInputFiles(file);
    const list = page.getByTestId('import-errors');
    await expect.poll(() => list.textContent(), WAIT).toContain('Line 6');
    const text = (await list.textContent())!;
    expect(text).toMatch(
      /Line 3: episode\.config\.turnBudget: must be a whole number from 1 to 20 \(the most the lab's forms allow\), not 10000000/,
    );
    expect(text).toMatch(/Line 4: episode\.config\.turnBudget: must be .*, not 1000000000000000/);
    expect(text).toMatch(/Line 5: Episode empty-maze: task\.data\.grid must be 7 strings of 7 characters/);
    expect(text).toMatch(/Line 6: Episode proto: Unknown environment "__proto__"\. Known environments: maze/);
    expect(text).not.toMatch(/Line [27]/);
    expect(await page.getByTestId('import-report').textContent()).toContain('nothing was written');
    expect(Date.now() - begun).toBeLessThan(20_000);
    expect(await roundTripMs(page)).toBeLessThan(1_000);
    expect((await dumpDb(page)).episodes).toEqual([]);

    // The good episodes alone import.
    await page.getByTestId('import-file').setInputFiles(fileOf([good[0]!, good[1]!], 'good.jsonl'));
    await expect
      .poll(() => page.getByTestId('import-report').textContent(), WAIT)
      .toContain('Imported 2 episodes');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('replays a stored oddity as an error state, and lets the person delete, export and re-import', async () => {
    const { context, page } = await openPage(browser(), baseUrl);
    await openHistory(page);
    const good = syntheticHistory(3, { seed: 22 });
    const maze = good.find((i) => i.episode.envId === 'maze')!;
    await page.getByTestId('import-file').setInputFiles(fileOf(good, 'good.jsonl'));
    await expect
      .poll(() => page.getByTestId('import-report').textContent(), WAIT)
      .toContain('Imported 3 episodes');
    await storeRaw(page, maze.episode.id, [
      { id: 'oddity-budget', edit: 'budget-and-data' },
      { id: 'oddity-proto', edit: 'proto' },
    ]);

    // A budget of 1e15 and a maze without data: the replay draws what it can and says what it cannot.
    await page.goto(`${baseUrl}/#/history/oddity-budget`);
    await expect
      .poll(() => page.getByTestId('task-view-error').textContent(), WAIT)
      .toMatch(
        /This task cannot be shown: its stored data is not what this lab writes .*delete or export it/,
      );
    expect(await roundTripMs(page)).toBeLessThan(1_000);
    expect(await page.getByTestId('timeline').locator('button').count()).toBe(20);
    expect(await page.getByText('Loading…').count()).toBe(0);
    // Every finished turn is there to step through.
    expect(await page.getByTestId('replay-position').textContent()).toBe(`Turn 1 of ${maze.turns.length}`);

    // envId "__proto__": no view of its own, so the prompt as text.
    await page.goto(`${baseUrl}/#/history/oddity-proto`);
    await page.getByTestId('replay-outcome').waitFor(WAIT);
    await expect
      .poll(() => page.getByTestId('task-view').textContent(), WAIT)
      .toContain(maze.episode.task.prompt.slice(0, 30));
    expect(await roundTripMs(page)).toBeLessThan(1_000);

    // An experiment id that is only an inherited key is simply not there.
    for (const id of ['constructor', '__proto__']) {
      await page.goto(`${baseUrl}/#/experiments/${id}`);
      await expect
        .poll(() => page.getByTestId('experiment-missing').textContent(), WAIT)
        .toMatch(new RegExp(`There is no experiment “${id}” in this browser`));
    }

    // Everything stored exports; the import of that file names the oddities and writes nothing.
    await page.goto(`${baseUrl}/#/history`);
    await expect.poll(() => rows(page).count(), WAIT).toBe(5);
    const withOddities = await exportAll(page);
    expect((await readFile(withOddities, 'utf8')).trim().split('\n')).toHaveLength(6);
    await page.getByTestId('import-file').setInputFiles(withOddities);
    await expect
      .poll(() => page.getByTestId('import-errors').textContent(), WAIT)
      .toMatch(
        /episode\.config\.turnBudget: must be a whole number from 1 to 20[\s\S]*Episode oddity-proto: Unknown environment "__proto__"/,
      );

    // Delete both, export the rest, delete everything and import that file back.
    for (const id of ['oddity-budget', 'oddity-proto']) {
      await page.locator(`[data-testid="history-page-row"][data-id="${id}"]`).getByTestId('discard').click();
      await expect.poll(() => page.locator(`[data-id="${id}"]`).count(), WAIT).toBe(0);
    }
    const rest = await exportAll(page);
    await page.getByRole('button', { name: 'Delete all…' }).click();
    await page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await expect.poll(() => rows(page).count(), WAIT).toBe(0);
    await page.getByTestId('import-file').setInputFiles(rest);
    await expect
      .poll(() => page.getByTestId('import-report').textContent(), WAIT)
      .toContain('Imported 3 episodes');
    await context.close();
  }, 180_000);
});
