/**
 * The browser benchmark page: runs every `./*.bench-browser.ts` module in turn (or those named in
 * `?only=a,b`) and leaves their rows on `window.__bench` for `scripts/bench.mjs` to collect.
 * `train-*` modules run only when named. Other query parameters are handed to each module's `run` (e.g. `?episodes=50&rounds=2`).
 */
import type { BenchRow, BrowserBench } from './bench-row';

export interface BenchPageResult {
  done: boolean;
  rows: BenchRow[];
  failures: { bench: string; error: string }[];
  userAgent: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

declare global {
  interface Window {
    __bench?: BenchPageResult;
  }
}

const modules = import.meta.glob<BrowserBench>('./*.bench-browser.ts');

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const only = params.get('only')?.split(',').filter(Boolean);
  const result: BenchPageResult = {
    done: false,
    rows: [],
    failures: [],
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
  window.__bench = result;
  const out = document.getElementById('out');
  for (const [path, load] of Object.entries(modules).sort(([a], [b]) => a.localeCompare(b))) {
    const bench = path.replace(/^\.\//, '').replace(/\.bench-browser\.ts$/, '');
    if (only && !only.includes(bench)) continue;
    // The training benchmarks take minutes: they run when named (`--only train`), never by default.
    if (!only && bench.startsWith('train-')) continue;
    const started = performance.now();
    console.log(`[bench] ${bench}: running`);
    try {
      const rows = await (await load()).run(params);
      result.rows.push(...rows);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`[bench] ${bench}: ${rows.length} figure(s) in ${seconds} s`);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      result.failures.push({ bench, error: text });
      console.log(`[bench] ${bench}: FAILED ${text}`);
    }
    if (out) out.textContent = JSON.stringify(result.rows, null, 2);
  }
  result.done = true;
}

void main();
