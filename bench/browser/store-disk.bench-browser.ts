/**
 * Issue 16: the store's export, import and second-tab figures on an on-disk profile (the bench page
 * runs in a persistent Chromium profile, scripts/bench.mjs), at `diskEpisodes` (default 10,000)
 * episodes of 5 turns, each a ratio to its floor timed in the same run (bench/shared/store-floors.ts):
 *  - export ÷ (the stored records read raw + the ready lines made into a file);
 *  - import into an empty store ÷ the same records written raw (episodes, transcripts, search text);
 *  - a second tab's first history page while another tab runs an episode ÷ the same with none.
 * Medians of `rounds` (default 3; the second tab 9) runs.
 */
import type { LabService } from '../../src/lab/lab-service';
import { holdEpisodeLock } from '../../src/lab/locks';
import { episodeLine, exportEpisodesJsonl, openLabStore, type LabStore } from '../../src/store';
import { syntheticHistory } from '../../test/helpers/history-fixtures';
import { storeOnlyLab } from '../../test/helpers/lab-services';
import {
  emptyLabDatabase,
  fileFloor,
  READ_STORES,
  readRecordsRaw,
  WRITTEN_STORES,
  writeRecordsRaw,
} from '../shared/store-floors';
import { idle, median, type BenchRow } from './bench-row';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const episodes = Number(params.get('diskEpisodes') ?? 10_000);
  const rounds = Number(params.get('rounds') ?? 3);
  const names: string[] = [];
  const stores: LabStore[] = [];
  const fresh = (name: string): LabService => {
    if (!names.includes(name)) names.push(name);
    return storeOnlyLab(name, { appVersion: 'bench', onOpen: (s) => stores.push(s) });
  };
  try {
    const items = syntheticHistory(episodes, { turns: 5, seed: 42 });
    const file = new Blob([
      exportEpisodesJsonl({ schemaVersion: 1, appVersion: 'bench', exportedAt: 0 }, items),
    ]);
    const lines = items.map(episodeLine);
    const main = `bench-store-disk-${crypto.randomUUID()}`;
    const lab = fresh(main);
    const seeded = await lab.importHistory(file);
    if (!seeded.ok || seeded.imported !== episodes) throw new Error('The data set did not import.');
    const written = await readRecordsRaw(main, WRITTEN_STORES);
    await idle();

    const t = {
      export: [] as number[],
      read: [] as number[],
      file: [] as number[],
      import: [] as number[],
      write: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      t.export.push(
        await timed(async () => {
          const blob = await lab.exportHistory();
          if ((await blob.slice(-1).text()) !== '\n')
            throw new Error('The export does not end in a line end.');
        }),
      );
      t.read.push(await timed(() => readRecordsRaw(main, READ_STORES)));
      t.file.push(await timed(() => fileFloor(lines)));
      const into = `bench-store-disk-import-${crypto.randomUUID()}`;
      t.import.push(
        await timed(async () => {
          const result = await fresh(into).importHistory(file);
          if (!result.ok || result.imported !== episodes) throw new Error('import failed');
        }),
      );
      const raw = `bench-store-disk-raw-${crypto.randomUUID()}`;
      names.push(raw);
      await emptyLabDatabase(raw);
      t.write.push(await timed(() => writeRecordsRaw(raw, WRITTEN_STORES, written)));
      await idle();
    }

    // A second tab's lab worker starting: its first history page, idle and while another tab runs an
    // episode (holds its Web Lock), alternated so drift hits both alike.
    const store = await openLabStore({ name: main });
    stores.push(store);
    const model = items.find((i) => i.episode.studentModel !== 'human')!;
    const tab = { idle: [] as number[], busy: [] as number[] };
    for (let round = 0; round < rounds * 3; round++) {
      tab.idle.push(await timed(() => fresh(main).queryHistory({ limit: 50 })));
      await idle();
      const other = await store.createEpisode({
        config: model.episode.config,
        task: model.episode.task,
        startedAt: 0,
        appVersion: 'bench',
      });
      const release = await holdEpisodeLock(other.id);
      try {
        tab.busy.push(await timed(() => fresh(main).queryHistory({ limit: 50 })));
      } finally {
        await release();
      }
      // The labs started so far mark it interrupted once its lock is gone: let that write end first.
      for (let i = 0; i < 100 && (await store.getEpisode(other.id))?.episode.status === 'running'; i++)
        await new Promise((r) => setTimeout(r, 20));
      await idle();
    }

    const m = (xs: number[]) => median(xs);
    const row = (
      id: string,
      figure: string,
      lab: number,
      floor: number,
      goal: number,
      what: string,
    ): BenchRow => ({
      id: `store-disk.${id}`,
      figure,
      value: Number((lab / floor).toFixed(2)),
      unit: '×',
      target: { op: '<=', value: goal },
      detail: `${episodes.toLocaleString('en')} episodes × 5 turns on disk: ${lab.toFixed(0)} ms vs ${what} ${floor.toFixed(0)} ms (medians)`,
      data: { lab, floor, samples: t, secondTab: tab },
    });
    const k = `${episodes / 1000}k`;
    return [
      row(
        'export',
        `export ÷ its floor, ${k} on disk`,
        m(t.export),
        m(t.read) + m(t.file),
        1.5,
        'raw read + file',
      ),
      row('import', `import ÷ its floor, ${k} on disk`, m(t.import), m(t.write), 1.2, 'raw write'),
      row(
        'second-tab',
        `second tab first read while another tab runs ÷ idle, ${k} on disk`,
        m(tab.busy),
        m(tab.idle),
        1.1,
        'idle',
      ),
    ];
  } finally {
    for (const s of stores) s.close();
    for (const name of names) indexedDB.deleteDatabase(name);
  }
}
