/**
 * Offline: the production build, served by `vite preview`, is visited once; then the network goes off
 * and the reloaded page still runs a rule-teacher episode (app shell and worker from the service worker).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { preview, type PreviewServer } from 'vite';
import type { Browser } from 'playwright-core';
import { environments } from '../../src/core/envs';
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
    await context.close();
  });
});
