/**
 * An episode setup shared by link (issue 13, point 3): made in one browser, opened in another (a fresh
 * context: no storage, no models), it fills the same form and nothing else: no episode starts, no
 * model loads, and no request leaves for any host but the lab's own. A damaged link says so.
 */
import { describe, expect, inject, it } from 'vitest';
import { openPage, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const WAIT = { timeout: 30_000 };

describe('an episode setup link', () => {
  it('opens the same setup in another browser without starting, loading or contacting anything', async () => {
    const first = await openPage(browser(), baseUrl);
    const form = first.page.locator('form[aria-labelledby="setup-title"]');
    await form.locator('select[name="env"]').selectOption('knights');
    await form.locator('select[name="preset"]').selectOption('medium');
    await form.locator('input[name="seed"]').fill('42');
    await form.locator('input[name="index"]').fill('7');
    await form.locator('select[name="condition"]').selectOption('binary');
    await form.locator('input[name="turns"]').fill('3');
    await form.getByRole('checkbox', { name: 'Keep going after a correct attempt' }).check();
    await form.getByText('Share this setup').click();
    const link = await form.locator('input[name="setup-link"]').inputValue();
    expect(link).toMatch(/#\/episode\/setup\/[\w%-]+$/);
    await first.context.close();

    const { context, page, errors } = await openPage(browser(), baseUrl);
    const hosts = new Set<string>();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    await page.goto(link);
    const opened = page.locator('form[aria-labelledby="setup-title"]');
    await expect.poll(() => opened.locator('select[name="env"]').inputValue(), WAIT).toBe('knights');
    expect(await opened.locator('select[name="preset"]').inputValue()).toBe('medium');
    expect(await opened.locator('input[name="seed"]').inputValue()).toBe('42');
    expect(await opened.locator('input[name="index"]').inputValue()).toBe('7');
    expect(await opened.locator('select[name="condition"]').inputValue()).toBe('binary');
    expect(await opened.locator('input[name="turns"]').inputValue()).toBe('3');
    expect(
      await opened.getByRole('checkbox', { name: 'Keep going after a correct attempt' }).isChecked(),
    ).toBe(true);
    // The task it names is drawn, and nothing runs until Start is clicked.
    await page.waitForTimeout(500);
    expect(await page.getByTestId('episode').textContent()).not.toMatch(/attempt 1/i);
    expect([...hosts].every((h) => h === new URL(baseUrl).host)).toBe(true);

    await page.goto(`${baseUrl}/#/episode/setup/${link.split('/setup/')[1]!.slice(0, 12)}`);
    await expect
      .poll(() => page.getByTestId('setup-link-error').textContent(), WAIT)
      .toMatch(/damaged|not valid/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
