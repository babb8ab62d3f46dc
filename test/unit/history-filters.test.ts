/**
 * The one episode query from the History form to the worker: blank choices filter nothing, the date
 * inputs' days map to times and back, and the state asks the worker with plain data (a Svelte proxy
 * cannot cross to the worker), every filter cleared by "Clear filters".
 */
import { describe, expect, it } from 'vitest';
import { indexedPart, withoutBlanks, type EpisodeQuery } from '../../src/core/episode-query';
import type { LabClient } from '../../src/state/lab-client.svelte';
import { HistoryState, PAGE_SIZE, dayEnd, dayOf, dayStart } from '../../src/state/history.svelte';

describe('withoutBlanks', () => {
  it('leaves out an empty choice and a search of spaces, and trims the search', () => {
    const query: EpisodeQuery = {
      envId: '',
      conditionKind: 'retry',
      studentModel: '',
      text: '  wall ',
      from: 0,
    };
    expect(withoutBlanks(query)).toEqual({ conditionKind: 'retry', text: 'wall', from: 0 });
    expect(withoutBlanks({ experimentId: '', text: '   ', sort: 'oldest' })).toEqual({ sort: 'oldest' });
    // The caller's query is left as it was.
    expect(query.envId).toBe('');
  });
});

describe('indexedPart', () => {
  it('keeps the filters in the given date order, without the text or the paging', () => {
    const query: EpisodeQuery = {
      envId: 'maze',
      status: 'solved',
      experimentId: 'x',
      from: 1,
      to: 2,
      text: 'wall',
      sort: 'solved-soonest',
      offset: 50,
      limit: 50,
    };
    expect(indexedPart(query, 'oldest')).toEqual({
      envId: 'maze',
      status: 'solved',
      experimentId: 'x',
      from: 1,
      to: 2,
      sort: 'oldest',
    });
  });
});

describe('the date inputs', () => {
  it('map a day to its first and last millisecond, and both back to the day', () => {
    for (const day of ['2025-01-31', '2024-02-29', '2025-03-30', '2025-10-26', '2025-12-31']) {
      const start = dayStart(day)!;
      const end = dayEnd(day)!;
      expect(dayOf(start)).toBe(day);
      expect(dayOf(end)).toBe(day);
      expect(dayOf(end + 1)).not.toBe(day);
      expect(new Date(end + 1).getHours()).toBe(0);
    }
  });

  it('read a blank or malformed day as no date', () => {
    expect(dayStart('')).toBeUndefined();
    expect(dayEnd('31/01/2025')).toBeUndefined();
    expect(dayOf(undefined)).toBe('');
  });
});

describe('HistoryState', () => {
  function stateWithFakeWorker() {
    const asked: unknown[] = [];
    const api = {
      queryHistory: async (query: EpisodeQuery) => {
        // What comlink does to an argument: a Svelte proxy would throw DataCloneError here.
        asked.push(structuredClone(query));
        return { total: 0, offset: 0, rows: [] };
      },
    };
    return { history: new HistoryState({ api } as unknown as LabClient), asked };
  }

  it('asks the worker with the filters as one query, blanks left out', async () => {
    const { history, asked } = stateWithFakeWorker();
    history.setFilters({ envId: 'maze', studentModel: '', text: ' wall ', to: dayEnd('2025-01-31') });
    await history.refresh();
    expect(asked.at(-1)).toEqual({
      envId: 'maze',
      text: 'wall',
      to: dayEnd('2025-01-31'),
      sort: 'newest',
      offset: 0,
      limit: PAGE_SIZE,
    });
    expect(history.selection).toBeNull();
    history.selectAllMatching();
    expect(history.selection).toEqual({
      query: { envId: 'maze', text: 'wall', to: dayEnd('2025-01-31'), sort: 'newest' },
    });
  });

  it('clears every filter, not only those the empty form names', async () => {
    const { history, asked } = stateWithFakeWorker();
    history.setFilters({ envId: 'maze', status: 'solved', from: 5, sort: 'oldest' });
    history.resetFilters();
    await history.refresh();
    expect(asked.at(-1)).toEqual({ sort: 'newest', offset: 0, limit: PAGE_SIZE });
  });
});
