/**
 * An experiment end to end with the generated tiny GGUF llama (wllama, CPU): designed in the page,
 * shared by link, run (retry and rule teacher × three maze tasks × two turns), reloaded mid-run and
 * resumed without running any episode twice, and its results view checked against `summarise()`
 * computed here in Node from the episodes stored in IndexedDB.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile, writeFile } from 'node:fs/promises';
import {
  contrast,
  conditionKey,
  itemKey,
  summarise,
  summaryToCsv,
  type EpisodeOutcomeInput,
} from '../../src/core/metrics';
import type { EpisodeConfig } from '../../src/core/protocol/types';
import { openPage, sharedBrowser } from './browser';
import { headline } from '../../src/ui/experiments/headline';
import { PHONE, sidewaysOverflow } from './layout';
import { pp } from '../../src/ui/experiments/format';
import { dumpDb } from './idb';
import { loadTinyModel } from './tiny-model';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

type StoredEpisode = EpisodeOutcomeInput & {
  config: EpisodeConfig;
  experimentId: string | null;
  turnsDone: number;
};

/** Every stored episode of the experiment with its turns, read with the raw IndexedDB API. */
async function storedEpisodes(page: Page, experimentId: string): Promise<StoredEpisode[]> {
  const { episodes, turns } = await dumpDb<
    StoredEpisode,
    StoredEpisode['turns'][number] & { episodeId: string }
  >(page);
  return episodes
    .filter((e) => e.experimentId === experimentId)
    .map((e) => ({ ...e, turns: turns.filter((t) => t.episodeId === e.id) }));
}

/** Records what the next mouse-down and mouse-up land on, and whether the Start button moved between. */
async function watchPointer(page: Page): Promise<void> {
  await page.evaluate(() => {
    const start = () =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Start experiment');
    const seen: { down?: string; up?: string; at?: string; moved?: boolean } = {};
    (window as unknown as { __pointer: typeof seen }).__pointer = seen;
    const where = () => JSON.stringify(start()?.getBoundingClientRect());
    const name = (e: Event) => (e.target as HTMLElement).textContent?.trim().slice(0, 40) ?? '';
    document.addEventListener('mousedown', (e) => ((seen.down = name(e)), (seen.at = where())), {
      capture: true,
      once: true,
    });
    document.addEventListener('mouseup', (e) => ((seen.up = name(e)), (seen.moved = where() !== seen.at)), {
      capture: true,
      once: true,
    });
  });
}

async function pointerLog(page: Page): Promise<{ down?: string; up?: string; moved?: boolean }> {
  return page.evaluate(() => {
    const { down, up, moved } = (window as unknown as { __pointer: Record<string, unknown> }).__pointer;
    return { down, up, moved } as { down?: string; up?: string; moved?: boolean };
  });
}

function perKey(episodes: StoredEpisode[]): number[] {
  const counts = new Map<string, number>();
  for (const e of episodes) {
    const key = `${itemKey(e.config)}|${conditionKey(e.config.condition)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

describe('experiments', () => {
  it('designs, shares, runs, survives a reload, and shows the metrics of the stored episodes', async () => {
    const NAME = 'Tiny retry vs rule <img src=x onerror="document.title=1">';
    const { context, page, errors } = await openPage(browser(), `${baseUrl}/#/experiments`);
    const designer = page.getByTestId('designer');
    await designer.getByText('Load a model').click();
    await loadTinyModel(designer);
    await expect
      .poll(() => designer.getByRole('checkbox', { name: 'tiny-llama' }).isChecked(), { timeout: 60_000 })
      .toBe(true);

    // A name with markup in it (a shared link's or an import's is untrusted) is only ever text.
    await designer.getByLabel('Name').fill(NAME);
    await designer.getByRole('checkbox', { name: 'Maze' }).check();
    await designer.getByRole('checkbox', { name: 'Retry (no feedback)' }).check();
    await designer.getByRole('checkbox', { name: 'Rule teacher (hint level 2)' }).check();
    await designer.locator('input[name="tasks"]').fill('3');
    await designer.locator('input[name="turns"]').fill('2');
    await designer.locator('input[name="temperature"]').fill('0');
    await designer.locator('input[name="max-tokens"]').fill('16');
    await expect.poll(() => page.getByTestId('episode-count').textContent()).toBe('6 episodes');

    // The link carries the design: opened in another tab it fills the same form.
    const link = await designer.locator('input[name="design-link"]').inputValue();
    const shared = await context.newPage();
    await shared.goto(link);
    const sharedDesigner = shared.getByTestId('designer');
    await expect.poll(() => sharedDesigner.getByLabel('Name').inputValue()).toBe(NAME);
    expect(await sharedDesigner.locator('input[name="tasks"]').inputValue()).toBe('3');
    expect(await sharedDesigner.locator('input[name="max-tokens"]').inputValue()).toBe('16');
    expect(
      await sharedDesigner.getByRole('checkbox', { name: 'Rule teacher (hint level 2)' }).isChecked(),
    ).toBe(true);
    expect(await shared.getByTestId('episode-count').textContent()).toBe('6 episodes');
    // The full-page picture is taken here, not in the tab that goes on: Chromium's capture beyond the
    // viewport leaves that page scrolled where it drew, and the next mouse-down scrolls it back, so a
    // click that followed would land beside its button.
    await shared.screenshot({ path: '/tmp/experiment-designer.png', fullPage: true });
    // A damaged link says so instead of failing silently.
    await shared.goto(`${baseUrl}/#/experiments/new/${link.split('/new/')[1]!.slice(0, 20)}`);
    await expect.poll(() => shared.getByTestId('link-error').textContent()).toMatch(/damaged|not valid/);
    await shared.close();

    // Straight from the number field typed in last (its change fires on the button's mouse-down):
    // nothing under the pointer moves, and the click lands on the button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('max-tokens');
    await watchPointer(page);
    await designer.getByRole('button', { name: 'Start experiment' }).click();
    expect(await pointerLog(page)).toEqual({
      down: 'Start experiment',
      up: 'Start experiment',
      moved: false,
    });
    await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/#\/experiments\/[0-9a-f-]{36}$/);
    const experimentId = page.url().split('/').pop()!;
    const progress = page.getByTestId('run-progress');
    await expect
      .poll(async () => Number((await progress.textContent())?.split('/')[0]), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(2);
    const beforeReload = await storedEpisodes(page, experimentId);

    // Leave in the middle of the run.
    await page.reload();
    const run = page.getByTestId('run-panel');
    await expect.poll(() => page.getByTestId('run-state').getAttribute('data-state')).toBe('paused');
    const doneAfterReload = Number((await progress.textContent())?.split('/')[0]);
    expect(doneAfterReload).toBeGreaterThanOrEqual(2);
    expect(doneAfterReload).toBeLessThan(6);
    // The worker restarted: load the model again (from the browser's cache) and resume.
    await run.getByText('Run a GGUF model on the CPU').click();
    await run
      .getByTestId('gguf-form')
      .getByRole('listitem')
      .filter({ hasText: 'tiny-llama' })
      .getByRole('button', { name: 'Load' })
      .click();
    await run.getByRole('button', { name: 'Resume' }).click();
    // The CPU engine serves two slots: while the run goes on the page says how many run at once.
    await expect.poll(() => run.textContent()).toMatch(/of up to 2 episodes at once/);
    await expect
      .poll(() => page.getByTestId('run-state').getAttribute('data-state'), { timeout: 180_000 })
      .toBe('done');
    expect(await progress.textContent()).toContain('6 / 6');

    const episodes = await storedEpisodes(page, experimentId);
    expect(episodes).toHaveLength(6);
    expect(perKey(episodes)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(episodes.every((e) => e.status === 'solved' || e.status === 'failed')).toBe(true);
    // Episodes finished before the reload were kept as they were, not run again.
    for (const e of beforeReload.filter((x) => x.status === 'solved' || x.status === 'failed')) {
      expect(episodes.map((x) => x.id)).toContain(e.id);
    }
    for (const e of episodes) {
      expect(e.config.studentSampling).toMatchObject({ temperature: 0, maxTokens: 16 });
      expect(e.config.turnBudget).toBe(2);
    }

    // The results: a chart drawn as SVG and a table equal to summarise() over the stored episodes.
    const results = page.getByTestId('experiment-results');
    await expect.poll(() => results.locator('[data-testid="accuracy-chart"] svg').count()).toBeGreaterThan(0);
    const expected = summarise(episodes);
    expect(expected.rows.map((r) => r.conditionKey)).toEqual(['retry', 'rule-teacher:2']);
    // The headline says in words what summarise() measured; the chart's text is readable (16 px) and
    // its intervals are error bars, not bands.
    expect(await page.getByTestId('results-headline').textContent()).toBe(headline(expected));
    const chartSvg = results.locator('[data-testid="accuracy-chart"] svg').last();
    expect(await chartSvg.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    expect(await chartSvg.locator('[aria-label="area"]').count()).toBe(0);
    const table = page.getByTestId('results-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    for (const row of expected.rows) {
      const cells = table.locator(`tr[data-row="${row.conditionKey}"]`);
      const value = async (metric: string) => {
        const text = await cells.locator(`[data-metric="${metric}"]`).getAttribute('data-value');
        return text === '' || text === null ? null : Number(text);
      };
      expect(await value('n')).toBe(row.completedIds.length);
      expect(await value('acc1')).toBe(row.acc1.p);
      expect(await value('accK')).toBe(row.accK.p);
      expect(await value('gain')).toBe(row.gain.value);
      expect(await value('normalisedGain')).toBe(row.normalisedGain.value);
      expect(await value('auc')).toBe(row.auc.value);
      expect(await value('feedbackGain')).toBe(row.feedbackGain?.estimate ?? null);
      expect(await value('repeat')).toBe(row.repeat.rate);
      expect(await value('fix')).toBe(row.fix.rate);
      expect(await value('regression')).toBe(row.regression.rate);
      expect(await value('leak')).toBe(row.leak.rate);
      expect(await value('tokens')).toBe(row.costs.totalTokens.mean);
      expect(await value('timeMs')).toBe(row.costs.timeMs.mean);
    }
    // A number opens the episodes behind it, each linking to its History page.
    await table.locator('tr[data-row="retry"] [data-metric="accK"]').click();
    const links = page.getByTestId('episode-list').getByRole('link');
    expect(await links.count()).toBe(3);
    expect(await links.first().getAttribute('href')).toMatch(/^#\/history\/[0-9a-f-]{36}$/);

    // Compare two rows: rule teacher − retry, paired by task, as contrast() computes it.
    const [retryRow, ruleRow] = expected.rows;
    const compared = contrast(ruleRow!.itemOutcomes, retryRow!.itemOutcomes)!;
    const panel = results.getByTestId('contrast');
    await panel.locator('select[name="contrast-a"]').selectOption(ruleRow!.key);
    await panel.locator('select[name="contrast-b"]').selectOption(retryRow!.key);
    const said = await panel.getByTestId('contrast-result').textContent();
    expect(said).toContain(`of ${compared.items} shared tasks`);
    expect(said).toContain(`A − B = ${pp(compared.estimate)}`);
    expect(said).toContain(`${pp(compared.low)} to ${pp(compared.high)}`);
    expect(await panel.getByTestId('contrast-table').count()).toBe(1);

    // On a phone the results scroll inside their tables, never the page.
    await page.setViewportSize(PHONE);
    const narrow = await sidewaysOverflow(page);
    expect(narrow).toEqual({ extra: 0, culprits: [] });
    await page.setViewportSize({ width: 1400, height: 1000 });

    await page.screenshot({ path: '/tmp/experiment-results.png', fullPage: true });

    // Exports: the chart as SVG (legend included) and PNG, the results as CSV, the episodes as JSONL.
    const saved = async (button: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        results.getByRole('button', { name: button }).click(),
      ]);
      return readFile((await download.path())!);
    };
    // The name shows as the text it is, and made no element of its own anywhere.
    expect(await results.getByRole('heading', { level: 2 }).first().textContent()).toBe(NAME);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.title()).not.toBe('1');
    const svg = (await saved('Chart as SVG')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('Retry (no feedback)');
    expect(svg).toContain('Rule teacher (hint level 2)');
    expect(svg).not.toContain('href=');
    // The legend keeps the series' colours.
    expect(svg).not.toMatch(/<rect[^>]*fill="black"/);
    const png = await saved('Chart as PNG');
    await writeFile('/tmp/experiment-chart.png', png);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(5000);
    expect((await saved('Results as CSV')).toString('utf8')).toBe(summaryToCsv(expected));
    const jsonl = (await saved('Episodes as JSONL')).toString('utf8').trim().split('\n');
    expect(jsonl).toHaveLength(7);
    expect(JSON.parse(jsonl[0]!)).toMatchObject({ kind: 'plasticity-lab-export', count: 6 });
    // Side by side (here the same experiment twice): two results views, each with its chart.
    await page.goto(`${baseUrl}/#/experiments/compare/${experimentId}/${experimentId}`);
    const compare = page.getByTestId('compare');
    await expect.poll(() => compare.locator('[data-testid="accuracy-chart"] svg').count()).toBeGreaterThan(1);
    expect(await compare.getByTestId('experiment-results').count()).toBe(2);
    const rule = expected.rows[1]!;
    console.log(
      'experiment figures:',
      JSON.stringify(
        expected.rows.map((r) => ({
          condition: r.conditionKey,
          n: r.completedIds.length,
          acc1: r.acc1.p,
          accK: r.accK.p,
          wilsonK: [r.accK.low, r.accK.high],
          repeat: r.repeat.rate,
          tokens: r.costs.totalTokens.mean,
          timeMs: r.costs.timeMs.mean,
        })),
      ),
      'feedback gain:',
      JSON.stringify(
        rule.feedbackGain && { ...rule.feedbackGain, episodeIds: undefined, baselineEpisodeIds: undefined },
      ),
    );
    // Comparing offers no delete; the experiment's own page does, after a confirmation.
    expect(await compare.getByTestId('experiment-delete').count()).toBe(0);
    await page.goto(`${baseUrl}/#/experiments/${experimentId}`);
    const deleting = page.getByTestId('experiment-delete');
    await deleting.getByRole('button', { name: 'Delete experiment…' }).click();
    await deleting.getByRole('button', { name: 'Cancel' }).click();
    expect(await storedEpisodes(page, experimentId)).toHaveLength(6);
    await deleting.getByRole('button', { name: 'Delete experiment…' }).click();
    await deleting.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/experiments');
    await expect
      .poll(() =>
        page.getByTestId('experiment-list').locator(`a[href="#/experiments/${experimentId}"]`).count(),
      )
      .toBe(0);
    expect(await storedEpisodes(page, experimentId)).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  }, 420_000);
});
