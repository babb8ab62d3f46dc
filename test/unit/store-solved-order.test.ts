/**
 * "Solved soonest / latest" read from the solved-turn index (solved-order.ts) gives exactly the page
 * the in-memory sort gives (solved by turn, newest first within a turn, unsolved last newest first,
 * ties of start time by id) for any history, offset and limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticHistory } from '../helpers/history-fixtures';
import { openTestStore } from '../helpers/store-fixtures';
import type { EpisodeRecord } from '../../src/store';
import type { SolvedSort } from '../../src/store/solved-order';

/** The reference order: the date order (newest, ties by the greater id first), then a stable sort. */
function reference(episodes: readonly EpisodeRecord[], sort: SolvedSort): string[] {
  const direction = sort === 'solved-soonest' ? 1 : -1;
  const newest = [...episodes].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
  return newest
    .sort((a, b) => {
      if (a.solvedAtTurn === null || b.solvedAtTurn === null) {
        return a.solvedAtTurn === b.solvedAtTurn ? 0 : a.solvedAtTurn === null ? 1 : -1;
      }
      return direction * (a.solvedAtTurn - b.solvedAtTurn);
    })
    .map((e) => e.id);
}

describe('the history by solving turn', () => {
  it('pages as the in-memory sort does, for any history, offset and limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        fc.constantFrom<SolvedSort>('solved-soonest', 'solved-latest'),
        fc.nat(45),
        fc.integer({ min: 1, max: 30 }),
        async (count, seed, ties, sort, offset, limit) => {
          const items = syntheticHistory(count, { seed, turns: 4 });
          // Many episodes started at the same moment: their order is by id.
          if (ties)
            for (const item of items) item.episode.startedAt = Math.floor(item.episode.startedAt / 3e8);
          const { store } = await openTestStore();
          try {
            await store.importEpisodes(items);
            const page = await store.pageBySolvingTurn(sort, { offset, limit });
            const expected = reference(await store.listEpisodes({}), sort);
            expect(page.total).toBe(count);
            expect(page.rows.map((e) => e.id)).toEqual(expected.slice(offset, offset + limit));
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
