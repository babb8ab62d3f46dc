/**
 * A disk that fills up mid-episode, through the lab worker's service on real IndexedDB in Chromium:
 * the store's writes fail with StorageFullError from a chosen moment on (as Chromium's do once the
 * quota is used up; test/e2e/storage-full.test.ts does it with a real quota). The episode must stop at
 * once, say how many turns are saved, and stay readable as settled and deletable: never a 'running'
 * zombie that nothing runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig, type HumanInput } from '../../src/core/protocol';
import { holdEpisodeLock } from '../../src/lab/locks';
import type { LabEvent } from '../../src/lab/lab-api';
import { LabService } from '../../src/lab/lab-service';
import { openLabStore, StorageFullError, type LabStore } from '../../src/store';
import { makeTurn } from '../helpers/store-fixtures';

const names: string[] = [];
const stores: LabStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});

/** A disk that can be filled: once `full`, every write the lab makes fails as a full quota does. */
class Disk {
  full = false;
  readonly name = `storage-full-${crypto.randomUUID()}`;

  constructor() {
    names.push(this.name);
  }

  async open(): Promise<LabStore> {
    const store = await openLabStore({ name: this.name });
    stores.push(store);
    for (const method of [
      'createEpisode',
      'appendTurn',
      'finishEpisode',
      'markRunningAsInterrupted',
    ] as const) {
      const real = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
      (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
        this.full ? Promise.reject(new StorageFullError()) : real(...args);
    }
    return store;
  }

  /** A LabService over this disk (a worker starting up). */
  lab(): LabService {
    return new LabService({
      openStore: () => this.open(),
      records: async () => [],
      loadEngine: async () => {
        throw new Error('no engines here');
      },
      appVersion: 'test',
    });
  }
}

const maze = environments.maze!;
const config = defaultEpisodeConfig('maze', {
  taskSeed: 4,
  index: 0,
  params: maze.presets.easy,
  student: { kind: 'human' },
  condition: { kind: 'rule-teacher', level: 1 },
});

describe('a full disk mid-episode', () => {
  it('stops the episode at once, says one turn of two is saved, and leaves it deletable', async () => {
    const disk = new Disk();
    const lab = disk.lab();
    const asked: number[] = [];
    const human: HumanInput = {
      attempt: async ({ turn }) => {
        asked.push(turn);
        // The disk fills up while the person types the second attempt.
        if (turn === 2) disk.full = true;
        // A third attempt would never come: the episode must not wait for it.
        return turn <= 2 ? 'U' : new Promise<string>(() => undefined);
      },
      feedback: async () => 'unused',
    };
    const events: LabEvent[] = [];
    const summary = await lab.runEpisode(config, (e) => events.push(e), human);
    expect(summary).toMatchObject({ outcome: 'error', turns: 2, savedTurns: 1 });
    expect(summary.error).toMatch(/storage for this site is full/);
    expect(events.at(-1)).toMatchObject({ type: 'episode-end', outcome: 'error', savedTurns: 1 });

    // Its end could not be written either: stored as 'running', yet nothing runs it.
    const raw = await openLabStore({ name: disk.name });
    stores.push(raw);
    expect((await raw.getEpisode(summary.episodeId))?.episode.status).toBe('running');
    const stored = await lab.getEpisode(summary.episodeId);
    expect(stored?.episode).toMatchObject({ status: 'interrupted', turnsDone: 1 });
    expect(stored?.turns.map((t) => t.turn)).toEqual([1]);
    expect((await lab.queryHistory()).rows.map((r) => r.status)).toEqual(['interrupted']);
    expect((await lab.queryHistory({ sort: 'newest', limit: 20 })).rows.map((r) => r.status)).toEqual([
      'interrupted',
    ]);

    // "Delete all" is not refused, though the disk is still full (deleting needs no room).
    await lab.deleteAll();
    expect((await lab.queryHistory()).total).toBe(0);
  });

  it('a worker starting on a full disk opens the store, and counts and settles what nothing runs', async () => {
    const disk = new Disk();
    const store = await disk.open();
    const { id } = await store.createEpisode({
      config,
      task: maze.generate(maze.presets.easy, 4, 0),
      startedAt: 1,
      appVersion: 'test',
    });
    await store.appendTurn(id, makeTurn(1));
    disk.full = true;

    const lab = disk.lab();
    expect(await lab.interruptedAtStartup()).toBe(1);
    expect((await lab.queryHistory()).rows).toMatchObject([{ id, status: 'interrupted', turnsDone: 1 }]);
    expect(await lab.deleteEpisodes({ ids: [id] })).toBe(1);
    expect(await lab.getEpisode(id)).toBeUndefined();
  });

  it('an episode whose lock a live context holds stays running and is not deleted', async () => {
    const disk = new Disk();
    const store = await disk.open();
    const { id } = await store.createEpisode({
      config,
      task: maze.generate(maze.presets.easy, 4, 0),
      startedAt: 1,
      appVersion: 'test',
    });
    // Another tab runs it (holds its lock) as this worker starts, on a disk that then fills up.
    const release = await holdEpisodeLock(id);
    const lab = disk.lab();
    expect(await lab.interruptedAtStartup()).toBe(0);
    disk.full = true;
    expect((await lab.queryHistory()).rows.map((r) => r.status)).toEqual(['running']);
    expect(await lab.deleteEpisodes({ ids: [id] })).toBe(0);
    await expect(lab.deleteAll()).rejects.toThrow(/An episode is running/);

    // That tab goes away: the episode is nobody's, and reads as settled (once this worker's own
    // watch on the lock, which takes it for a moment, has let go too).
    await release();
    await expect.poll(async () => (await lab.getEpisode(id))?.episode.status).toBe('interrupted');
    expect(await lab.deleteEpisodes({ ids: [id] })).toBe(1);
  });

  it('the status filter goes by the status each episode is shown with, stranded ones too', async () => {
    const disk = new Disk();
    const store = await disk.open();
    const task = maze.generate(maze.presets.easy, 4, 0);
    const SOLVED = { correct: true, score: 1, issues: [], parsed: 'attempt' };
    const create = async (startedAt: number) =>
      (await store.createEpisode({ config, task, startedAt, appVersion: 'test' })).id;
    // Ended the ordinary way: one solved, one interrupted.
    const solved = await create(1);
    await store.appendTurn(solved, makeTurn(1, { diagnosis: SOLVED }));
    await store.finishEpisode(solved, { status: 'solved', solvedAtTurn: 1, endedAt: 2 });
    const interrupted = await create(2);
    await store.appendTurn(interrupted, makeTurn(1));
    await store.finishEpisode(interrupted, { status: 'interrupted', solvedAtTurn: null, endedAt: 3 });
    // Left 'running' by a tab that went away on a full disk: one cut short, one its last turn solved.
    const cutShort = await create(3);
    await store.appendTurn(cutShort, makeTurn(1));
    const solvedLast = await create(4);
    await store.appendTurn(solvedLast, makeTurn(1));
    await store.appendTurn(solvedLast, makeTurn(2, { diagnosis: SOLVED }));
    // And one another tab really runs.
    const live = await create(5);
    const release = await holdEpisodeLock(live);
    disk.full = true; // so the startup sweep cannot settle the stranded two
    const lab = disk.lab();
    try {
      const shown = async (query: Parameters<LabService['queryHistory']>[0]) => {
        const page = await lab.queryHistory(query);
        expect(page.total).toBe(page.rows.length);
        return page.rows.map((r) => [r.id, r.status]);
      };
      expect(await shown({})).toEqual([
        [live, 'running'],
        [solvedLast, 'solved'],
        [cutShort, 'interrupted'],
        [interrupted, 'interrupted'],
        [solved, 'solved'],
      ]);
      expect(await shown({ status: 'running' })).toEqual([[live, 'running']]);
      expect(await shown({ status: 'interrupted' })).toEqual([
        [cutShort, 'interrupted'],
        [interrupted, 'interrupted'],
      ]);
      expect(await shown({ status: 'solved', sort: 'oldest' })).toEqual([
        [solved, 'solved'],
        [solvedLast, 'solved'],
      ]);
      expect(await shown({ status: 'solved', sort: 'solved-latest' })).toEqual([
        [solvedLast, 'solved'],
        [solved, 'solved'],
      ]);
      expect(await shown({ status: 'interrupted', text: 'attempt 1' })).toHaveLength(2);
      // "Delete all matching" acts on what the filter shows.
      expect(await lab.deleteEpisodes({ query: { status: 'interrupted' } })).toBe(2);
      expect(await shown({ status: 'running' })).toEqual([[live, 'running']]);
    } finally {
      await release();
    }
  });
});
