/**
 * The experiment results' turns cache: a read of an experiment's results gives what a read from
 * nothing gives, after every change to its episodes (one finishing, one deleted, one still running),
 * while reading again only the turns of episodes that are not finished or changed since.
 */
import { describe, expect, it, vi } from 'vitest';
import { defaultDesign } from '../../src/core/experiment';
import { experimentResults } from '../../src/lab/experiment-query';
import { ExperimentReadCache } from '../../src/lab/experiment-read-cache';
import { episodeInput, makeConfig, makeTurn, openTestStore } from '../helpers/store-fixtures';

const design = defaultDesign({ studentModels: ['tiny'], tasks: 3, turnBudget: 2, maxTokens: 16 });

async function setup() {
  const { store } = await openTestStore();
  for (const id of ['x1', 'x2'])
    await store.putExperiment({ id, name: id, createdAt: 1, appVersion: 't', design });
  const add = async (id: string, experimentId: string, startedAt: number) => {
    await store.createEpisode({ ...episodeInput(makeConfig(), { startedAt, id }), experimentId });
    await store.appendTurn(id, makeTurn(1));
  };
  return { store, add };
}

describe('ExperimentReadCache', () => {
  it('gives the results a fresh read gives, reading again only what may have changed', async () => {
    const { store, add } = await setup();
    const cache = new ExperimentReadCache();
    const reads = vi.spyOn(store, 'storedTurnsOf');
    const same = async () => {
      const cached = await experimentResults(store, 'x1', cache);
      expect(cached).toEqual(await experimentResults(store, 'x1'));
      return reads.mock.calls.at(-2)?.[0] ?? [];
    };
    await add('a', 'x1', 10);
    await add('b', 'x1', 20);
    await store.finishEpisode('a', { status: 'failed', solvedAtTurn: null, endedAt: 100 });
    expect([...(await same())].sort()).toEqual(['a', 'b']);
    // Nothing finished since: only the running episode is read again.
    expect(await same()).toEqual(['b']);
    // 'b' takes a turn and finishes: read again once, then kept.
    await store.appendTurn('b', makeTurn(2));
    await store.finishEpisode('b', { status: 'failed', solvedAtTurn: null, endedAt: 200 });
    expect(await same()).toEqual(['b']);
    const before = reads.mock.calls.length;
    expect((await experimentResults(store, 'x1', cache)).summary).toEqual(
      (await experimentResults(store, 'x1')).summary,
    );
    expect(reads.mock.calls.length - before).toBe(1); // only the fresh read read turns
    // A deleted episode leaves the results (and the cache) with the next read.
    await store.deleteEpisodes(['a']);
    await same();
    expect((await experimentResults(store, 'x1', cache)).summary).toEqual(
      (await experimentResults(store, 'x1')).summary,
    );
  });

  it('another experiment starts afresh; an episode that changed is read again', async () => {
    const { store, add } = await setup();
    const cache = new ExperimentReadCache();
    await add('a', 'x1', 10);
    await add('c', 'x2', 30);
    await store.finishEpisode('a', { status: 'failed', solvedAtTurn: null, endedAt: 100 });
    await store.finishEpisode('c', { status: 'failed', solvedAtTurn: null, endedAt: 300 });
    const reads = vi.spyOn(store, 'storedTurnsOf');
    await experimentResults(store, 'x1', cache);
    await experimentResults(store, 'x2', cache);
    await experimentResults(store, 'x1', cache);
    expect(reads.mock.calls.map((c) => [...c[0]])).toEqual([['a'], ['c'], ['a']]);
    // Cleared (LabService clears it on every import and delete, which a record's key might not show):
    // read again.
    cache.clear();
    await experimentResults(store, 'x1', cache);
    expect(reads.mock.calls).toHaveLength(4);
  });
});
