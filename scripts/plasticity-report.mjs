/**
 * The plasticity benchmark's report: reads what `npm run bench -- --only plasticity` stored
 * (bench-results/plasticity.json and bench-results/plasticity-episodes/<env>.json), prints the
 * README's table as Markdown, and draws one accuracy-by-turn chart per environment with the app's own
 * chart code in Chromium, saved as docs/plasticity-<model>.png.
 * Usage: node scripts/plasticity-report.mjs [out.png]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';

const RESULT = 'bench-results/plasticity.json';
const EPISODES = 'bench-results/plasticity-episodes';
if (!existsSync(RESULT)) {
  console.error(`${RESULT} is missing: run \`npm run bench -- --only plasticity\` first.`);
  process.exit(1);
}
const result = JSON.parse(readFileSync(RESULT, 'utf8'));
const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(100 * x)}%`);
const signed = (x) => (x === null || x === undefined ? '–' : `${x > 0 ? '+' : ''}${Math.round(100 * x)}`);

// The table: one line per environment and condition, in the benchmark's order.
const lines = [
  '| environment | condition | n | acc@1 | acc@5 | gain over retry (95% CI), points | format failures |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
for (const r of result.rows) {
  const gain = r.feedbackGain
    ? `${signed(r.feedbackGain.estimate)} (${signed(r.feedbackGain.low)} to ${signed(r.feedbackGain.high)})`
    : '–';
  const accK = r.turnBudget > 1 ? pct(r.accK) : '–';
  lines.push(
    `| ${r.envId} | ${r.condition} | ${r.episodes} | ${pct(r.acc1)} | ${accK} | ${gain} | ${pct(r.formatFailureRate)} |`,
  );
}
console.log(lines.join('\n'));
const e = result.episodesPerMinute;
if (e) {
  console.log(
    `\nepisodes/min: one at a time ${e.sequential.toFixed(1)}, ${result.parallel} at once ${e.parallel.toFixed(1)} (${e.ratio.toFixed(2)}×)`,
  );
}

const files = existsSync(EPISODES) ? readdirSync(EPISODES).filter((f) => f.endsWith('.json')) : [];
if (files.length === 0) {
  console.error(`No episodes in ${EPISODES}/: the chart needs a run of the benchmark that stored them.`);
  process.exit(1);
}
const order = [...new Set(result.rows.map((r) => r.envId))];
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
const { chromiumPath, chromiumArgs } = await server.ssrLoadModule('/test/browser-env.ts');
const { environments } = await server.ssrLoadModule('/src/core/envs/index.ts');
const envs = files
  .map((f) => ({ envId: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(`${EPISODES}/${f}`, 'utf8')) }))
  .sort((a, b) => order.indexOf(a.envId) - order.indexOf(b.envId))
  .map((s) => ({ ...s, name: environments[s.envId]?.name ?? s.envId }));
const model = envs[0].model;
const slug = model
  .replace(/[^A-Za-z0-9.-]+/g, '-')
  .replace(/-+$/, '')
  .toLowerCase();
const out = process.argv[2] ?? `docs/plasticity-${slug}.png`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(new URL('/bench/real/report/index.html', server.resolvedUrls.local[0]).href);
  await page.waitForFunction(() => typeof window.renderReport === 'function');
  const title = `Accuracy by turn, ${model}, starter preset (plasticity benchmark)`;
  await page.evaluate(([data, t]) => window.renderReport(data, t), [envs, title]);
  await page.locator('#report svg').first().waitFor();
  await page.locator('#report').screenshot({ path: out });
  console.log(`\nSaved ${out}.`);
} finally {
  await browser.close();
  await server.close();
}
