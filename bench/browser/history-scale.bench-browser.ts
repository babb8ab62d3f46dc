/**
 * Issue 16: the History at 50,000 stored episodes on an on-disk profile (the bench page runs in a
 * persistent Chromium profile, see scripts/bench.mjs), each figure a ratio to its floor timed in the
 * same run:
 *  - History open (first page + filter menus, what the page asks first, from a new lab worker) ÷ the
 *    raw first page (newest 50 by the startedAt index) + count;
 *  - each filter and sort the page offers ÷ the same page read raw (its 50 records by key, and the
 *    match count from an index where one counts it);
 *  - the first text search (a new worker) ÷ a raw read of every episode's search text (store
 *    `search`, kept apart from the turns).
 * Medians of `rounds` runs (default 3), each from a fresh `LabService`, as a new tab would start.
 * Parameters: `scale` (episodes, default 50,000), `rounds`.
 */
import { openDB } from 'idb';
import type { EpisodeQuery } from '../../src/core/episode-query';
import type { LabService } from '../../src/lab/lab-service';
import { EPISODE_INDEXES, exportEpisodesJsonl, STORES, type LabStore } from '../../src/store';
import { syntheticHistory } from '../../test/helpers/history-fixtures';
import { storeOnlyLab } from '../../test/helpers/lab-services';
import { idle, median, type BenchRow } from './bench-row';

const BATCH = 5_000;
const PAGE = 50;
const HEADER = { schemaVersion: 2, appVersion: 'bench', exportedAt: 0 };

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const scale = Number(params.get('scale') ?? 50_000);
  const rounds = Number(params.get('rounds') ?? 3);
  const name = `bench-history-scale-${crypto.randomUUID()}`;
  const stores: LabStore[] = [];
  const fresh = (): LabService =>
    storeOnlyLab(name, { appVersion: 'bench', onOpen: (store) => stores.push(store) });
  try {
    // Seed in batches (a 50,000-episode file would be one very large string here).
    const seeding = fresh();
    for (let done = 0; done < scale; done += BATCH) {
      const count = Math.min(BATCH, scale - done);
      const items = syntheticHistory(count, {
        turns: 3,
        seed: 1 + done,
        startAt: Date.UTC(2025, 0, 1) + done * 60_000,
      });
      const result = await seeding.importHistory(exportEpisodesJsonl(HEADER, items));
      if (!result.ok) throw new Error(`seeding failed: ${JSON.stringify(result.errors.slice(0, 2))}`);
      await idle();
    }
    for (const s of stores.splice(0)) s.close();

    const db = await openDB(name);
    /** The floor of a page: its records by key, pipelined in one transaction, and a count. */
    const rawPage = async (ids: readonly string[], count: () => Promise<number>) => {
      const tx = db.transaction([STORES.episodes], 'readonly');
      const episodes = tx.objectStore(STORES.episodes);
      await Promise.all([...ids.map((id) => episodes.get(id)), count()]);
    };
    const rawFirstPage = async () => {
      const tx = db.transaction([STORES.episodes], 'readonly');
      const store = tx.objectStore(STORES.episodes);
      const rows: unknown[] = [];
      let cursor = await store.index(EPISODE_INDEXES.startedAt).openCursor(null, 'prev');
      while (cursor && rows.length < PAGE) {
        rows.push(cursor.value);
        cursor = await cursor.continue();
      }
      await store.count();
    };
    // The floor of a first search: the search text of every episode, read raw.
    const rawSearchText = async () => {
      await db.transaction([STORES.search], 'readonly').objectStore(STORES.search).getAll();
    };

    const samples = new Map<string, { lab: number[]; floor: number[] }>();
    const record = (label: string, lab: number, floor: number) => {
      const entry = samples.get(label) ?? { lab: [], floor: [] };
      entry.lab.push(lab);
      entry.floor.push(floor);
      samples.set(label, entry);
    };
    const queries: [string, EpisodeQuery][] = [
      ['environment', { envId: 'maze' }],
      ['status', { status: 'failed' }],
      ['condition', { conditionKind: 'rule-teacher' }],
      ['model', { studentModel: 'human' }],
      ['environment + condition', { envId: 'maze', conditionKind: 'rule-teacher' }],
      ['solved soonest', { sort: 'solved-soonest' }],
    ];
    for (let round = 0; round < rounds; round++) {
      // History open: what the page asks first, from a new worker.
      const open = fresh();
      const labOpen = await timed(() =>
        Promise.all([open.queryHistory({ limit: PAGE }), open.historyFacets()]),
      );
      record('open', labOpen, await timed(rawFirstPage));
      for (const [label, query] of queries) {
        const lab = fresh();
        let ids: string[] = [];
        const labMs = await timed(async () => {
          ids = (await lab.queryHistory({ ...query, limit: PAGE })).rows.map((r) => r.id);
        });
        const countIndex =
          query.envId && !query.conditionKind
            ? EPISODE_INDEXES.envId
            : query.status
              ? EPISODE_INDEXES.status
              : query.conditionKind && !query.envId
                ? EPISODE_INDEXES.conditionKind
                : query.studentModel
                  ? EPISODE_INDEXES.studentModel
                  : null;
        const key = query.envId ?? query.status ?? query.conditionKind ?? query.studentModel;
        const floor = await timed(() =>
          rawPage(ids, async () => {
            const tx = db.transaction([STORES.episodes], 'readonly');
            const store = tx.objectStore(STORES.episodes);
            return countIndex && key !== undefined ? store.index(countIndex).count(key) : store.count();
          }),
        );
        record(label, labMs, floor);
      }
      const search = fresh();
      const searchMs = await timed(() => search.queryHistory({ text: 'look again', limit: PAGE }));
      record('first text search', searchMs, await timed(rawSearchText));
      for (const s of stores.splice(0)) s.close();
      await idle();
    }
    db.close();

    const ratio = (label: string) => {
      const s = samples.get(label)!;
      return { lab: median(s.lab), floor: median(s.floor), ratio: median(s.lab) / median(s.floor) };
    };
    const row = (id: string, figure: string, label: string, goal: number): BenchRow => {
      const r = ratio(label);
      return {
        id: `history-scale.${id}`,
        figure,
        value: Number(r.ratio.toFixed(2)),
        unit: '×',
        target: { op: '<=', value: goal },
        detail: `${scale.toLocaleString('en')} episodes on disk: ${r.lab.toFixed(0)} ms vs floor ${r.floor.toFixed(0)} ms (medians of ${rounds})`,
        data: r,
      };
    };
    return [
      row('open', `History open, ${scale / 1000}k on disk ÷ raw first page + count`, 'open', 1.5),
      ...queries.map(([label]) =>
        row(
          label.replace(/\W+/g, '-'),
          `History ${label}, ${scale / 1000}k ÷ the same page read raw`,
          label,
          2,
        ),
      ),
      row(
        'search',
        `First text search, ${scale / 1000}k ÷ raw read of the search text`,
        'first text search',
        1.5,
      ),
    ];
  } finally {
    for (const s of stores) s.close();
    indexedDB.deleteDatabase(name);
  }
}
