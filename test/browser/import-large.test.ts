/**
 * An export past V8's string limit (~512 MiB: `Blob.text()` of it comes back empty) imports back,
 * in real Chromium: streamed line by line, every episode stored, and exported again byte for byte.
 * The file is generated here, from a few distinct pieces referenced many times (a Blob part shared
 * by every line), so neither the test nor the repository holds 600 MB of text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LabService } from '../../src/lab/lab-service';
import {
  JSONL_TYPE,
  SCHEMA_VERSION,
  headerLine,
  type EpisodeWithTurns,
  type LabStore,
} from '../../src/store';
import { syntheticHistory } from '../helpers/history-fixtures';
import { storeOnlyLab } from '../helpers/lab-services';

/** V8's longest string (String::kMaxLength on 64-bit), in UTF-16 code units. */
const V8_MAX_STRING = 2 ** 29 - 24;
const EPISODES = 2_400;
/** Each episode's attempt: 256 KiB of ASCII, the same bytes in every line. */
const ATTEMPT_BYTES = 256 * 1024;

const names: string[] = [];
const stores: LabStore[] = [];

function service(): LabService {
  const name = `import-large-${crypto.randomUUID()}`;
  names.push(name);
  return storeOnlyLab(name, { appVersion: 'test', clock: () => 1, onOpen: (s) => stores.push(s) });
}

afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  for (const name of names.splice(0)) {
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
});

/**
 * An export of EPISODES one-turn episodes, each line its own id around the shared attempt: the file
 * as this lab's export writes it (the same JSON.stringify), so a re-export can be compared to it.
 */
function largeExport(lastLine?: string): Blob {
  const template = syntheticHistory(1, { turns: 1, seed: 3 })[0]!;
  const MARK = '@@ATTEMPT@@';
  // A pattern with no character JSON escapes, so the shared part reads the same inside any line.
  const pattern = 'Up, then left twice; no, right. ';
  const attempt = new Blob([
    pattern.repeat(Math.ceil(ATTEMPT_BYTES / pattern.length)).slice(0, ATTEMPT_BYTES),
  ]);
  const header = { schemaVersion: SCHEMA_VERSION, appVersion: 'test', exportedAt: 1 };
  const parts: BlobPart[] = [headerLine(header, EPISODES), '\n'];
  for (let i = 0; i < EPISODES; i++) {
    const item: EpisodeWithTurns = {
      episode: { ...template.episode, id: `large-${String(i).padStart(5, '0')}`, startedAt: 1_000 + i },
      turns: [{ ...template.turns[0]!, attempt: MARK }],
    };
    const [before, after] = JSON.stringify(item).split(MARK) as [string, string];
    parts.push(before, attempt, after, '\n');
  }
  if (lastLine !== undefined) parts.splice(-4, 4, lastLine, '\n');
  return new Blob(parts, { type: JSONL_TYPE });
}

/** Whether two files hold the same bytes, read side by side as streams (neither is held whole). */
async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  const ra = a.stream().getReader();
  const rb = b.stream().getReader();
  let x = new Uint8Array(0);
  let y = new Uint8Array(0);
  for (;;) {
    if (x.length === 0) {
      const next = await ra.read();
      if (next.done) break;
      x = next.value;
    }
    if (y.length === 0) {
      const next = await rb.read();
      if (next.done) return false;
      y = next.value;
    }
    const n = Math.min(x.length, y.length);
    if (indexedDB.cmp(x.subarray(0, n), y.subarray(0, n)) !== 0) return false;
    x = x.subarray(n);
    y = y.subarray(n);
  }
  return y.length === 0 && (await rb.read()).done === true;
}

/**
 * Samples the page's JS heap (Chromium's `performance.memory`) until stopped.
 * @returns stop(): the peak growth over the heap at the start, in bytes.
 */
function heapWatch(): { stop(): number } {
  const used = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, used()) - base;
    },
  };
}

/** `fn`'s result; a failure names the step it failed in (a Blob read fails with a bare 'network error'). */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new Error(`${name} failed: ${String(error)}`, { cause: error });
  }
}

describe('import of an export past the string limit', () => {
  it(
    'streams a 600+ MB file into the store and exports it back byte for byte',
    { timeout: 300_000 },
    async () => {
      const file = largeExport();
      expect(file.size).toBeGreaterThan(V8_MAX_STRING);
      const lab = service();

      const heap = heapWatch();
      let start = performance.now();
      const result = await step('import', () => lab.importHistory(file));
      const importMs = performance.now() - start;
      const heapGrowth = heap.stop();
      // Streamed: the file is never held whole. (What grows is garbage not yet collected: 170-350 MB
      // here for files of 0.6-1.3 GB, not in proportion to the file.)
      expect(heapGrowth).toBeLessThan(file.size);
      expect(result).toEqual({ ok: true, imported: EPISODES, skipped: 0, skippedIds: [] });
      expect((await lab.queryHistory()).total).toBe(EPISODES);
      const last = await lab.getEpisode(`large-${String(EPISODES - 1).padStart(5, '0')}`);
      expect(last?.turns[0]?.attempt.length).toBe(ATTEMPT_BYTES);

      start = performance.now();
      const exported = await step('export', () => lab.exportHistory());
      const exportMs = performance.now() - start;
      start = performance.now();
      expect(await step('compare', () => sameBytes(exported, file))).toBe(true);
      const compareMs = performance.now() - start;
      console.log(
        `large import: ${(file.size / 1e6).toFixed(0)} MB, ${EPISODES} episodes; import ${importMs.toFixed(0)} ms ` +
          `(JS heap peak +${(heapGrowth / 1e6).toFixed(0)} MB), ` +
          `export ${exportMs.toFixed(0)} ms, compare ${compareMs.toFixed(0)} ms`,
      );
    },
  );

  it(
    'writes nothing when the last line of such a file is bad, and names that line',
    { timeout: 120_000 },
    async () => {
      const file = largeExport('{"episode": {"id": "cut short');
      expect(file.size).toBeGreaterThan(V8_MAX_STRING);
      const lab = service();
      const result = await step('import', () => lab.importHistory(file));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual([
        { line: EPISODES + 1, reason: expect.stringMatching(/Not valid JSON/) },
      ]);
      expect((await lab.queryHistory()).total).toBe(0);
    },
  );
});
