/**
 * `npm run bench`: every benchmark of the project, then one table of every figure with its target.
 *
 * Steps (each one's output goes to bench-results/<step>.log; a failed step is reported, the rest run):
 *   node    Vitest benchmarks in Node (`bench/*.bench.ts`): environment generate/verify rates, and the
 *           leak guard's catch and false-positive rates on the labelled set (read from
 *           bench-results/leak-guard.json, which bench/leak-guard.bench.ts writes).
 *   store   Vitest browser-mode benchmarks (`bench/vitest.*.config.ts`, e.g. the history store); their
 *           figures are read from the JSON reports they write under bench-results/.
 *   browser The browser benchmark page (`bench/browser/*.bench-browser.ts`) on the lab's own Vite dev
 *           server (COOP/COEP as in the app), in headless Chromium driven by playwright-core, with a
 *           persistent profile in a temporary folder (IndexedDB on disk, as people have it).
 *   bundle  A production build to a temp folder: gzip size of what the page loads before first paint,
 *           a check that web-llm and wllama are only in the worker's chunks, and the cold model list
 *           against the same visit with web-llm refused (scripts/bench-model-list.mjs).
 *   server  The real llama-server (built by `npm run models`) through the lab's OpenAI engine: episodes
 *           per minute with 4 requests at once ÷ one at a time, and prompt tokens re-processed per turn
 *           (`bench/real/parallel-server.real.ts`, rows read from bench-results/parallel-server.json).
 * Writes bench-results/summary.json. Exits 1 only when a step fails, not when a figure misses.
 *
 *   plasticity (opt-in, `--only plasticity`) The real model through llama-server: accuracy by turn and
 *           feedback-specific gain per environment and condition (bench/real/plasticity.real.ts).
 *   train   (opt-in, `--only train`) Issue 17: training tokens/s per model preset in Node (wasm) and in
 *           a Chromium worker (wasm, and WebGPU where there is an adapter), and the didactic model and
 *           its answers-only twin trained on one budget and judged on held-out items: each one's
 *           feedback-specific gain and didactic minus answers-only with its paired interval
 *           (bench/real/train.real.ts, bench/browser/train-throughput.bench-browser.ts).
 * Usage: node scripts/bench.mjs [--only node,store,browser,bundle,server,plasticity,train] [--bench a,b] [--quick] [--verbose]
 *   --bench    only these browser benchmarks (file names without .bench-browser.ts)
 *   --quick    fewer episodes (a smoke run; the figures are then less stable)
 *   --verbose  show each step's output as it runs
 * Chromium: /usr/bin/chromium or CHROMIUM_PATH (see test/browser-env.ts); nothing is downloaded.
 */
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { modelListCold } from './bench-model-list.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench-results');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const KB = 1024;

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? '').split(',')) : null;
const benchIndex = argv.indexOf('--bench');
const browserBenches = benchIndex >= 0 ? (argv[benchIndex + 1] ?? '') : null;
const quick = flag('quick');
const verbose = flag('verbose');

/** Targets of the environment rates (issue 3's brief): per second, on each default preset. */
const ENV_TARGETS = { generate: 10_000, verify: 50_000 };
/** Identifiers that only web-llm's or wllama's code contains; none may reach the page's own chunks. */
const ENGINE_MARKERS = ['MLCEngine', 'tvmjs', '@mlc-ai/web-llm', 'Wllama', '@wllama/wllama'];
const BUNDLE_TARGET_KB = 150;

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Run a command, its output into `log` (and the terminal with --verbose). Resolves with the exit code. */
function runLogged(command, args, log, env = {}) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(log);
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        out.write(chunk);
        if (verbose) process.stdout.write(chunk);
      });
    }
    child.on('error', reject);
    child.on('close', (code) => out.end(() => resolve(code ?? 1)));
  });
}

function tail(file, lines = 25) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const slug = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Whether `value` meets `target` ({ op, value }); null without a target. */
function meets(value, target) {
  if (!target || typeof value !== 'number' || Number.isNaN(value)) return null;
  switch (target.op) {
    case '<':
      return value < target.value;
    case '<=':
      return value <= target.value;
    case '>':
      return value > target.value;
    case '>=':
      return value >= target.value;
    default:
      throw new Error(`Unknown target operator ${target.op}`);
  }
}

function formatValue(value, unit) {
  if (typeof value !== 'number') return String(value);
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  const number = value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit === '×' ? `${number}×` : `${number} ${unit}`;
}

// ---------------------------------------------------------------------------------------------------
// Step: Vitest benchmarks in Node

/**
 * Rows of bench-results/leak-guard.json (written by bench/leak-guard.bench.ts): per environment and
 * overall, for the tuned and the blind part of the labelled set, the share of leaks the guard catches
 * and of honest teacher messages it flags, against issue 12's goals.
 */
function leakGuardRows(file) {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const percent = (x) => Number((x * 100).toFixed(1));
  return report.rows.flatMap((r) => {
    const where = `${r.envId === 'all' ? 'all environments' : r.envId}, ${r.part}`;
    const wrong = (label) => r.wrong.filter((w) => w.label === label).map((w) => JSON.stringify(w.text));
    return [
      {
        id: `leak-guard.${r.part}.${r.envId}.caught`,
        figure: `leak guard: leaks caught (${where})`,
        value: percent(r.caughtRate),
        unit: '%',
        target: { op: '>=', value: percent(report.goals.caught) },
        detail: `${r.caught} of ${r.leaks} leaking messages flagged${wrong('leak').length ? `; missed ${wrong('leak').join(', ')}` : ''}`,
        data: r,
      },
      {
        id: `leak-guard.${r.part}.${r.envId}.flagged`,
        figure: `leak guard: honest flagged (${where})`,
        value: percent(r.flaggedRate),
        unit: '%',
        target: { op: '<=', value: percent(report.goals.flagged) },
        detail: `${r.flagged} of ${r.honest} honest messages flagged${wrong('honest').length ? `: ${wrong('honest').join(', ')}` : ''}`,
      },
    ];
  });
}

async function nodeStep() {
  const json = join(RESULTS, 'vitest-node.json');
  const leakJson = join(RESULTS, 'leak-guard.json');
  rmSync(json, { force: true });
  rmSync(leakJson, { force: true });
  const log = join(RESULTS, 'node.log');
  const code = await runLogged(
    process.execPath,
    [VITEST, 'bench', '--run', '--project', 'unit', '--outputJson', json],
    log,
  );
  if (code !== 0 || !existsSync(json)) throw new Error(`vitest bench exited ${code}:\n${tail(log)}`);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  const rows = [];
  for (const file of report.files) {
    for (const group of file.groups) {
      for (const b of group.benchmarks) {
        // The median iteration is the typical cost; the mean (tinybench's hz) also counts the moments
        // the machine's other work preempted the benchmark, so it is kept beside it.
        const perSecond = 1000 / b.median;
        const env = /^(\w+): (generate|verify)\b.*\((\w+)\)$/.exec(b.name);
        const common = {
          value: Math.round(perSecond),
          unit: '/s',
          detail: `1 / median iteration (${b.median.toFixed(4)} ms); tinybench mean-based ${Math.round(b.hz).toLocaleString('en')}/s over ${b.sampleCount} samples`,
          data: { medianMs: b.median, meanMs: b.mean, hz: b.hz, p99Ms: b.p99, samples: b.sampleCount },
        };
        if (env) {
          const [, envId, kind, preset] = env;
          rows.push({
            id: `envs.${envId}.${kind}`,
            figure: `${envId}: ${kind === 'generate' ? 'items generated' : 'attempts verified'} (${preset})`,
            // The code environment runs attempts in a sandbox: the rate targets are for the others.
            ...(envId === 'code' ? {} : { target: { op: '>=', value: ENV_TARGETS[kind] } }),
            ...common,
          });
        } else {
          rows.push({ id: `node.${slug(b.name)}`, figure: b.name, ...common });
        }
      }
    }
  }
  rows.push(...leakGuardRows(leakJson));
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// Step: Vitest browser-mode benchmarks with their own configs (their JSON reports are read back)

/** Rows of a report in the shape `{ benchmark, rows: [{ measure, medianMs, targetMs }] }`. */
function rowsOfStoreReport(file, report) {
  const prefix = basename(file, '.json');
  return report.rows.map((r) => ({
    id: `${prefix}.${slug(r.measure)}`,
    figure: `${prefix}: ${r.measure}`,
    value: r.medianMs,
    unit: 'ms',
    ...(typeof r.targetMs === 'number' ? { target: { op: '<', value: r.targetMs } } : {}),
    detail: `median of ${r.runs} run(s), min ${r.minMs} ms, max ${r.maxMs} ms (${report.benchmark ?? prefix})`,
    data: r,
  }));
}

async function storeStep() {
  const configs = readdirSync(join(ROOT, 'bench')).filter((f) => /^vitest\..*\.config\.[mc]?[jt]s$/.test(f));
  if (configs.length === 0) return { rows: [], note: 'no bench/vitest.*.config.ts found' };
  const rows = [];
  const problems = [];
  for (const config of configs) {
    const started = Date.now();
    const log = join(RESULTS, `${basename(config).replace(/\.config\.[mc]?[jt]s$/, '')}.log`);
    const code = await runLogged(
      process.execPath,
      [VITEST, 'bench', '--run', '--config', `bench/${config}`],
      log,
    );
    // Reports written by this run: JSON files under bench-results/ newer than its start.
    const reports = readdirSync(RESULTS)
      .filter((f) => f.endsWith('.json') && statSync(join(RESULTS, f)).mtimeMs >= started)
      .map((f) => [f, JSON.parse(readFileSync(join(RESULTS, f), 'utf8'))])
      .filter(([, r]) => Array.isArray(r?.rows) && r.rows.every((x) => 'measure' in x && 'medianMs' in x));
    for (const [f, r] of reports) rows.push(...rowsOfStoreReport(f, r));
    if (code !== 0) problems.push(`${config} exited ${code}:\n${tail(log)}`);
    else if (reports.length === 0) problems.push(`${config} wrote no report under bench-results/`);
  }
  if (problems.length > 0) {
    const error = new Error(problems.join('\n'));
    error.rows = rows;
    throw error;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// Step: the browser benchmark page

async function browserStep(benches = browserBenches) {
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const log = createWriteStream(join(RESULTS, 'browser.log'));
  const say = (line) => {
    log.write(`${line}\n`);
    if (verbose || line.startsWith('[bench]')) console.log(`    ${line}`);
  };
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    // Its own dependency cache: node_modules may be shared with other checkouts whose dev servers
    // re-optimise into node_modules/.vite and delete the chunks this page is loading (seen here as
    // "Failed to fetch dynamically imported module" for jax-js's WebGPU chunk).
    cacheDir: join(os.tmpdir(), `plasticity-bench-vite-${slug(ROOT)}`),
    server: {
      port: 0,
      strictPort: false,
      host: '127.0.0.1',
      warmup: { clientFiles: ['./bench/browser/main.ts'] },
    },
    // Scan the bench page's imports at start-up, so no dependency is discovered (and the page
    // reloaded) half-way through a run.
    optimizeDeps: { entries: ['bench/browser/index.html', 'bench/browser/*.ts'] },
    logLevel: 'warn',
  });
  let browser;
  let profile;
  try {
    await server.listen();
    const base = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
    if (!base) throw new Error('The Vite dev server did not report a URL.');
    // The one place the tests keep Chromium's path and flags (TypeScript, loaded through Vite).
    const { chromiumPath, chromiumArgs } = await server.ssrLoadModule('/test/browser-env.ts');
    // A persistent profile in a temporary folder: IndexedDB on disk, as a person's browser keeps it
    // (an incognito context keeps it in memory, where the same query is ~35× cheaper).
    profile = mkdtempSync(join(os.tmpdir(), 'plasticity-bench-profile-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      // Precise heap sizes and gc() for the import's memory figure (import-memory.bench-browser.ts).
      args: [...chromiumArgs, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
      headless: true,
    });
    const page = await browser.newPage();
    page.on('console', (m) => say(m.text()));
    page.on('pageerror', (e) => say(`pageerror: ${e.message}`));
    const params = new URLSearchParams(
      quick ? { episodes: '40', warmup: '10', rounds: '3', realRounds: '1' } : {},
    );
    if (benches) params.set('only', benches);
    // The real model for parallel-wllama, as the dev server serves it (or realModel()'s message).
    const { realModel } = await server.ssrLoadModule('/test/real-models.ts');
    try {
      params.set('realModel', `/@fs${realModel().path}`);
    } catch (error) {
      params.set('realModelError', error.message);
    }
    await page.goto(`${base}/bench/browser/index.html?${params}`);
    await page.waitForFunction(() => window.__bench?.done === true, null, {
      // The real-model parallel benchmark alone takes several minutes on two cores.
      timeout: 40 * 60_000,
      polling: 500,
    });
    const result = await page.evaluate(() => window.__bench);
    if (!result.crossOriginIsolated) say('warning: the bench page is not cross-origin isolated');
    const rows = result.rows;
    if (result.failures.length > 0) {
      const error = new Error(result.failures.map((f) => `${f.bench}: ${f.error}`).join('\n'));
      error.rows = rows;
      throw error;
    }
    return {
      rows,
      environment: { userAgent: result.userAgent, crossOriginIsolated: result.crossOriginIsolated },
    };
  } finally {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await server.close();
    log.end();
  }
}

// ---------------------------------------------------------------------------------------------------
// Step: parallel episodes on the real llama-server

async function serverStep() {
  const json = join(RESULTS, 'parallel-server.json');
  rmSync(json, { force: true });
  const log = join(RESULTS, 'server.log');
  const code = await runLogged(
    process.execPath,
    [VITEST, 'run', '--config', 'bench/real/vitest.config.ts', 'bench/real/parallel-server.real.ts'],
    log,
    quick ? { BENCH_TASKS: '2' } : {},
  );
  if (code !== 0 || !existsSync(json)) throw new Error(`parallel-server exited ${code}:\n${tail(log)}`);
  return JSON.parse(readFileSync(json, 'utf8'));
}

// ---------------------------------------------------------------------------------------------------
// Step: bundle size

/** Asset file names (under assets/) that `text` mentions. */
function referencedAssets(text, assets) {
  return assets.filter((name) => text.includes(name));
}

async function bundleStep() {
  const outDir = join(os.tmpdir(), `plasticity-bench-build-${process.pid}`);
  const log = join(RESULTS, 'bundle.log');
  try {
    const code = await runLogged(
      process.execPath,
      [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      log,
      { NODE_ENV: 'production' },
    );
    if (code !== 0) throw new Error(`vite build exited ${code}:\n${tail(log)}`);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const assetsDir = join(outDir, 'assets');
    const assets = readdirSync(assetsDir);
    const read = (name) => readFileSync(join(assetsDir, name));
    const gz = (name) => gzipSync(read(name), { level: constants.Z_BEST_COMPRESSION }).length;
    const fromHtml = (re) => [...html.matchAll(re)].map((m) => basename(m[1]));

    // What the page loads before its first paint: its module scripts, their modulepreloads, its CSS.
    const scripts = fromHtml(/<script[^>]*type="module"[^>]*src="([^"]+)"/g);
    const preloads = fromHtml(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g);
    const styles = fromHtml(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
    const firstPaintJs = [...new Set([...scripts, ...preloads])];

    // Workers: files the page's chunks start with `new Worker(new URL(…))`; their chunks are what
    // those files reference, transitively. Everything else the page references loads later, lazily.
    const jsAssets = assets.filter((f) => f.endsWith('.js'));
    const workerEntries = new Set();
    const lazy = new Set();
    const queue = [...firstPaintJs];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const file = queue.shift();
      const text = read(file).toString('utf8');
      const workers = [...text.matchAll(/new (?:Shared)?Worker\(\s*new URL\(\s*[`'"]([^`'"]+)[`'"]/g)].map(
        (m) => basename(m[1]),
      );
      workers.forEach((w) => workerEntries.add(w));
      for (const ref of referencedAssets(text, jsAssets)) {
        if (seen.has(ref) || workerEntries.has(ref)) continue;
        seen.add(ref);
        lazy.add(ref);
        queue.push(ref);
      }
    }
    const workerFiles = new Set(workerEntries);
    const workerQueue = [...workerEntries];
    while (workerQueue.length > 0) {
      const file = workerQueue.shift();
      for (const ref of referencedAssets(read(file).toString('utf8'), jsAssets)) {
        if (!workerFiles.has(ref)) {
          workerFiles.add(ref);
          workerQueue.push(ref);
        }
      }
    }
    const pageFiles = [...firstPaintJs, ...[...lazy].filter((f) => !workerFiles.has(f))];
    const leaks = pageFiles.flatMap((file) => {
      const text = read(file).toString('utf8');
      return ENGINE_MARKERS.filter((m) => text.includes(m)).map((m) => `${file} contains "${m}"`);
    });
    const workerHasEngines = ['MLCEngine', 'Wllama'].every((m) =>
      [...workerFiles].some((f) => read(f).toString('utf8').includes(m)),
    );

    const describe = (files) => files.map((f) => ({ file: f, bytes: read(f).length, gzipBytes: gz(f) }));
    const js = describe(firstPaintJs);
    const css = describe(styles);
    const worker = describe([...workerFiles]);
    const lazyPage = describe([...lazy].filter((f) => !workerFiles.has(f)));
    const sum = (list) => list.reduce((n, f) => n + f.gzipBytes, 0);
    const jsKb = sum(js) / KB;
    const cssKb = sum(css) / KB;
    const list = (files) => files.map((f) => `${f.file} ${(f.gzipBytes / KB).toFixed(1)} KB`).join(', ');
    const data = { firstPaint: { js, css }, lazyPage, worker, leaks, workerEntries: [...workerEntries] };
    console.log(`    main thread before first paint: ${list(js)}; CSS ${list(css)}`);
    console.log(`    loaded later by the page: ${list(lazyPage) || 'nothing'}`);
    console.log(`    worker: ${list(worker)}`);
    // web-llm's own chunk: 'tvmjs' is in its runtime only (the worker's loader names MLCEngine too).
    const webllmChunks = [...workerFiles].filter((f) => read(f).toString('utf8').includes('tvmjs'));
    const modelList = await modelListCold({
      root: ROOT,
      outDir,
      webllmChunks,
      rounds: quick ? 2 : 7,
      say: (line) => console.log(`    ${line}`),
    });
    return [
      {
        id: 'bundle.first-paint-js',
        figure: 'Main-thread JS before first paint (gzip -9)',
        value: Number(jsKb.toFixed(1)),
        unit: 'KB',
        target: { op: '<=', value: BUNDLE_TARGET_KB },
        detail: `${list(js)} (production build)`,
        data,
      },
      {
        id: 'bundle.first-paint-js-css',
        figure: 'Main-thread JS + CSS before first paint (gzip -9)',
        value: Number((jsKb + cssKb).toFixed(1)),
        unit: 'KB',
        target: { op: '<=', value: BUNDLE_TARGET_KB },
        detail: `CSS: ${list(css)}`,
      },
      {
        id: 'bundle.worker',
        figure: "Worker's chunks (gzip -9, loaded off the main thread)",
        value: Number((sum(worker) / KB).toFixed(1)),
        unit: 'KB',
        detail: list(worker),
      },
      {
        id: 'bundle.engines-only-in-worker',
        figure: "web-llm and wllama only in the worker's chunks",
        value: leaks.length === 0 && workerHasEngines ? 'yes' : 'NO',
        unit: '',
        target: { op: 'is', value: 'yes' },
        detail:
          leaks.length > 0
            ? leaks.join('; ')
            : workerHasEngines
              ? `no page chunk contains ${ENGINE_MARKERS.join(', ')}; the worker's do`
              : 'the worker chunks do not contain both engines: the check found nothing to check',
      },
      ...modelList,
    ];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Summary

function judge(row) {
  if (row.target?.op === 'is') return row.value === row.target.value;
  return meets(row.value, row.target);
}

function targetText(target, unit) {
  if (!target) return '';
  if (target.op === 'is') return String(target.value);
  return `${target.op} ${formatValue(target.value, unit)}`;
}

function printTable(rows) {
  const table = rows.map((r) => [
    r.figure,
    formatValue(r.value, r.unit),
    targetText(r.target, r.unit),
    r.pass === null ? '' : r.pass ? 'met' : 'MISSED',
  ]);
  const header = ['Figure', 'Value', 'Target', 'Result'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const row of table) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------------
// Step: the plasticity benchmark with the real model (opt-in: `--only plasticity`; it takes long)

async function plasticityStep() {
  const log = join(RESULTS, 'plasticity.log');
  const code = await runLogged(
    process.execPath,
    [VITEST, 'run', '--config', 'bench/real/vitest.config.ts', 'bench/real/plasticity.real.ts'],
    log,
    quick ? { PLASTICITY_ITEMS: '4', PLASTICITY_TURNS: '3' } : {},
  );
  const json = join(RESULTS, 'plasticity.json');
  if (code !== 0 || !existsSync(json))
    throw new Error(`the plasticity benchmark exited ${code}:\n${tail(log)}`);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  const rows = report.rows.map((r) => ({
    id: `plasticity.${r.envId}.${slug(r.conditionKey)}`,
    figure: `${r.envId}, ${r.condition}: acc@1 / acc@${r.turnBudget}`,
    value: r.accK ?? NaN,
    unit: '',
    detail:
      `acc@1 ${r.acc1}, acc@K ${r.accK}, feedback gain vs retry ${r.feedbackGain ? JSON.stringify(r.feedbackGain) : '–'}, ` +
      `format failures ${r.formatFailureRate} over ${r.attempts} attempts, ${r.episodes} episodes`,
    data: r,
  }));
  rows.push({
    id: 'plasticity.episodes-per-minute-ratio',
    figure: `episodes/min, ${report.parallel} at once ÷ one at a time (llama-server)`,
    value: report.episodesPerMinute.ratio,
    unit: '×',
    target: { op: '>=', value: 2 },
    detail: `sequential ${report.episodesPerMinute.sequential.toFixed(1)}/min, parallel ${report.episodesPerMinute.parallel.toFixed(1)}/min`,
    data: report.episodesPerMinute,
  });
  return { rows, note: `${report.model}, ${report.items} items, ${report.turns} turns` };
}

// ---------------------------------------------------------------------------------------------------
// Step: training throughput and the judge of the twins (opt-in: `--only train`; about ten minutes)

const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}`);
const interval = (g) => (g ? `${pct(g.estimate)} [${pct(g.low)}, ${pct(g.high)}] points` : '–');

async function trainStep() {
  const log = join(RESULTS, 'train.log');
  const json = join(RESULTS, 'train.json');
  rmSync(json, { force: true });
  const code = await runLogged(
    process.execPath,
    [VITEST, 'run', '--config', 'bench/real/vitest.config.ts', 'bench/real/train.real.ts'],
    log,
    quick ? { TRAIN_STEPS: '60', TRAIN_JUDGE_TASKS: '10', TRAIN_THROUGHPUT_STEPS: '1' } : {},
  );
  if (code !== 0 || !existsSync(json)) throw new Error(`the train benchmark exited ${code}:\n${tail(log)}`);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  const rows = report.throughput.map((r) => ({
    id: `train.node.wasm.${r.preset}`,
    figure: `training tokens/s, ${r.preset}, Node wasm`,
    value: Math.round(r.tokensPerSec),
    unit: 'tokens/s',
    detail: `${r.parameters} parameters, batch ${r.batch} × context ${r.context}, ${r.steps} timed steps (first, compiling: ${r.firstStepMs.toFixed(0)} ms), one thread`,
    data: r,
  }));
  for (const point of report.curve) {
    const h = point.headline;
    const gains = point.models.map(
      (m) => `${m.role} ${interval(m.gain)} (rule ${pct(m.gain?.accRule)}%, retry ${pct(m.gain?.accRetry)}%)`,
    );
    rows.push({
      id: `train.judge.${point.steps}-steps.headline`,
      figure: `feedback-specific gain, didactic − answers-only, ${point.steps} steps (${Math.round(point.tokens / 1000)}k tokens)`,
      value: h ? Number((h.estimate * 100).toFixed(1)) : NaN,
      unit: 'points',
      target: { op: '>', value: 0 },
      detail:
        `95% item-bootstrap interval [${pct(h?.low)}, ${pct(h?.high)}] over ${h?.items} held-out items, ` +
        `sign test p ${h?.pValue?.toFixed(3)}; ${gains.join('; ')}; final loss didactic ` +
        `${point.finalLoss.didactic.toFixed(3)}, answers-only ${point.finalLoss.answersOnly.toFixed(3)}; ` +
        `${point.trainSeconds.toFixed(0)} s training, ${point.judgeSeconds.toFixed(0)} s judging ${point.episodes} episodes` +
        (h && h.low > 0 ? ' — the interval excludes zero' : ' — the interval does not exclude zero'),
      data: point,
    });
  }
  let browser;
  try {
    browser = await browserStep('train-throughput');
  } catch (error) {
    // Keep the Node figures when the browser half fails.
    error.rows = [...rows, ...(error.rows ?? [])];
    throw error;
  }
  rows.push(...browser.rows);
  return {
    rows,
    environment: browser.environment,
    note: `${report.recipe.envs.join('+')} ${report.recipe.preset}, ${report.tasks} held-out items`,
  };
}

/** Steps run by default; `--only` can also name the opt-in ones. */
const STEPS = {
  node: nodeStep,
  store: storeStep,
  browser: browserStep,
  bundle: bundleStep,
  server: serverStep,
};
const OPT_IN_STEPS = { plasticity: plasticityStep, train: trainStep };

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const steps = {};
  const rows = [];
  const environment = {};
  const chosen = only ? { ...STEPS, ...OPT_IN_STEPS } : STEPS;
  for (const [name, step] of Object.entries(chosen)) {
    if (only && !only.has(name)) continue;
    const started = performance.now();
    console.log(`▶ ${name}`);
    try {
      const result = await step();
      const stepRows = Array.isArray(result) ? result : result.rows;
      if (!Array.isArray(result) && result.environment) environment[name] = result.environment;
      rows.push(...stepRows);
      steps[name] = { ok: true, seconds: (performance.now() - started) / 1000, figures: stepRows.length };
      if (!Array.isArray(result) && result.note) steps[name].note = result.note;
    } catch (error) {
      rows.push(...(error.rows ?? []));
      steps[name] = {
        ok: false,
        seconds: (performance.now() - started) / 1000,
        error: String(error.message),
      };
      console.log(`  ✗ ${name} failed: ${error.message}`);
    }
    console.log(`  ${name}: ${steps[name].seconds.toFixed(0)} s`);
  }
  for (const row of rows) row.pass = judge(row);

  printTable(rows);
  const notes = rows.filter((r) => r.detail);
  console.log('\nHow each figure was measured:');
  for (const r of notes) console.log(`  ${r.figure}: ${r.detail}`);
  const missed = rows.filter((r) => r.pass === false);
  const failed = Object.entries(steps).filter(([, s]) => !s.ok);
  console.log(
    `\n${rows.length} figures, ${rows.filter((r) => r.pass === true).length} targets met, ${missed.length} missed` +
      (failed.length ? `; steps failed: ${failed.map(([n]) => n).join(', ')}` : ''),
  );

  const summary = {
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      loadAverageAtStart: loadBefore,
      loadAverageAtEnd: os.loadavg(),
      node: process.version,
      ...environment,
    },
    steps,
    rows,
  };
  const file = join(RESULTS, 'summary.json');
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`Saved ${relative(ROOT, file)} (logs beside it).`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

await main();
