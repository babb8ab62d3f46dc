/**
 * Takes the README's screenshots from the running app (dev server, the tests' Chromium):
 * - docs/screenshot-maze-episode.png: a human-student maze episode with the rule-based teacher (one
 *   wrong attempt, then the shortest path), the first attempt shown;
 * - docs/screenshot-phone.png: the same episode in play at 390×844;
 * - docs/screenshot-presenter.png: presenter mode at 1280×720;
 * - docs/screenshot-results.png: the results of a real experiment: SmolLM2-135M on llama.cpp's server
 *   (`npm run models` fetches both), starter arithmetic, retry vs right/wrong vs rule teacher vs
 *   self-teacher, 10 tasks, 3 turns (a few minutes on two cores).
 * Usage: `npm run screenshot` (all), or name some: `npm run screenshot -- phone presenter`.
 */
import { createServer } from 'vite';
import { chromium } from 'playwright-core';

const seed = Number(process.env.SEED ?? 4);
const wanted = new Set(process.argv.slice(2));
const want = (name) => wanted.size === 0 || wanted.has(name);

const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
const base = server.resolvedUrls.local[0];
// The same Chromium and flags as the tests (CHROMIUM_PATH overrides the binary).
const { chromiumPath, chromiumArgs: args } = await server.ssrLoadModule('/test/browser-env.ts');
const { environments } = await server.ssrLoadModule('/src/core/envs/index.ts');
const maze = environments.maze;
const task = maze.generate(maze.presets.easy, seed, 0);
const moves = task.solution.split(' ');

const browser = await chromium.launch({ executablePath: chromiumPath(), args });

/** A fresh page with the first-visit panel already dismissed (it is not what these pictures show). */
async function open(viewport, url = base) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await context.addInitScript(() => localStorage.setItem('plasticity-lab:intro-dismissed', '1'));
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(url);
  return { context, page };
}

/** A human maze episode: one attempt that turns the wrong way after two good moves; then, if `solve`, the path. */
async function playMaze(page, solve) {
  await page.getByTestId('preflight-verdict').waitFor();
  await page.getByLabel('Task seed').fill(String(seed));
  await page.getByRole('button', { name: 'Start episode' }).click();
  const answer = async (text) => {
    await page.getByTestId('human-attempt').waitFor();
    await page.locator('#human-answer').fill(text);
    await page.locator('#human-answer').press('Enter');
  };
  const wrong = moves.slice(0, 2).concat(moves[2] === 'U' ? 'D' : 'U');
  await answer(wrong.join(' '));
  await page.getByTestId('feedback-1').waitFor();
  if (!solve) return page.getByTestId('human-attempt').waitFor();
  await answer(task.solution);
  await page.getByTestId('outcome').waitFor();
}

async function shot(page, target, path) {
  await page.waitForTimeout(300);
  await target.screenshot({ path });
  console.log(`Saved ${path}.`);
}

try {
  if (want('episode')) {
    const { context, page } = await open({ width: 1360, height: 900 });
    await playMaze(page, true);
    await page
      .getByTestId('timeline')
      .getByRole('button', { name: /Attempt 1/ })
      .click();
    await shot(page, page.locator('main'), 'docs/screenshot-maze-episode.png');
    await context.close();
  }
  if (want('phone')) {
    const { context, page } = await open({ width: 390, height: 844 });
    await playMaze(page, false);
    await page.getByTestId('episode').scrollIntoViewIfNeeded();
    await shot(page, page, 'docs/screenshot-phone.png');
    await context.close();
  }
  if (want('presenter')) {
    const { context, page } = await open({ width: 1280, height: 720 });
    await playMaze(page, true);
    await page.getByTestId('present').click();
    await page.getByTestId('presenter').waitFor();
    await page.keyboard.press('ArrowLeft');
    await shot(page, page, 'docs/screenshot-presenter.png');
    await context.close();
  }
  if (want('results')) {
    const { startLlamaServer } = await server.ssrLoadModule('/test/servers/llama-server.ts');
    const llama = await startLlamaServer({ parallel: 4 });
    try {
      const { context, page } = await open({ width: 1360, height: 900 });
      await page.getByTestId('preflight-verdict').waitFor();
      await page.getByRole('radio', { name: 'A model' }).check();
      await page.getByText('Use a model on a local server').click();
      const form = page.getByTestId('server-form');
      await form.locator('input[name="server-url"]').fill(`${llama.url}/v1`);
      await form.locator('input[name="server-model"]').fill(llama.model);
      await form.locator('input[name="server-concurrency"]').fill('4');
      await form.getByRole('button', { name: 'Connect' }).click();
      const id = `${llama.model} @ ${llama.url}/v1`;
      await page.waitForFunction(
        (id) => document.querySelector('select[name="student-model"]')?.value === id,
        id,
      );
      await page.goto(`${base}#/experiments`);
      const designer = page.getByTestId('designer');
      await designer.getByLabel('Name').fill('SmolLM2-135M: does feedback help on starter arithmetic?');
      await designer.getByRole('checkbox', { name: id }).check();
      await designer.getByRole('checkbox', { name: 'Arithmetic' }).check();
      await designer.getByRole('checkbox', { name: 'Maze' }).uncheck();
      await designer.getByRole('checkbox', { name: 'starter' }).check();
      await designer.getByRole('checkbox', { name: 'easy' }).uncheck();
      for (const name of [
        'Retry (no feedback)',
        'Right/wrong only',
        'Rule teacher (hint level 2)',
        'Self-teacher (no privileged info)',
      ])
        await designer.getByRole('checkbox', { name }).check();
      await designer.locator('input[name="tasks"]').fill('10');
      await designer.locator('input[name="turns"]').fill('3');
      await designer.locator('input[name="max-tokens"]').fill('96');
      await designer.getByRole('button', { name: 'Start experiment' }).click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="run-state"]')?.getAttribute('data-state') === 'done',
        undefined,
        { timeout: 900_000, polling: 1000 },
      );
      await page.getByTestId('results-headline').waitFor();
      await shot(page, page.locator('main'), 'docs/screenshot-results.png');
      await context.close();
    } finally {
      await llama.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
