import { syntheticHistory } from '../helpers/history-fixtures';
import { searchText } from '../../src/store/search-text';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { episodeInput, freshFactory, makeConfig, makeTurn, openTestStore } from '../helpers/store-fixtures';
import {
  DuplicateEpisodeError,
  EpisodeNotFoundError,
  EpisodeNotRunningError,
  SCHEMA_VERSION,
  StorageFullError,
  StoreClosedError,
  StoreError,
  StoreInputError,
  TurnConflictError,
  TurnOrderError,
  estimateStorage,
  openLabDatabase,
  type EpisodeRecord,
  type EpisodeStatus,
  type LabStore,
} from '../../src/store';
import { newId } from '../../src/store/ids';
import type { Condition } from '../../src/core/protocol/types';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Turns stored for an episode, counted straight from its transcript record (not through the episode). */
async function countTurns(factory: IDBFactory, episodeId: string): Promise<number> {
  const db = await openLabDatabase({ name: 'test-lab', factory });
  try {
    return (await db.get('transcripts', episodeId))?.turns.length ?? 0;
  } finally {
    db.close();
  }
}

describe('episode lifecycle', () => {
  it('creates, appends turns, finishes and reads back an episode', async () => {
    const { store } = await openTestStore();
    const config = makeConfig();
    const created = await store.createEpisode(
      episodeInput(config, { startedAt: 500, experimentId: 'exp-1' }),
    );
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).toMatchObject({
      status: 'running',
      turnsDone: 0,
      solvedAtTurn: null,
      endedAt: null,
      experimentId: 'exp-1',
      envId: 'maze',
      conditionKind: 'rule-teacher',
      studentModel: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
      schemaVersion: SCHEMA_VERSION,
      startedAt: 500,
    });

    const t1 = makeTurn(1);
    const t2 = makeTurn(2, { diagnosis: { correct: true, score: 1, issues: [], parsed: 'RRDD' } });
    expect((await store.appendTurn(created.id, t1)).turnsDone).toBe(1);
    expect((await store.appendTurn(created.id, t2)).turnsDone).toBe(2);
    const finished = await store.finishEpisode(created.id, {
      status: 'solved',
      solvedAtTurn: 2,
      endedAt: 3000,
    });
    expect(finished).toMatchObject({ status: 'solved', solvedAtTurn: 2, endedAt: 3000, turnsDone: 2 });

    const got = await store.getEpisode(created.id);
    expect(got?.episode).toEqual(finished);
    expect(got?.episode.config).toEqual(config);
    expect(got?.turns).toEqual([t1, t2]);
    expect(await store.getEpisode('no-such-id')).toBeUndefined();
    store.close();
  });

  it('keeps a given id, refuses a taken one, and records a human student as "human"', async () => {
    const { store } = await openTestStore();
    const human = makeConfig({ student: { kind: 'human' } });
    const created = await store.createEpisode(episodeInput(human, { id: 'ep-a' }));
    expect(created).toMatchObject({ id: 'ep-a', studentModel: 'human', experimentId: null });
    await expect(store.createEpisode(episodeInput(makeConfig(), { id: 'ep-a' }))).rejects.toBeInstanceOf(
      DuplicateEpisodeError,
    );
    expect((await store.getEpisode('ep-a'))?.episode.studentModel).toBe('human');
  });

  it('refuses a task from another environment than the config', async () => {
    const { store } = await openTestStore();
    const input = {
      ...episodeInput(makeConfig({ envId: 'maze' })),
      task: episodeInput(makeConfig({ envId: 'sudoku' })).task,
    };
    await expect(store.createEpisode(input)).rejects.toBeInstanceOf(StoreInputError);
    expect(await store.listEpisodes()).toEqual([]);
  });

  it('writing the same turn twice changes nothing; different content for it is refused', async () => {
    const { store, factory } = await openTestStore();
    const { id } = await store.createEpisode(episodeInput());
    await store.appendTurn(id, makeTurn(1));
    const again = await store.appendTurn(id, makeTurn(1));
    expect(again.turnsDone).toBe(1);
    expect(await countTurns(factory, id)).toBe(1);

    await expect(store.appendTurn(id, makeTurn(1, { attempt: 'something else' }))).rejects.toBeInstanceOf(
      TurnConflictError,
    );
    expect((await store.getEpisode(id))?.turns).toEqual([makeTurn(1)]);
  });

  it('rejects a turn number that skips ahead, and writes nothing', async () => {
    const { store, factory } = await openTestStore();
    const { id } = await store.createEpisode(episodeInput());
    await store.appendTurn(id, makeTurn(1));
    const error = await store.appendTurn(id, makeTurn(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnOrderError);
    expect((error as Error).message).toContain('next one must be turn 2');
    for (const bad of [0, -1, 1.5]) {
      await expect(store.appendTurn(id, makeTurn(bad))).rejects.toBeInstanceOf(TurnOrderError);
    }
    expect((await store.getEpisode(id))?.episode.turnsDone).toBe(1);
    expect(await countTurns(factory, id)).toBe(1);
  });

  it('refuses turns for a missing or ended episode', async () => {
    const { store } = await openTestStore();
    await expect(store.appendTurn('missing', makeTurn(1))).rejects.toBeInstanceOf(EpisodeNotFoundError);
    const { id } = await store.createEpisode(episodeInput());
    await store.finishEpisode(id, { status: 'aborted', solvedAtTurn: null, endedAt: 9 });
    await expect(store.appendTurn(id, makeTurn(1))).rejects.toBeInstanceOf(EpisodeNotRunningError);
  });

  it('checks solvedAtTurn against the status and the stored turns', async () => {
    const { store } = await openTestStore();
    const { id } = await store.createEpisode(episodeInput());
    await store.appendTurn(id, makeTurn(1));
    await expect(
      store.finishEpisode(id, { status: 'solved', solvedAtTurn: null, endedAt: 5 }),
    ).rejects.toBeInstanceOf(StoreInputError);
    await expect(
      store.finishEpisode(id, { status: 'failed', solvedAtTurn: 1, endedAt: 5 }),
    ).rejects.toBeInstanceOf(StoreInputError);
    await expect(store.finishEpisode(id, { status: 'solved', solvedAtTurn: 2, endedAt: 5 })).rejects.toThrow(
      /has 1 stored turns/,
    );
    expect((await store.getEpisode(id))?.episode.status).toBe('running');
    await expect(
      store.finishEpisode('missing', { status: 'failed', solvedAtTurn: null, endedAt: 5 }),
    ).rejects.toBeInstanceOf(EpisodeNotFoundError);
  });

  it('finishing twice the same way is harmless; finishing differently is refused', async () => {
    const { store } = await openTestStore();
    const { id } = await store.createEpisode(episodeInput());
    const first = await store.finishEpisode(id, {
      status: 'error',
      solvedAtTurn: null,
      endedAt: 7,
      error: 'boom',
    });
    expect(first).toMatchObject({ status: 'error', error: 'boom', endedAt: 7 });
    expect(await store.finishEpisode(id, { status: 'error', solvedAtTurn: null, endedAt: 8 })).toEqual(first);
    await expect(
      store.finishEpisode(id, { status: 'failed', solvedAtTurn: null, endedAt: 9 }),
    ).rejects.toBeInstanceOf(EpisodeNotRunningError);
    expect((await store.getEpisode(id))?.episode).toEqual(first);
  });
});

describe('markRunningAsInterrupted', () => {
  it('flips only running episodes, keeps their turns, and dates them by their last turn', async () => {
    const { store } = await openTestStore();
    const running = await store.createEpisode(episodeInput(makeConfig(), { startedAt: 100 }));
    await store.appendTurn(running.id, makeTurn(1));
    await store.appendTurn(running.id, makeTurn(2));
    const noTurns = await store.createEpisode(episodeInput(makeConfig(), { startedAt: 200 }));
    const solved = await store.createEpisode(episodeInput());
    await store.appendTurn(solved.id, makeTurn(1));
    const solvedEnd = await store.finishEpisode(solved.id, {
      status: 'solved',
      solvedAtTurn: 1,
      endedAt: 50,
    });
    const failed = await store.createEpisode(episodeInput());
    const failedEnd = await store.finishEpisode(failed.id, {
      status: 'failed',
      solvedAtTurn: null,
      endedAt: 60,
    });

    expect(await store.markRunningAsInterrupted()).toBe(2);

    const a = await store.getEpisode(running.id);
    expect(a?.episode).toMatchObject({ status: 'interrupted', turnsDone: 2, endedAt: makeTurn(2).endedAt });
    expect(a?.turns).toEqual([makeTurn(1), makeTurn(2)]);
    expect((await store.getEpisode(noTurns.id))?.episode).toMatchObject({
      status: 'interrupted',
      endedAt: 200,
    });
    expect((await store.getEpisode(solved.id))?.episode).toEqual(solvedEnd);
    expect((await store.getEpisode(failed.id))?.episode).toEqual(failedEnd);
    expect(await store.markRunningAsInterrupted()).toBe(0);
    await expect(store.appendTurn(running.id, makeTurn(3))).rejects.toThrow(/interrupted/);
  });

  it('settles an episode whose stored turns decide it with the outcome the protocol would have written', async () => {
    const { store } = await openTestStore();
    const solvedLast = await store.createEpisode(episodeInput());
    await store.appendTurn(solvedLast.id, makeTurn(1));
    await store.appendTurn(
      solvedLast.id,
      makeTurn(2, { diagnosis: { correct: true, score: 1, issues: [], parsed: 'x' } }),
    );
    const budgetUsed = await store.createEpisode(episodeInput(makeConfig({ turnBudget: 2 })));
    await store.appendTurn(budgetUsed.id, makeTurn(1));
    await store.appendTurn(budgetUsed.id, makeTurn(2));

    // Neither is interrupted: nothing is left to resume.
    expect(await store.markRunningAsInterrupted()).toBe(0);
    expect((await store.getEpisode(solvedLast.id))?.episode).toMatchObject({
      status: 'solved',
      solvedAtTurn: 2,
      endedAt: makeTurn(2).endedAt,
    });
    expect((await store.getEpisode(budgetUsed.id))?.episode).toMatchObject({
      status: 'failed',
      solvedAtTurn: null,
      endedAt: makeTurn(2).endedAt,
    });
  });

  it('settles a single episode with a failed turn as failed, although its turnBudget says 5', async () => {
    // A `single` config with turnBudget 5 comes through the API or an imported file. It allows one
    // attempt, so it cannot be resumed: settled as interrupted, it could neither go on nor end.
    const { store } = await openTestStore();
    const single = await store.createEpisode(
      episodeInput(makeConfig({ condition: { kind: 'single' }, turnBudget: 5 })),
    );
    await store.appendTurn(single.id, makeTurn(1));
    expect(await store.markRunningAsInterrupted()).toBe(0);
    expect((await store.getEpisode(single.id))?.episode).toMatchObject({
      status: 'failed',
      solvedAtTurn: null,
      endedAt: makeTurn(1).endedAt,
    });
  });

  it('leaves alone the episodes it is told another tab still runs', async () => {
    const { store } = await openTestStore();
    const mine = await store.createEpisode(episodeInput());
    const theirs = await store.createEpisode(episodeInput());
    expect(await store.markRunningAsInterrupted({ keep: [theirs.id] })).toBe(1);
    expect((await store.getEpisode(mine.id))?.episode.status).toBe('interrupted');
    expect((await store.getEpisode(theirs.id))?.episode.status).toBe('running');
  });
});

describe('listEpisodes', () => {
  const envs = ['maze', 'sudoku', 'arith'] as const;
  const conditions: Condition[] = [{ kind: 'retry' }, { kind: 'binary' }, { kind: 'rule-teacher', level: 1 }];
  const statuses: EpisodeStatus[] = ['running', 'solved', 'failed', 'aborted'];

  async function seed(
    store: LabStore,
    specs: { env: number; cond: number; status: number; startedAt: number; model: number }[],
  ): Promise<EpisodeRecord[]> {
    const out: EpisodeRecord[] = [];
    for (const spec of specs) {
      const config = makeConfig({
        envId: envs[spec.env],
        condition: conditions[spec.cond],
        student: spec.model === 0 ? { kind: 'human' } : { kind: 'model', modelId: `m${spec.model}` },
      });
      const rec = await store.createEpisode(episodeInput(config, { startedAt: spec.startedAt }));
      const status = statuses[spec.status] ?? 'running';
      if (status === 'running') {
        out.push(rec);
        continue;
      }
      if (status === 'solved') await store.appendTurn(rec.id, makeTurn(1));
      out.push(
        await store.finishEpisode(rec.id, {
          status,
          solvedAtTurn: status === 'solved' ? 1 : null,
          endedAt: spec.startedAt + 1,
        }),
      );
    }
    return out;
  }

  it('filters by environment, condition and status, newest first by default', async () => {
    const { store } = await openTestStore();
    const [a, b, c, d] = await seed(store, [
      { env: 0, cond: 0, status: 1, startedAt: 10, model: 1 },
      { env: 0, cond: 1, status: 2, startedAt: 20, model: 1 },
      { env: 1, cond: 0, status: 1, startedAt: 30, model: 0 },
      { env: 0, cond: 0, status: 2, startedAt: 40, model: 2 },
    ]);
    const ids = (list: EpisodeRecord[]): string[] => list.map((e) => e.id);
    expect(ids(await store.listEpisodes())).toEqual(ids([d!, c!, b!, a!]));
    expect(ids(await store.listEpisodes({ sort: 'oldest' }))).toEqual(ids([a!, b!, c!, d!]));
    expect(ids(await store.listEpisodes({ envId: 'maze' }))).toEqual(ids([d!, b!, a!]));
    expect(ids(await store.listEpisodes({ conditionKind: 'retry' }))).toEqual(ids([d!, c!, a!]));
    expect(ids(await store.listEpisodes({ status: 'solved' }))).toEqual(ids([c!, a!]));
    expect(ids(await store.listEpisodes({ envId: 'maze', conditionKind: 'retry' }))).toEqual(ids([d!, a!]));
    expect(
      ids(await store.listEpisodes({ envId: 'maze', conditionKind: 'retry', status: 'solved' })),
    ).toEqual(ids([a!]));
    expect(ids(await store.listEpisodes({ studentModel: 'human' }))).toEqual(ids([c!]));
    expect(ids(await store.listEpisodes({ limit: 2 }))).toEqual(ids([d!, c!]));
    expect(await store.listEpisodes({ envId: 'nowhere' })).toEqual([]);
    expect(ids(await store.listEpisodes({ from: 20, to: 30 }))).toEqual(ids([c!, b!]));
    expect(ids(await store.listEpisodes({ envId: 'maze', conditionKind: 'retry', from: 11 }))).toEqual(
      ids([d!]),
    );
    expect(ids(await store.listEpisodes({ status: 'failed', to: 39 }))).toEqual(ids([b!]));
    expect(await store.listEpisodes({ from: 31, to: 30 })).toEqual([]);
    await expect(store.listEpisodes({ limit: 0 })).rejects.toBeInstanceOf(StoreInputError);
  });

  /** Any stored episode (by index into the lists above) and any filters of a query. */
  const spec = fc.record({
    env: fc.nat(envs.length - 1),
    cond: fc.nat(conditions.length - 1),
    status: fc.nat(statuses.length - 1),
    startedAt: fc.nat(50),
    model: fc.nat(2),
  });
  const queryFields = {
    envId: fc.constantFrom(...envs),
    conditionKind: fc.constantFrom(...conditions.map((c) => c.kind)),
    status: fc.constantFrom(...statuses),
    studentModel: fc.constantFrom('human', 'm1', 'm2'),
    sort: fc.constantFrom('newest' as const, 'oldest' as const),
    from: fc.nat(50),
    to: fc.nat(50),
  };

  it('agrees with a plain filter-and-sort over any history and query (records and ids alike)', async () => {
    const query = fc.record({ ...queryFields, limit: fc.integer({ min: 1, max: 6 }) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { maxLength: 12 }), query, async (specs, q) => {
        const { store } = await openTestStore();
        const all = await seed(store, specs);
        const sign = (q.sort ?? 'newest') === 'newest' ? -1 : 1;
        const expected = all
          .filter(
            (e) =>
              (q.envId === undefined || e.envId === q.envId) &&
              (q.conditionKind === undefined || e.conditionKind === q.conditionKind) &&
              (q.status === undefined || e.status === q.status) &&
              (q.studentModel === undefined || e.studentModel === q.studentModel) &&
              (q.from === undefined || e.startedAt >= q.from) &&
              (q.to === undefined || e.startedAt <= q.to),
          )
          .sort((x, y) => sign * (x.startedAt - y.startedAt || (x.id < y.id ? -1 : 1)))
          .slice(0, q.limit ?? Infinity);
        expect(await store.listEpisodes(q)).toEqual(expected);
        expect(await store.listEpisodeIds(q)).toEqual(expected.map((e) => e.id));
        const some = [...expected].reverse().map((e) => e.id);
        expect(await store.getEpisodeRecords([...some, 'not-there'])).toEqual([...expected].reverse());
        store.close();
      }),
      { numRuns: 40 },
    );
  });

  it('an offset skips that many, with or without a limit, and a bad one is refused', async () => {
    const { store } = await openTestStore();
    const [a, b] = await seed(store, [
      { env: 0, cond: 0, status: 1, startedAt: 10, model: 1 },
      { env: 0, cond: 1, status: 2, startedAt: 20, model: 1 },
      { env: 1, cond: 0, status: 1, startedAt: 30, model: 0 },
    ]);
    expect((await store.listEpisodes({ offset: 1 })).map((e) => e.id)).toEqual([b!.id, a!.id]);
    expect(await store.listEpisodeIds({ sort: 'oldest', offset: 1, limit: 1 })).toEqual([b!.id]);
    expect(await store.listEpisodeIds({ status: 'solved', offset: 1 })).toEqual([a!.id]);
    expect(await store.listEpisodes({ offset: 3 })).toEqual([]);
    await expect(store.listEpisodes({ offset: -1 })).rejects.toBeInstanceOf(StoreInputError);
    await expect(store.pageEpisodes({ offset: 1.5, limit: 2 })).rejects.toThrow(
      /offset must be a whole number/,
    );
  });

  it('pageEpisodes gives a slice of listEpisodes and the count of every match, for any query', async () => {
    const query = fc.record(queryFields, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { maxLength: 12 }),
        query,
        fc.nat(8),
        fc.integer({ min: 1, max: 5 }),
        async (specs, q, offset, limit) => {
          const { store } = await openTestStore();
          await seed(store, specs);
          const all = await store.listEpisodes(q);
          expect(await store.pageEpisodes({ ...q, offset, limit })).toEqual({
            total: all.length,
            rows: all.slice(offset, offset + limit),
          });
          const page = all.slice(offset, offset + limit);
          expect(await store.listEpisodes({ ...q, offset, limit })).toEqual(page);
          expect(await store.listEpisodeIds({ ...q, offset, limit })).toEqual(page.map((e) => e.id));
          store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('facets lists the values present, sorted, and the episode count', async () => {
    const { store } = await openTestStore();
    expect(await store.facets()).toEqual({ envIds: [], conditionKinds: [], studentModels: [], total: 0 });
    await seed(store, [
      { env: 2, cond: 1, status: 1, startedAt: 10, model: 2 },
      { env: 0, cond: 1, status: 2, startedAt: 20, model: 0 },
      { env: 2, cond: 2, status: 1, startedAt: 30, model: 2 },
    ]);
    expect(await store.facets()).toEqual({
      envIds: ['arith', 'maze'],
      conditionKinds: ['binary', 'rule-teacher'],
      studentModels: ['human', 'm2'],
      total: 3,
    });
  });

  it('facets finds every distinct value among many duplicates, near-equal ones included', async () => {
    const { store } = await openTestStore();
    // Model ids that sort right after one another (a NUL, a prefix), each stored many times.
    const models = ['a', 'a\u0000', 'a\u0000b', 'ab', 'b'];
    for (let i = 0; i < 40; i++) {
      const modelId = models[i % models.length]!;
      await store.createEpisode(episodeInput(makeConfig({ student: { kind: 'model', modelId } })));
    }
    expect((await store.facets()).studentModels).toEqual([...models].sort());
    expect((await store.facets()).total).toBe(40);
  });
});

describe('reading turns as stored', () => {
  it('gives the same episodes and turn texts as a full read, prompts left out where rebuilt', async () => {
    const { store } = await openTestStore();
    const items = syntheticHistory(20, { turns: 3, seed: 9 });
    await store.importEpisodes(items);
    const stored = await store.listEpisodesWithStoredTurns({ sort: 'oldest' });
    const full = await store.getEpisodes(stored.map((s) => s.episode.id));
    expect(stored.map((s) => s.episode)).toEqual(full.map((f) => f.episode));
    const texts = (list: { turns: readonly { attempt: string; feedback: { text: string } | null }[] }[]) =>
      list.map((e) => e.turns.map((t) => [t.attempt, t.feedback?.text ?? null]));
    expect(texts(stored)).toEqual(texts(full));
    expect(stored.map((s) => s.episode.id)).toEqual(
      [...items].sort((a, b) => a.episode.startedAt - b.episode.startedAt).map((i) => i.episode.id),
    );
  });
});

describe('search text', () => {
  it('is written with every turn, end, import and delete, and is what the turns and error say', async () => {
    const { store } = await openTestStore();
    // Imported: written whole.
    const items = syntheticHistory(12, { turns: 3, seed: 4 });
    await store.importEpisodes(items);
    // Played here: a turn at a time, then an end with an error.
    const live = await store.createEpisode(episodeInput());
    const turns = [makeTurn(1), makeTurn(2)];
    for (const turn of turns) await store.appendTurn(live.id, turn);
    await store.finishEpisode(live.id, {
      status: 'error',
      solvedAtTurn: null,
      endedAt: 9,
      error: 'The Model STOPPED',
    });
    const ids = [...items.map((i) => i.episode.id), live.id];
    const texts = await store.searchTexts(ids);
    for (const { episode, turns: stored } of await store.getEpisodes(ids)) {
      expect(texts.get(episode.id), episode.id).toBe(searchText(stored, episode.error));
    }
    expect(texts.get(live.id)).toContain('the model stopped');
    // Read whole, as a search over most of the history does: the same texts.
    expect(await store.searchTexts('all')).toEqual(texts);
    // Deleted with its episode.
    await store.deleteEpisodes([live.id, items[0]!.episode.id]);
    const after = await store.searchTexts(ids);
    expect(after.has(live.id)).toBe(false);
    expect(after.size).toBe(ids.length - 2);
    await store.deleteAll();
    expect((await store.searchTexts(ids)).size).toBe(0);
  });
});

describe('deleting', () => {
  it('deleteEpisode removes the episode and its turns, and nothing else', async () => {
    const { store, factory } = await openTestStore();
    const a = await store.createEpisode(episodeInput());
    const b = await store.createEpisode(episodeInput());
    for (const id of [a.id, b.id]) {
      await store.appendTurn(id, makeTurn(1));
      await store.appendTurn(id, makeTurn(2));
    }
    expect(await store.deleteEpisode(a.id)).toBe(true);
    expect(await store.getEpisode(a.id)).toBeUndefined();
    expect(await countTurns(factory, a.id)).toBe(0);
    expect(await countTurns(factory, b.id)).toBe(2);
    expect((await store.getEpisode(b.id))?.turns).toHaveLength(2);
    expect(await store.deleteEpisode(a.id)).toBe(false);
  });

  it('deleteEpisodes removes a selection in one go, passing over missing, running and kept episodes', async () => {
    const { store, factory } = await openTestStore();
    const [a, b, c, d, running] = await Promise.all(
      Array.from({ length: 5 }, () => store.createEpisode(episodeInput())),
    );
    for (const e of [a!, b!, c!, d!]) {
      await store.appendTurn(e.id, makeTurn(1));
      await store.finishEpisode(e.id, { status: 'failed', solvedAtTurn: null, endedAt: 9 });
    }
    await store.appendTurn(running!.id, makeTurn(1));

    const deleted = await store.deleteEpisodes([c!.id, 'not-there', a!.id, running!.id, d!.id, a!.id], {
      keepRunning: true,
      keep: new Set([d!.id]),
    });
    expect(deleted).toEqual([c!.id, a!.id]);
    for (const id of [a!.id, c!.id]) {
      expect(await store.getEpisode(id)).toBeUndefined();
      expect(await countTurns(factory, id)).toBe(0);
    }
    for (const id of [b!.id, d!.id, running!.id]) expect((await store.getEpisode(id))?.turns).toHaveLength(1);

    // Without keepRunning a running episode goes too (its owner discarding it); nothing listed, nothing done.
    expect(await store.deleteEpisodes([running!.id])).toEqual([running!.id]);
    expect(await store.deleteEpisodes([])).toEqual([]);
    expect((await store.listEpisodes()).map((e) => e.id).sort()).toEqual([b!.id, d!.id].sort());
  });

  it('deleteExperiment removes the experiment with its episodes and their turns, and nothing else', async () => {
    const { store, factory } = await openTestStore();
    const mine = await store.createEpisode(episodeInput(makeConfig(), { experimentId: 'x' }));
    const other = await store.createEpisode(episodeInput(makeConfig(), { experimentId: 'y' }));
    const alone = await store.createEpisode(episodeInput());
    for (const e of [mine, other, alone]) await store.appendTurn(e.id, makeTurn(1));
    for (const id of ['x', 'y']) {
      await store.putExperiment({ id, name: id, createdAt: 1, appVersion: '0', design: null });
    }

    expect(await store.deleteExperiment('x')).toBe(1);
    expect(await store.getExperiment('x')).toBeUndefined();
    expect(await store.getEpisode(mine.id)).toBeUndefined();
    expect(await countTurns(factory, mine.id)).toBe(0);
    expect((await store.listExperiments()).map((e) => e.id)).toEqual(['y']);
    expect((await store.listEpisodes()).map((e) => e.id).sort()).toEqual([other.id, alone.id].sort());
    expect(await countTurns(factory, other.id)).toBe(1);
    expect(await store.deleteExperiment('x')).toBeNull();
  });

  it('deleteAll empties the history but keeps settings and custom models', async () => {
    const { store, factory } = await openTestStore();
    const a = await store.createEpisode(episodeInput());
    await store.appendTurn(a.id, makeTurn(1));
    await store.putExperiment({ id: 'x', name: 'x', createdAt: 1, appVersion: '0', design: {} });
    await store.putSetting('theme', 'dark');
    await store.putCustomModel({ id: 'my-model', url: 'https://example.org/m' });
    await store.deleteAll();
    expect(await store.listEpisodes()).toEqual([]);
    expect(await store.listExperiments()).toEqual([]);
    expect(await countTurns(factory, a.id)).toBe(0);
    expect(await store.getSetting('theme')).toBe('dark');
    expect(await store.listCustomModels()).toEqual([{ id: 'my-model', url: 'https://example.org/m' }]);
  });
});

describe('settings, experiments and custom models', () => {
  it('round-trip', async () => {
    const { store } = await openTestStore();
    expect(await store.getSetting('missing')).toBeUndefined();
    await store.putSetting('turnBudget', { value: 5, list: [1, 2] });
    expect(await store.getSetting('turnBudget')).toEqual({ value: 5, list: [1, 2] });
    await store.deleteSetting('turnBudget');
    expect(await store.getSetting('turnBudget')).toBeUndefined();

    await store.putExperiment({ id: 'old', name: 'a', createdAt: 1, appVersion: '0', design: null });
    await store.putExperiment({ id: 'new', name: 'b', createdAt: 2, appVersion: '0', design: { n: 3 } });
    expect((await store.listExperiments()).map((e) => e.id)).toEqual(['new', 'old']);
    expect((await store.getExperiment('new'))?.design).toEqual({ n: 3 });

    await store.putCustomModel({ id: 'm' });
    await store.deleteCustomModel('m');
    expect(await store.listCustomModels()).toEqual([]);
  });

  it("keeps an experiment's design under the stored key 'plan', so experiments an older build stored still read", async () => {
    const { store, factory } = await openTestStore();
    const design = { name: 'old one', envIds: ['maze'] };
    const db = await openLabDatabase({ name: 'test-lab', factory });
    // Written the way every build before the rename wrote it.
    await db.put('experiments', {
      id: 'old',
      name: 'a',
      createdAt: 1,
      appVersion: '0.0.1',
      plan: design,
      state: 'done',
    });
    expect(await store.getExperiment('old')).toEqual({
      id: 'old',
      name: 'a',
      createdAt: 1,
      appVersion: '0.0.1',
      design,
      state: 'done',
    });
    expect((await store.listExperiments()).map((e) => e.design)).toEqual([design]);

    await store.putExperiment({ id: 'new', name: 'b', createdAt: 2, appVersion: '0', design: { n: 3 } });
    const raw = await db.get('experiments', 'new');
    expect(raw).toEqual({ id: 'new', name: 'b', createdAt: 2, appVersion: '0', plan: { n: 3 } });
    db.close();
  });
});

describe('storage full', () => {
  const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  /** Make every put on the named store fail the way a full disk does. */
  function failPuts(storeName: string, how: 'throw' | 'abort-transaction'): void {
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name !== storeName) return original.apply(this, args);
      if (how === 'throw') throw quota();
      const request = original.apply(this, args);
      // The browser aborts the transaction with QuotaExceededError (fake-indexeddb's internal hook).
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
  }

  for (const how of ['throw', 'abort-transaction'] as const) {
    it(`a quota failure (${how}) while saving a turn is a StorageFullError and keeps earlier data`, async () => {
      const { store, factory } = await openTestStore();
      const { id } = await store.createEpisode(episodeInput());
      await store.appendTurn(id, makeTurn(1));
      const before = await store.getEpisode(id);

      failPuts('episodes', how); // the turn's put succeeds first, then the episode's put fails
      const error = await store.appendTurn(id, makeTurn(2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageFullError);
      expect((error as Error).message).toMatch(/storage for this site is full.*earlier episodes are safe/);
      expect((error as Error).name).toBe('StorageFullError');
      vi.restoreAllMocks();

      expect(await store.getEpisode(id)).toEqual(before);
      expect(await countTurns(factory, id)).toBe(1);
      // Once there is room again, the same turn goes in.
      expect((await store.appendTurn(id, makeTurn(2))).turnsDone).toBe(2);
    });
  }

  for (const how of ['throw', 'abort-transaction'] as const) {
    it(`deleting needs no free space (${how}): the summary is dropped, then counted afresh`, async () => {
      const { store } = await openTestStore();
      await store.putExperiment({ id: 'x', name: 'x', createdAt: 0, appVersion: '0', design: {} });
      const a = await store.createEpisode(episodeInput(makeConfig(), { experimentId: 'x' }));
      const b = await store.createEpisode(episodeInput());
      const c = await store.createEpisode(episodeInput(makeConfig({ envId: 'arithmetic' })));
      failPuts('summary', how); // the disk is full: even the summary's small rewrite is refused
      expect(await store.deleteEpisodes([b.id])).toEqual([b.id]);
      expect(await store.deleteExperiment('x')).toBe(1);
      expect((await store.facets()).total).toBe(1);
      vi.restoreAllMocks();
      expect(await store.facets()).toMatchObject({ total: 1, envIds: ['arithmetic'] });
      expect((await store.listEpisodes()).map((e) => e.id)).toEqual([c.id]);
      expect(a.id).not.toBe(c.id);
    });
  }

  it('a quota failure while creating an episode is a StorageFullError', async () => {
    const { store } = await openTestStore();
    const kept = await store.createEpisode(episodeInput());
    failPuts('episodes', 'throw');
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quota();
    });
    await expect(store.createEpisode(episodeInput())).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect((await store.listEpisodes()).map((e) => e.id)).toEqual([kept.id]);
  });
});

describe('errors', () => {
  it('a closed store throws StoreClosedError, never a DOMException', async () => {
    const { store } = await openTestStore();
    store.close();
    store.close();
    expect(store.isOpen).toBe(false);
    const error = await store.listEpisodes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreClosedError);
    expect(error).toBeInstanceOf(StoreError);
  });

  it('wraps an unexpected IndexedDB failure in a StoreError that says what failed', async () => {
    const { store } = await openTestStore();
    const { id } = await store.createEpisode(episodeInput());
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('disk on fire', 'UnknownError');
    });
    const error = await store.appendTurn(id, makeTurn(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(DOMException);
    expect((error as Error).message).toContain(`save turn 1 of episode ${id}`);
    expect((error as Error).message).toContain('disk on fire');
    expect((error as StoreError).cause).toBeInstanceOf(DOMException);
  });
});

describe('estimateStorage and ids', () => {
  it('returns null without navigator.storage, and the numbers where it exists', async () => {
    vi.stubGlobal('navigator', undefined);
    expect(await estimateStorage()).toBeNull();
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 10, quota: 100 }) } });
    expect(await estimateStorage()).toEqual({ usage: 10, quota: 100 });
    vi.stubGlobal('navigator', { storage: { estimate: async () => Promise.reject(new Error('no')) } });
    expect(await estimateStorage()).toBeNull();
  });

  it('makes v4 UUIDs without crypto.randomUUID (insecure contexts)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
    const ids = new Set(Array.from({ length: 50 }, () => newId()));
    expect(ids.size).toBe(50);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

it('fresh factories do not share data', async () => {
  const { store } = await openTestStore();
  await store.createEpisode(episodeInput());
  const other = await openTestStore({ factory: freshFactory() });
  expect(await other.store.listEpisodes()).toEqual([]);
});
