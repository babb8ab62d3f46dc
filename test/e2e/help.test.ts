/**
 * "How it works" as a first-time visitor meets it (issue 13, point 4): the panel shows on the first
 * visit and links the paper, goes when dismissed and stays gone after a reload, comes back from the
 * header; a (?) beside "Task seed" opens its explanation; the glossary page lists every results
 * column; at 390 px nothing scrolls sideways and the panel covers nothing.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';
import { PHONE, expectFits } from './layout';
import { GLOSSARY } from '../../src/ui/help/glossary';
import { RESULTS_COLUMNS } from '../../src/ui/experiments/results-columns';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
const browser = sharedBrowser();

describe('How it works and the glossary', () => {
  it('shows on a first visit, stays dismissed after a reload, reopens from the header, and explains settings', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    const panel = page.getByTestId('how-it-works');
    await panel.waitFor(WAIT);
    const paper = panel.getByRole('link', { name: /Improving Interactive In-Context Learning/ });
    expect(await paper.getAttribute('href')).toBe('https://arxiv.org/abs/2602.16066');
    expect(await paper.getAttribute('target')).toBe('_blank');
    expect(await paper.getAttribute('rel')).toContain('noopener');
    for (const who of ['Student', 'Verifier', 'Teacher', 'Retry', 'Right/wrong only', 'Rule teacher'])
      expect(await panel.textContent()).toContain(who);

    // Dismissed: gone, focus back on the header button, and still gone after a reload.
    const toggle = page.getByRole('button', { name: 'How it works', exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: 'Got it, hide this' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await page.getByRole('button', { name: 'Start episode' }).waitFor(WAIT);
    expect(await panel.count()).toBe(0);

    // Reopened from the header, with the reader taken to it.
    await toggle.click();
    await panel.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('how-it-works-title');

    // The (?) beside Task seed, by keyboard: it opens the explanation, Escape closes it; the input's
    // label still finds the input alone.
    expect(await page.getByLabel('Task seed').count()).toBe(1);
    const help = page.getByRole('button', { name: 'What is Task seed?' });
    await help.focus();
    await page.keyboard.press('Enter');
    const note = page.getByRole('note').filter({ hasText: GLOSSARY.taskSeed.text });
    await note.waitFor();
    expect(await help.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await note.waitFor({ state: 'hidden' });
    expect(await help.getAttribute('aria-expanded')).toBe('false');
    // And by a tap (a click): a tap elsewhere closes it.
    await help.click();
    await note.waitFor();
    await page.getByRole('heading', { name: 'Plasticity Lab' }).click();
    await note.waitFor({ state: 'hidden' });

    // The glossary, from the header: every results column is listed under its header.
    await page.getByRole('link', { name: 'Help', exact: true }).click();
    const results = page.getByTestId('glossary-results');
    await results.waitFor();
    const terms = await results.locator('dt').allTextContents();
    for (const [, label] of RESULTS_COLUMNS) expect(terms).toContain(label);
    expect(await page.getByTestId('glossary-settings').locator('dt').allTextContents()).toContain(
      'Leak policy',
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('at 390 px: the panel sits above the form without covering it, and nothing scrolls sideways', async () => {
    const { context, page, errors } = await openPage(browser(), baseUrl);
    await page.setViewportSize(PHONE);
    const panel = page.getByTestId('how-it-works');
    await panel.waitFor(WAIT);
    const form = page.getByRole('heading', { name: 'Episode', exact: true });
    const [p, f] = [await panel.boundingBox(), await form.boundingBox()];
    expect(p && f && p.y + p.height <= f.y, 'the panel ends above the episode form').toBe(true);
    await expectFits(page, 'episode with the panel');

    // An explanation at the right edge stays on screen.
    await page.getByRole('button', { name: 'What is Item?' }).click();
    const note = page.getByRole('note').filter({ hasText: GLOSSARY.item.text });
    await note.waitFor();
    const box = await note.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'explanation on screen').toBe(true);
    await expectFits(page, 'episode with an explanation open');
    await page.keyboard.press('Escape');

    await page.goto(`${baseUrl}/#/help/feedbackGain`);
    await page.getByTestId('help-page').waitFor();
    await expectFits(page, 'glossary');
    await page.goto(`${baseUrl}/#/experiments/new`);
    await page.getByRole('button', { name: 'What is Samples per task (replicates)?' }).click();
    await expectFits(page, 'designer with an explanation open');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
