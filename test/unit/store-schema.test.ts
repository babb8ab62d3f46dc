import { describe, expect, it, vi } from 'vitest';
import { episodeInput, freshFactory, makeTurn, openTestStore } from '../helpers/store-fixtures';
import { syntheticHistory } from '../helpers/history-fixtures';
import { searchText } from '../../src/store/search-text';
import { PROMPT_BUILDERS_VERSION, compactTurns } from '../../src/store/transcript-codec';
import {
  createSchemaV1,
  DB_NAME,
  SCHEMA_VERSION,
  StoreBlockedError,
  StoreClosedError,
  StoreUpgradeError,
  StoreVersionError,
  UPGRADE_STEPS,
  openLabDatabase,
  openLabStore,
  type UpgradeStep,
} from '../../src/store';

/** A stand-in for a future step: adds a field to every stored episode and a new index. */
const addReviewedV2: UpgradeStep = async (_db, tx) => {
  const episodes = tx.objectStore('episodes');
  episodes.createIndex('by-reviewed', 'reviewed');
  let cursor = await episodes.openCursor();
  while (cursor !== null) {
    await cursor.update({ ...(cursor.value as object), reviewed: 0 });
    cursor = await cursor.continue();
  }
};

const noopStep: UpgradeStep = () => undefined;

describe('schema v4', () => {
  it('is what the upgrade steps build on an empty database', async () => {
    expect(SCHEMA_VERSION).toBe(4);
    expect(UPGRADE_STEPS).toHaveLength(SCHEMA_VERSION);
    expect(DB_NAME).toBe('plasticity-lab');

    const db = await openLabDatabase({ name: 'schema', factory: freshFactory() });
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'customModels',
      'episodes',
      'experiments',
      'search',
      'settings',
      'summary',
      'transcripts',
    ]);

    const tx = db.transaction(['experiments', 'episodes', 'transcripts', 'settings', 'customModels']);
    expect(tx.objectStore('experiments').keyPath).toBe('id');
    expect(tx.objectStore('settings').keyPath).toBe('key');
    expect(tx.objectStore('customModels').keyPath).toBe('id');

    const episodes = tx.objectStore('episodes');
    expect(episodes.keyPath).toBe('id');
    expect([...episodes.indexNames].sort()).toEqual(
      [
        'by-conditionKind',
        'by-envId',
        'by-envId-conditionKind',
        'by-experimentId',
        'by-startedAt',
        'by-status',
        'by-studentModel',
        'by-envId-startedAt',
        'by-conditionKind-startedAt',
        'by-studentModel-startedAt',
        'by-status-startedAt',
        'by-solvedAtTurn-startedAt',
      ].sort(),
    );
    const keyPaths = Object.fromEntries([...episodes.indexNames].map((n) => [n, episodes.index(n).keyPath]));
    expect(keyPaths).toEqual({
      'by-experimentId': 'experimentId',
      'by-envId': 'envId',
      'by-conditionKind': 'conditionKind',
      'by-studentModel': 'studentModel',
      'by-status': 'status',
      'by-startedAt': 'startedAt',
      'by-envId-conditionKind': ['envId', 'conditionKind', 'startedAt'],
      'by-envId-startedAt': ['envId', 'startedAt'],
      'by-conditionKind-startedAt': ['conditionKind', 'startedAt'],
      'by-studentModel-startedAt': ['studentModel', 'startedAt'],
      'by-status-startedAt': ['status', 'startedAt'],
      'by-solvedAtTurn-startedAt': ['solvedAtTurn', 'startedAt'],
    });

    const transcripts = tx.objectStore('transcripts');
    expect(transcripts.keyPath).toBe('episodeId');
    expect([...transcripts.indexNames]).toEqual([]);
    db.close();
  });
});

describe('upgrade v1 → v2 (turns into one transcript per episode)', () => {
  /** Write `items` the way schema v1 stored them: an episode record, and one record per turn. */
  async function writeV1(factory: IDBFactory, items: ReturnType<typeof syntheticHistory>) {
    const db = await openLabDatabase({ name: 'v1', factory, steps: [createSchemaV1] });
    expect(db.version).toBe(1);
    const tx = db.transaction(['episodes', 'turns'] as never[], 'readwrite');
    for (const { episode, turns } of items) {
      await tx.objectStore('episodes' as never).add(episode as never);
      for (const turn of turns)
        await tx.objectStore('turns' as never).add({ ...turn, episodeId: episode.id } as never);
    }
    await tx.done;
    db.close();
  }

  it('keeps every episode and every turn exactly, and drops only the prompts it can rebuild', async () => {
    const factory = freshFactory();
    const items = syntheticHistory(70, { turns: 4, seed: 3 });
    // One turn whose prompt the builders would not make (it must survive verbatim).
    const odd = items.find((i) => i.episode.studentModel !== 'human' && i.turns.length >= 2)!;
    odd.turns[1]!.studentPrompt = [{ role: 'user', content: 'a prompt from another build' }];
    await writeV1(factory, items);

    const store = await openLabStore({ name: 'v1', factory });
    expect(store.version).toBe(SCHEMA_VERSION);
    const back = await store.getEpisodes(items.map((i) => i.episode.id));
    expect(back).toEqual(items);
    // Same key order too, so an export after the upgrade is byte for byte the one before.
    expect(back.map((b) => JSON.stringify(b))).toEqual(items.map((i) => JSON.stringify(i)));
    store.close();

    const db = await openLabDatabase({ name: 'v1', factory });
    expect([...db.objectStoreNames]).not.toContain('turns');
    const raw = await db.getAll('transcripts');
    expect(raw).toHaveLength(items.filter((i) => i.turns.length > 0).length);
    const modelTurns = raw.flatMap((r) => r.turns).filter((t) => t.studentPrompt?.length !== 0);
    const kept = modelTurns.filter((t) => t.studentPrompt !== null);
    expect(kept.map((t) => t.studentPrompt)).toEqual([odd.turns[1]!.studentPrompt]);
    expect(raw.flatMap((r) => r.turns).some((t) => t.feedback?.prompt === null)).toBe(true);
    db.close();
  });

  it('an episode without turns gets no transcript and reads back with none', async () => {
    const factory = freshFactory();
    const [item] = syntheticHistory(1, { seed: 9 });
    const empty = {
      episode: { ...item!.episode, turnsDone: 0, status: 'interrupted' as const, solvedAtTurn: null },
      turns: [],
    };
    await writeV1(factory, [empty]);
    const store = await openLabStore({ name: 'v1', factory });
    expect(await store.getEpisode(empty.episode.id)).toEqual(empty);
    store.close();
  });
});

describe('upgrade v2 → v3 (a [field, startedAt] index per History filter)', () => {
  it('builds the indexes over the stored episodes, which keep every record and answer the filters in order', async () => {
    const factory = freshFactory();
    const items = syntheticHistory(60, { turns: 2, seed: 5 });
    // Written the way v2 wrote them: an episode record, and its transcript with the prompts left out.
    const v2 = await openLabDatabase({ name: 'v2', factory, steps: UPGRADE_STEPS.slice(0, 2) });
    expect(v2.version).toBe(2);
    const tx = v2.transaction(['episodes', 'transcripts'] as never[], 'readwrite');
    for (const { episode, turns } of items) {
      await tx.objectStore('episodes' as never).add(episode as never);
      const record = {
        episodeId: episode.id,
        prompts: PROMPT_BUILDERS_VERSION,
        turns: compactTurns(episode, turns),
      };
      await tx.objectStore('transcripts' as never).add(record as never);
    }
    await tx.done;
    v2.close();

    const store = await openLabStore({ name: 'v2', factory });
    expect(store.version).toBe(SCHEMA_VERSION);
    expect(await store.getEpisodes(items.map((i) => i.episode.id))).toEqual(items);
    // Each episode's search text, written from its stored turns and error.
    const texts = await store.searchTexts(items.map((i) => i.episode.id));
    for (const { episode, turns } of items)
      expect(texts.get(episode.id)).toBe(searchText(turns, episode.error));
    // The new indexes answer a one-filter page: newest first, as listed without them.
    const newest = [...items].map((i) => i.episode).sort((a, b) => b.startedAt - a.startedAt);
    for (const query of [{ envId: 'maze' }, { status: 'failed' as const }, { studentModel: 'human' }]) {
      const expected = newest.filter((e) => Object.entries(query).every(([k, v]) => (e as never)[k] === v));
      const page = await store.pageEpisodes({ ...query, limit: 5 });
      expect(page.rows.map((e) => e.id)).toEqual(expected.slice(0, 5).map((e) => e.id));
      expect(page.total).toBe(expected.length);
    }
    store.close();
  });
});

describe('upgrade v3 → v4 (the summary record and the solved-turn index)', () => {
  it('counts the stored episodes into the summary, which the menus and counts then read', async () => {
    const factory = freshFactory();
    const items = syntheticHistory(80, { turns: 2, seed: 8 });
    // Written raw, as v3 wrote them (it had no summary to keep).
    const db = await openLabDatabase({ name: 'v3', factory, steps: UPGRADE_STEPS.slice(0, 3) });
    expect(db.version).toBe(3);
    const tx = db.transaction(['episodes', 'search'] as never[], 'readwrite');
    for (const { episode, turns } of items) {
      await tx.objectStore('episodes' as never).add(episode as never);
      const text = searchText(turns, episode.error);
      await tx.objectStore('search' as never).add({ episodeId: episode.id, text } as never);
    }
    await tx.done;
    db.close();

    const store = await openLabStore({ name: 'v3', factory });
    expect(store.version).toBe(SCHEMA_VERSION);
    const episodes = items.map((i) => i.episode);
    const summary = (await openLabDatabase({ name: 'v3', factory }).then(async (d) => {
      const value = await d.get('summary', 'episodes');
      d.close();
      return value;
    }))!;
    expect(summary.total).toBe(items.length);
    for (const field of ['envId', 'conditionKind', 'studentModel', 'status'] as const) {
      const expected: Record<string, number> = {};
      for (const e of episodes) expected[e[field]] = (expected[e[field]] ?? 0) + 1;
      expect(summary.counts[field]).toEqual(expected);
    }
    expect((await store.facets()).total).toBe(items.length);
    // Each search record now has its episode's start, so a search orders its matches without the index.
    const check = await openLabDatabase({ name: 'v3', factory });
    const search = await check.getAll('search');
    check.close();
    expect(search).toHaveLength(items.length);
    const started = new Map(episodes.map((e) => [e.id, e.startedAt]));
    for (const r of search) expect(r.startedAt).toBe(started.get(r.episodeId));
    const newest = [...episodes].sort((a, b) => b.startedAt - a.startedAt).map((e) => e.id);
    expect(await store.searchAll('', 'newest')).toEqual(newest);
    store.close();
  });
});

describe('upgrade mechanism', () => {
  it('runs only the new step on data the previous version wrote', async () => {
    const factory = freshFactory();
    const current = await openLabStore({ name: 'up', factory, steps: UPGRADE_STEPS });
    const { id } = await current.createEpisode(episodeInput());
    await current.appendTurn(id, makeTurn(1));
    current.close();

    // Re-running an earlier step would throw (its stores exist), so success shows only the new one ran.
    const next = await openLabStore({ name: 'up', factory, steps: [...UPGRADE_STEPS, addReviewedV2] });
    expect(next.version).toBe(SCHEMA_VERSION + 1);
    const got = await next.getEpisode(id);
    expect(got?.episode).toMatchObject({ id, reviewed: 0, turnsDone: 1 });
    expect(got?.turns).toEqual([makeTurn(1)]);
    next.close();

    const db = await openLabDatabase({ name: 'up', factory, steps: [...UPGRADE_STEPS, addReviewedV2] });
    expect([...db.transaction('episodes').store.indexNames]).toContain('by-reviewed');
    db.close();
  });

  it('a failing step rolls the whole upgrade back and reports StoreUpgradeError', async () => {
    const factory = freshFactory();
    const v1 = await openLabStore({ name: 'up', factory });
    const { id } = await v1.createEpisode(episodeInput());
    v1.close();

    const halfDone: UpgradeStep = async (db, tx) => {
      db.createObjectStore('leftover');
      await tx.objectStore('episodes').clear();
      throw new Error('migration bug');
    };
    const error = await openLabStore({ name: 'up', factory, steps: [...UPGRADE_STEPS, halfDone] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUpgradeError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `from version ${SCHEMA_VERSION} to ${SCHEMA_VERSION + 1} failed, so nothing was changed.*migration bug`,
      ),
    );

    const again = await openLabStore({ name: 'up', factory });
    expect(again.version).toBe(SCHEMA_VERSION);
    expect((await again.getEpisode(id))?.episode.id).toBe(id);
    again.close();
    const db = await openLabDatabase({ name: 'up', factory });
    expect([...db.objectStoreNames]).not.toContain('leftover');
    db.close();
  });

  it('a database newer than this app is a StoreVersionError', async () => {
    const factory = freshFactory();
    (await openLabStore({ name: 'up', factory, steps: [...UPGRADE_STEPS, noopStep] })).close();
    const error = await openLabStore({ name: 'up', factory }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreVersionError);
    expect((error as Error).message).toMatch(/Reload this tab/);
  });
});

describe('other tabs', () => {
  it('an upgrade in another tab closes this connection and calls onClosedByOtherTab', async () => {
    const factory = freshFactory();
    const onClosedByOtherTab = vi.fn();
    const { store: first } = await openTestStore({ factory, onClosedByOtherTab });
    await first.createEpisode(episodeInput());

    const onBlocked = vi.fn();
    const { store: second } = await openTestStore({
      factory,
      steps: [...UPGRADE_STEPS, noopStep],
      onBlocked,
    });
    expect(onBlocked).not.toHaveBeenCalled();
    expect(onClosedByOtherTab).toHaveBeenCalledTimes(1);
    expect(onClosedByOtherTab).toHaveBeenCalledWith({ newVersion: SCHEMA_VERSION + 1 });
    expect(first.isOpen).toBe(false);
    await expect(first.listEpisodes()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(first.listEpisodes()).rejects.toThrow(/Reload this tab/);
    expect(second.version).toBe(SCHEMA_VERSION + 1);
    expect(await second.listEpisodes()).toHaveLength(1);
    second.close();
  });

  /** An old tab that ignores versionchange (e.g. a build from before this store existed). */
  async function stubbornConnection(factory: IDBFactory): Promise<IDBDatabase> {
    (await openTestStore({ factory })).store.close();
    return new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('test-lab', SCHEMA_VERSION);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  it('a connection that will not let go blocks the upgrade with a clear message', async () => {
    const factory = freshFactory();
    const stubborn = await stubbornConnection(factory);
    const steps = [...UPGRADE_STEPS, noopStep];
    const error = await openTestStore({ factory, steps }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreBlockedError);
    expect((error as Error).message).toBe(
      'Close the other Plasticity Lab tabs to finish upgrading the store.',
    );

    // The abandoned open finishes the upgrade once the other tab lets go, and does not hold on.
    stubborn.close();
    const { store } = await openTestStore({ factory, steps });
    expect(store.version).toBe(SCHEMA_VERSION + 1);
    store.close();
  });

  it('with onBlocked, a blocked open waits and completes once the other tab lets go', async () => {
    const factory = freshFactory();
    const stubborn = await stubbornConnection(factory);
    const onBlocked = vi.fn((_e: StoreBlockedError) => setTimeout(() => stubborn.close(), 5));
    const { store } = await openTestStore({ factory, steps: [...UPGRADE_STEPS, noopStep], onBlocked });
    expect(onBlocked).toHaveBeenCalledTimes(1);
    expect(onBlocked.mock.calls[0]?.[0]).toBeInstanceOf(StoreBlockedError);
    expect(store.version).toBe(SCHEMA_VERSION + 1);
    store.close();
  });
});
