/**
 * The cold model list (issue 16): the production build, served by `vite preview`, opened at
 * `#/models` in a fresh browser context (empty HTTP cache, no service worker, no storage), timed from
 * navigation start to the first model row on screen.
 *
 * Its floor is the same build and the same visit with web-llm unreachable (every request for its
 * chunk answered 404 by the server): the list as a build that reads only the static JSON would show it. Rounds alternate
 * between the two so that a slow moment of the machine falls on both; each figure is the median.
 * It also says whether a cold visit fetched web-llm at all, and how many bytes of JavaScript it fetched.
 */
import { chromium } from 'playwright-core';
import { preview, runnerImport } from 'vite';
import { join } from 'node:path';

/** How long a visit goes on after the first row, for the fetches the list's page makes after it. */
const AFTER_READY_MS = 3000;

/** Recorded in the page: when the Models heading and the first model row first appear. */
function markTimes() {
  const marks = {};
  const seen = () => {
    if (marks.heading === undefined && document.getElementById('models-title'))
      marks.heading = performance.now();
    if (marks.row === undefined && document.querySelector('[data-testid="model-row"]'))
      marks.row = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  Object.defineProperty(window, '__modelListMarks', { value: marks });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * What the server sends, and what it refuses: the page's and its workers' requests alike (a browser
 * context's own network events miss a worker's). One visit at a time, so one log serves them all.
 */
function servedLog() {
  const state = { blocked: [], served: [] };
  const plugin = {
    name: 'bench-served-log',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (state.blocked.some((name) => path.endsWith(name))) {
          res.statusCode = 404;
          res.end();
          return;
        }
        let bytes = 0;
        const write = res.write.bind(res);
        const end = res.end.bind(res);
        res.write = (chunk, ...rest) => {
          if (chunk) bytes += Buffer.byteLength(chunk);
          return write(chunk, ...rest);
        };
        res.end = (chunk, ...rest) => {
          if (chunk && typeof chunk !== 'function') bytes += Buffer.byteLength(chunk);
          state.served.push({ path, bytes });
          return end(chunk, ...rest);
        };
        next();
      });
    },
  };
  return { state, plugin };
}

/**
 * One cold visit; `log.state.blocked` names the asset files refused during it.
 * @returns milliseconds to the heading and to the first row, and what the server sent.
 */
async function visit(browser, url, log, blocked) {
  log.state.blocked = blocked;
  log.state.served = [];
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await context.addInitScript(markTimes);
    const page = await context.newPage();
    await page.goto(`${url}#/models`);
    await page.waitForSelector('[data-testid="model-row"]', { timeout: 120_000 });
    const marks = await page.evaluate(() => ({ ...window.__modelListMarks }));
    // What the page asks for once the list is up (its cache column) counts as fetched too.
    await page.waitForTimeout(AFTER_READY_MS);
    const js = log.state.served.filter((f) => f.path.endsWith('.js'));
    return {
      heading: marks.heading,
      row: marks.row,
      jsBytes: js.reduce((n, f) => n + f.bytes, 0),
      paths: js.map((f) => f.path),
    };
  } finally {
    await context.close();
  }
}

/**
 * Times the cold model list against its floor.
 * @param {{ root: string, outDir: string, webllmChunks: string[], rounds?: number, say: (line: string) => void }} options
 *   `webllmChunks`: the build's asset names that hold web-llm (the floor refuses them).
 * @returns bench rows
 */
export async function modelListCold({ root, outDir, webllmChunks, rounds = 5, say }) {
  if (webllmChunks.length === 0) throw new Error('no chunk of the build holds web-llm: nothing to refuse');
  const { module: env } = await runnerImport(join(root, 'test/browser-env.ts'));
  const log = servedLog();
  const server = await preview({
    root,
    plugins: [log.plugin],
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
  });
  const browser = await chromium.launch({
    executablePath: env.chromiumPath(),
    args: env.chromiumArgs,
    headless: true,
  });
  try {
    const url = server.resolvedUrls.local[0];
    await visit(browser, url, log, []); // the server's and the disk's first read, not timed
    const shipped = [];
    const floor = [];
    for (let round = 0; round < rounds; round++) {
      shipped.push(await visit(browser, url, log, []));
      floor.push(await visit(browser, url, log, webllmChunks));
    }
    const fetchedWebllm = shipped.some((v) => v.paths.some((u) => webllmChunks.some((c) => u.endsWith(c))));
    const ready = median(shipped.map((v) => v.row));
    const floorReady = median(floor.map((v) => v.row));
    const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
    say(
      `model list cold: shipped ${shipped.map((v) => v.row.toFixed(0)).join(', ')} ms; ` +
        `web-llm refused ${floor.map((v) => v.row.toFixed(0)).join(', ')} ms`,
    );
    return [
      {
        id: 'bundle.model-list-cold',
        figure: 'Model list ready, cold ÷ the same visit with web-llm refused',
        value: Number((ready / floorReady).toFixed(2)),
        unit: '×',
        target: { op: '<=', value: 1.1 },
        detail:
          `median first model row ${ready.toFixed(0)} ms vs ${floorReady.toFixed(0)} ms ` +
          `(heading ${median(shipped.map((v) => v.heading)).toFixed(0)} ms); ${rounds} cold visits each ` +
          `(production build, vite preview, fresh context); JS fetched ${kb(median(shipped.map((v) => v.jsBytes)))} ` +
          `vs ${kb(median(floor.map((v) => v.jsBytes)))}`,
        data: { shipped, floor },
      },
      {
        id: 'bundle.model-list-no-webllm',
        figure: 'A cold visit to the model list fetches no web-llm',
        value: fetchedWebllm ? 'NO' : 'yes',
        unit: '',
        target: { op: 'is', value: 'yes' },
        detail: fetchedWebllm
          ? `fetched ${webllmChunks.join(', ')}`
          : `never fetched ${webllmChunks.join(', ')}`,
      },
    ];
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(() => resolve()));
  }
}
