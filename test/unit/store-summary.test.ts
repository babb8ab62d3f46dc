/**
 * The history's summary record (schema v4) stays equal to a count of what is stored through any
 * sequence of the writes that change it: create, finish, the start-up sweep, import (with skipped
 * duplicates), selection delete, experiment delete and delete-all; and the menus and counts read it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticHistory } from '../helpers/history-fixtures';
import { episodeInput, makeConfig, makeTurn, openTestStore } from '../helpers/store-fixtures';
import { openLabDatabase, type EpisodeRecord, type LabStore } from '../../src/store';
import { SUMMARY_FIELDS, SUMMARY_KEY, emptySummary, type HistorySummary } from '../../src/store/summary';

/** What the summary should say: every stored episode counted by hand. */
function expectedSummary(episodes: readonly EpisodeRecord[]): HistorySummary {
  const summary = emptySummary();
  summary.total = episodes.length;
  for (const e of episodes)
    for (const field of SUMMARY_FIELDS)
      summary.counts[field][e[field]] = (summary.counts[field][e[field]] ?? 0) + 1;
  return summary;
}

async function storedSummary(factory: IDBFactory): Promise<unknown> {
  const db = await openLabDatabase({ name: 'test-lab', factory });
  try {
    return await db.get('summary', SUMMARY_KEY);
  } finally {
    db.close();
  }
}

const ENVS = ['maze', 'arithmetic'] as const;
const CONDITIONS = [{ kind: 'retry' }, { kind: 'rule-teacher', level: 2 }] as const;
const MODELS = ['m1', 'm2'];

type Op =
  | { op: 'create'; env: number; cond: number; model: number; experiment: boolean }
  | { op: 'finish'; pick: number; solved: boolean }
  | { op: 'sweep'; keepFirst: boolean }
  | { op: 'import'; seed: number; count: number }
  | { op: 'delete'; picks: number[]; keepRunning: boolean }
  | { op: 'deleteExperiment' }
  | { op: 'deleteAll' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      env: fc.nat(1),
      cond: fc.nat(1),
      model: fc.nat(1),
      experiment: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('finish' as const), pick: fc.nat(20), solved: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('sweep' as const), keepFirst: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('import' as const),
      seed: fc.integer({ min: 1, max: 3 }),
      count: fc.integer({ min: 1, max: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      picks: fc.array(fc.nat(20), { maxLength: 4 }),
      keepRunning: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteExperiment' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteAll' as const) }) },
);

async function apply(store: LabStore, op: Op, at: number): Promise<void> {
  const all = await store.listEpisodes({ sort: 'oldest' });
  const running = all.filter((e) => e.status === 'running');
  switch (op.op) {
    case 'create': {
      const experimentId = op.experiment ? 'exp-1' : null;
      if (experimentId)
        await store.putExperiment({ id: experimentId, name: 'x', createdAt: 0, appVersion: 't', design: {} });
      const config = makeConfig({
        envId: ENVS[op.env]!,
        condition: CONDITIONS[op.cond]!,
        student: { kind: 'model', modelId: MODELS[op.model]! },
      });
      await store.createEpisode(episodeInput(config, { startedAt: at, experimentId }));
      return;
    }
    case 'finish': {
      const episode = running[op.pick % Math.max(1, running.length)];
      if (!episode) return;
      if (op.solved) {
        await store.appendTurn(episode.id, makeTurn(1));
        await store.finishEpisode(episode.id, { status: 'solved', solvedAtTurn: 1, endedAt: at });
      } else {
        await store.finishEpisode(episode.id, { status: 'failed', solvedAtTurn: null, endedAt: at });
      }
      return;
    }
    case 'sweep':
      await store.markRunningAsInterrupted({ keep: op.keepFirst && running[0] ? [running[0].id] : [] });
      return;
    case 'import':
      // The same seed twice imports the same ids: the second time they are skipped, not counted.
      await store.importEpisodes(syntheticHistory(op.count, { seed: op.seed, turns: 2 }));
      return;
    case 'delete':
      await store.deleteEpisodes(
        op.picks.map((p) => all[p % Math.max(1, all.length)]?.id ?? 'missing'),
        { keepRunning: op.keepRunning },
      );
      return;
    case 'deleteExperiment':
      await store.deleteExperiment('exp-1');
      return;
    case 'deleteAll':
      await store.deleteAll();
  }
}

describe('the history summary', () => {
  it('equals a count of the stored episodes after any sequence of writes, and the menus and counts read it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        const { store, factory } = await openTestStore();
        try {
          for (const [i, op] of ops.entries()) await apply(store, op, 100 + i);
          const all = await store.listEpisodes({});
          const expected = expectedSummary(all);
          const stored = await storedSummary(factory);
          // Delete-all clears it (deleting needs no free space); the next write counts it afresh.
          if (stored === undefined) expect(all).toEqual([]);
          else expect(stored).toEqual(expected);
          const facets = await store.facets();
          expect(facets.total).toBe(all.length);
          expect(facets.envIds).toEqual(Object.keys(expected.counts.envId).sort());
          expect(facets.studentModels).toEqual(Object.keys(expected.counts.studentModel).sort());
          for (const status of ['running', 'failed', 'solved', 'interrupted'] as const) {
            const page = await store.pageEpisodes({ status, limit: 1 });
            expect(page.total).toBe(all.filter((e) => e.status === status).length);
          }
          expect((await store.pageEpisodes({ limit: 1 })).total).toBe(all.length);
        } finally {
          store.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('a missing or damaged record is counted afresh from the indexes, not trusted', async () => {
    const { store, factory } = await openTestStore();
    await store.importEpisodes(syntheticHistory(9, { seed: 2, turns: 1 }));
    const first = new Set((await store.listEpisodes({})).map((e) => e.id));
    for (const damage of [undefined, { key: SUMMARY_KEY, total: -1, counts: {} }]) {
      const db = await openLabDatabase({ name: 'test-lab', factory });
      if (damage === undefined) await db.delete('summary', SUMMARY_KEY);
      else await db.put('summary', damage as never);
      db.close();
      expect((await store.facets()).total).toBe(9);
      expect((await store.pageEpisodes({ limit: 2 })).total).toBe(9);
      // The next write stores a good summary again.
      await store.createEpisode(episodeInput(makeConfig(), { startedAt: 5 }));
      expect(await storedSummary(factory)).toEqual(expectedSummary(await store.listEpisodes({})));
      await store.deleteEpisodes([(await store.listEpisodes({})).find((e) => !first.has(e.id))!.id]);
    }
  });
});
