/**
 * Offline: the production build, served by `vite preview`, is visited once; then the network goes off
 * and the reloaded page still runs a rule-teacher episode (app shell and worker from the service worker).
 * Then a new deploy: its service worker waits, and the page offers it until the person reloads into it.
 * And the build runs under its Content-Security-Policy: no inline script runs, the engines' and the
 * code sandbox's WebAssembly and workers do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { preview, type PreviewServer } from 'vite';
import type { Browser } from 'playwright-core';
import { environments } from '../../src/core/envs';
import { CONTENT_SECURITY_POLICY } from '../../csp';
import { launch } from './browser';

const root = new URL('../..', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'plasticity-lab-dist-'));
let server: PreviewServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  // Built in a child process: Vitest sets NODE_ENV=test, which would build without the service worker.
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
  });
  url = server.resolvedUrls!.local[0]!;
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()));
  rmSync(outDir, { recursive: true, force: true });
});

describe('offline after one visit', () => {
  it('reloads with the network off and runs a rule-teacher episode', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('preflight-verdict').waitFor();
    // Wait until the service worker has installed (precached everything) and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('preflight-verdict').waitFor();
    const maze = environments.maze!;
    const task = maze.generate(maze.presets.easy, 5, 0);
    await page.getByLabel('Task seed').fill('5');
    await page.getByRole('button', { name: 'Start episode' }).click();
    await page.getByTestId('human-attempt').waitFor();
    await page.locator('#human-answer').fill(task.solution.split(' ')[0]!);
    await page.locator('#human-answer').press('Enter');
    await page.getByTestId('feedback-1').waitFor();
    await page.getByTestId('human-attempt').waitFor();
    await page.locator('#human-answer').fill(task.solution);
    await page.locator('#human-answer').press('Enter');
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toContain('Solved at attempt 2');

    // A model not yet downloaded says it cannot come while offline, and what still works.
    await page.goto(`${url}#/models`);
    await page.getByTestId('model-row').first().getByRole('button', { name: 'Download' }).click();
    await expect
      .poll(() => page.getByTestId('load-error').textContent(), { timeout: 60_000 })
      .toMatch(/^You are offline, and .+ is not in this browser yet/);
    await context.close();
  });

  it('offers a new version that is waiting, which takes over when Reload is clicked', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.getByTestId('update-ready').count()).toBe(0);

    // A new deploy: the service worker differs (one precache revision changes; same length, so the
    // preview server's idea of the file's size stays right). The next visit installs it, and it waits.
    const sw = join(outDir, 'sw.js');
    const before = readFileSync(sw, 'utf8');
    const at = before.search(/revision:"[0-9a-f]/) + 'revision:"'.length;
    expect(at).toBeGreaterThan(10);
    writeFileSync(sw, before.slice(0, at) + (before[at] === '0' ? '1' : '0') + before.slice(at + 1));
    await page.reload();
    const prompt = page.getByTestId('update-ready');
    await prompt.waitFor({ timeout: 60_000 });
    expect(await prompt.textContent()).toContain('A new version is ready');
    const waiting = () =>
      page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);
    expect(await waiting()).toBe(true);

    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await page.getByTestId('preflight-verdict').waitFor();
    expect(await waiting()).toBe(false);
    expect(await page.getByTestId('update-ready').count()).toBe(0);
    await context.close();
  });

  it('runs under its Content-Security-Policy: an injected inline script is refused, a code episode runs', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    await page.getByTestId('preflight-verdict').waitFor();

    // Inline script (what a stored-XSS would need) does not run.
    await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => undefined);
    expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan ?? false)).toBe(false);
    violations.length = 0; // that refusal was the point; nothing else may be refused

    // The lab worker, its code sandbox worker and QuickJS's WebAssembly all run under the policy.
    const code = environments.code!;
    const task = code.generate(code.presets[code.defaultPreset], 3, 0);
    await page.getByLabel('Environment').selectOption('code');
    await page.getByLabel('Task seed').fill('3');
    await page.getByRole('button', { name: 'Start episode' }).click();
    await page.getByTestId('human-attempt').waitFor();
    await page.locator('#human-answer').fill(`<answer>${task.solution}</answer>`);
    await page.getByTestId('human-attempt').getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => page.getByTestId('outcome').textContent(), { timeout: 60_000 })
      .toContain('Solved at attempt 1');
    expect(violations).toEqual([]);
    await context.close();
  });
});
