/**
 * Issue 16: the import's peak memory ÷ the file's size. A file of `importEpisodes` (default 50,000)
 * synthetic episodes is built as a Blob of Blobs (so the page never holds it as one string), the heap
 * is collected, and the import runs through the lab (`importHistory`, as the worker runs it) while
 * the JS heap is sampled every few milliseconds and collected every ~100 ms: the peak of the
 * collected heap above the starting heap is the memory the import holds (the peak with garbage not
 * yet collected is reported beside it). The streaming import reads the file in chunks and writes in bounded batches, so
 * the ratio should stay far below 1 (goal ≤ 0.25); reading it whole (`Blob.text()` and a parse)
 * would be ≥ 2.
 * Needs Chromium's `--enable-precise-memory-info` and `--js-flags=--expose-gc` (scripts/bench.mjs).
 */
import { episodeLine, headerLine, JSONL_TYPE, SCHEMA_VERSION, type LabStore } from '../../src/store';
import { syntheticHistory } from '../../test/helpers/history-fixtures';
import { storeOnlyLab } from '../../test/helpers/lab-services';
import type { BenchRow } from './bench-row';

const BATCH = 1_000;

interface MemoryInfo {
  usedJSHeapSize: number;
}

function heapUsed(): number {
  const memory = (performance as Performance & { memory?: MemoryInfo }).memory;
  if (memory === undefined) throw new Error('performance.memory is missing: run this in Chromium.');
  return memory.usedJSHeapSize;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined)
    throw new Error('gc() is missing: start Chromium with --js-flags=--expose-gc (scripts/bench.mjs does).');
  gc();
}

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const episodes = Number(params.get('importEpisodes') ?? 50_000);
  const name = `bench-import-memory-${crypto.randomUUID()}`;
  const stores: LabStore[] = [];
  try {
    const parts: Blob[] = [
      new Blob([
        headerLine({ schemaVersion: SCHEMA_VERSION, appVersion: 'bench', exportedAt: 0 }, episodes),
        '\n',
      ]),
    ];
    for (let done = 0; done < episodes; done += BATCH) {
      const items = syntheticHistory(Math.min(BATCH, episodes - done), {
        turns: 3,
        seed: 7 + done,
        startAt: Date.UTC(2025, 0, 1) + done * 60_000,
      });
      parts.push(new Blob(items.map((item) => `${episodeLine(item)}\n`)));
    }
    const file = new Blob(parts, { type: JSONL_TYPE });
    const lab = storeOnlyLab(name, { appVersion: 'bench', onOpen: (s) => stores.push(s) });
    await lab.historyFacets(); // the store open and its upgrade, before the baseline
    collect();
    const before = heapUsed();
    let peak = before;
    let livePeak = before;
    let ticks = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, heapUsed());
      // Every 20th sample (~100 ms) collects first: the heap then holds only what the import keeps.
      if (++ticks % 20 === 0) {
        collect();
        livePeak = Math.max(livePeak, heapUsed());
      }
    }, 5);
    const started = performance.now();
    const result = await lab.importHistory(file);
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, heapUsed());
    if (!result.ok || result.imported !== episodes)
      throw new Error(`import failed: ${JSON.stringify(result).slice(0, 300)}`);
    const ratio = (livePeak - before) / file.size;
    return [
      {
        id: 'import-memory.peak-over-file',
        figure: `import peak live memory ÷ file size (${(episodes / 1000).toFixed(0)}k episodes)`,
        value: Number(ratio.toFixed(3)),
        unit: '×',
        target: { op: '<=', value: 0.25 },
        detail:
          `${(file.size / 1e6).toFixed(1)} MB file: the live JS heap (collected every ~100 ms) peaked ` +
          `${((livePeak - before) / 1e6).toFixed(1)} MB above the ${(before / 1e6).toFixed(1)} MB it started at; ` +
          `with uncollected garbage, ${((peak - before) / 1e6).toFixed(1)} MB (over ${(ms / 1000).toFixed(1)} s)`,
        data: { fileBytes: file.size, heapBefore: before, heapPeak: peak, liveHeapPeak: livePeak, ms },
      },
    ];
  } finally {
    for (const s of stores) s.close();
    indexedDB.deleteDatabase(name);
  }
}
