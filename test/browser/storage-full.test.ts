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
import { holdEpisodeLock } from '../../src/lab/episode-locks';
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
    expect((await lab.listEpisodes()).map((r) => r.status)).toEqual(['interrupted']);

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
});
