/**
 * The student × teacher grid end to end: two students on the project's OpenAI-compatible test server
 * (its echo model under two routes), crossed with the rule teacher and an LLM teacher, run in the page;
 * the grid and its decomposition sentence checked against `gainGrids(summarise())` computed here in
 * Node from the episodes stored in IndexedDB.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gainGrids, summarise, type EpisodeOutcomeInput } from '../../src/core/metrics';
import type { EpisodeConfig } from '../../src/core/protocol/types';
import { pp } from '../../src/ui/experiments/format';
import { gridSentence } from '../../src/ui/experiments/grid-format';
import { openPage, sharedBrowser } from './browser';
import { dumpDb } from './idb';
import { PHONE, sidewaysOverflow } from './layout';
import { seriousViolations } from './axe';
import { connectServerModel } from './server-connect';

const baseUrl = inject('baseUrl');
const serverUrl = inject('openaiTestUrl');
const browser = sharedBrowser();

type StoredEpisode = EpisodeOutcomeInput & { config: EpisodeConfig; experimentId: string | null };

async function storedEpisodes(page: Page, experimentId: string): Promise<StoredEpisode[]> {
  const { episodes, turns } = await dumpDb<
    StoredEpisode,
    StoredEpisode['turns'][number] & { episodeId: string }
  >(page);
  return episodes
    .filter((e) => e.experimentId === experimentId)
    .map((e) => ({ ...e, turns: turns.filter((t) => t.episodeId === e.id) }));
}

/** The test server's echo model under a tagged route (`/t/TAG/…` is served as `…`): another model. */
const connect = (page: Page, tag: string) => connectServerModel(page, `${serverUrl}/t/${tag}/v1`, 'echo');

describe('student × teacher grid', () => {
  it('crosses two students with a rule and an LLM teacher, as gainGrids() computes', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.getByTestId('preflight-verdict').waitFor();
    await page.getByRole('radio', { name: 'A model' }).check();
    const a = await connect(page, 'grid-a');
    const b = await connect(page, 'grid-b');

    // Connected models stay loaded in the lab worker: the designer offers them.
    await page.goto(`${baseUrl}/#/experiments`);
    const designer = page.getByTestId('designer');
    await designer.getByLabel('Name').fill('Grid: two echo students');
    await designer.getByRole('checkbox', { name: 'Maze' }).check();
    await designer.getByRole('checkbox', { name: 'easy' }).check();
    await designer.getByRole('checkbox', { name: 'Retry (no feedback)' }).check();
    await designer.getByRole('checkbox', { name: 'Rule teacher (hint level 2)' }).check();
    await designer.getByRole('checkbox', { name: 'LLM teacher (no privileged info)' }).check();
    for (const id of [a, b]) await designer.locator(`input[name="student"][value="${id}"]`).check();
    await designer.locator(`input[name="teacher"][value="${a}"]`).check();
    await designer.locator('input[name="tasks"]').fill('2');
    await designer.locator('input[name="turns"]').fill('2');
    await designer.locator('input[name="max-tokens"]').fill('16');
    await designer.locator('input[name="teacher-max-tokens"]').fill('16');
    // 2 tasks × 2 students × (retry, rule teacher, LLM teacher with one model).
    await expect.poll(() => page.getByTestId('episode-count').textContent()).toBe('12 episodes');
    await designer.getByRole('button', { name: 'Start experiment' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/#\/experiments\/[0-9a-f-]{36}$/);
    const experimentId = page.url().split('/').pop()!;
    await expect
      .poll(() => page.getByTestId('run-state').getAttribute('data-state'), { timeout: 240_000 })
      .toBe('done');

    const episodes = await storedEpisodes(page, experimentId);
    expect(episodes).toHaveLength(12);
    const grids = gainGrids(summarise(episodes));
    expect(grids).toHaveLength(1);
    const expected = grids[0]!;
    expect(expected.students).toEqual([a, b]);
    expect(expected.columns.map((c) => [c.conditionKey, c.teacherModel])).toEqual([
      ['rule-teacher:2', null],
      ['llm-teacher:none', a],
    ]);

    // Every cell shows the gain, its interval and its tasks, as gainGrids() has them.
    const table = page.getByTestId('gain-grid');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('thead th[scope="col"]').count()).toBe(3);
    for (const [i, student] of expected.students.entries()) {
      const row = table.locator(`tbody tr[data-student="${student}"]`);
      expect(await row.locator('th[scope="row"]').textContent()).toBe(student);
      for (const [j, column] of expected.columns.entries()) {
        const cell = expected.cells[i]![j]!;
        const shown = row.locator('td').nth(j);
        expect(await shown.getAttribute('data-column')).toBe(column.key);
        expect(Number(await shown.getAttribute('data-value'))).toBe(cell.estimate);
        expect(Number(await shown.getAttribute('data-items'))).toBe(cell.items);
        const text = (await shown.textContent()) ?? '';
        expect(text).toContain(pp(cell.estimate));
        expect(text).toContain(`${pp(cell.low)} to ${pp(cell.high)}`);
        expect(text).toContain(`${cell.items} tasks`);
      }
    }
    // The decomposition says what gainGrids() measured (echo models may all gain the same: then why not).
    const said = await page.getByTestId('grid-decomposition').allTextContents();
    expect(said).toEqual(gridSentence(expected.decomposition, 2, 2));

    // The grid, like every page, passes axe with no serious or critical violation.
    expect(await seriousViolations(page)).toEqual([]);
    // On a phone the grid scrolls inside its table, never the page.
    await page.setViewportSize(PHONE);
    expect(await sidewaysOverflow(page)).toEqual({ extra: 0, culprits: [] });
    await page.screenshot({ path: '/tmp/experiment-grid.png', fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
