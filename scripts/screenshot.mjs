/**
 * Takes the README's screenshot from the running app: starts the dev server, plays a human-student
 * maze episode with the rule-based teacher (one wrong attempt, then the shortest path) and saves
 * docs/screenshot-maze-episode.png. Usage: `npm run screenshot` (needs Chromium, see README).
 */
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
const seed = Number(process.env.SEED ?? 4);
const out = process.argv[2] ?? 'docs/screenshot-maze-episode.png';

const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
const base = server.resolvedUrls.local[0];
// The same Chromium and flags as the tests (CHROMIUM_PATH overrides the binary).
const { chromiumPath, chromiumArgs: args } = await server.ssrLoadModule('/test/browser-env.ts');
const executablePath = chromiumPath();
const { environments } = await server.ssrLoadModule('/src/core/envs/index.ts');
const maze = environments.maze;
const task = maze.generate(maze.presets.easy, seed, 0);
const moves = task.solution.split(' ');

const browser = await chromium.launch({ executablePath, args });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(base);
  await page.getByTestId('preflight-verdict').waitFor();
  await page.getByLabel('Task seed').fill(String(seed));
  await page.getByRole('button', { name: 'Start episode' }).click();
  const answer = async (text) => {
    await page.getByTestId('human-attempt').waitFor();
    await page.locator('#human-answer').fill(text);
    await page.locator('#human-answer').press('Enter');
  };
  // A first attempt that turns the wrong way after two good moves, then the shortest path.
  const wrong = moves.slice(0, 2).concat(moves[2] === 'U' ? 'D' : 'U');
  await answer(wrong.join(' '));
  await page.getByTestId('feedback-1').waitFor();
  await answer(task.solution);
  await page.getByTestId('outcome').waitFor();
  await page
    .getByTestId('timeline')
    .getByRole('button', { name: /Attempt 1/ })
    .click();
  await page.waitForTimeout(300);
  await page.locator('main').screenshot({ path: out });
  console.log(`Saved ${out} (maze seed ${seed}).`);
} finally {
  await browser.close();
  await server.close();
}
