/**
 * The planner's choices, as plain data: which index a list or a count reads, over which range, and
 * whether the index's keys alone are the answer. (That every plan gives the right rows is the
 * property test in store.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../src/store';
import { matcherOf, planCount, planList } from '../../src/store/query-planner';

describe('planList', () => {
  it('walks the date index for no filter (the whole index) or a date range alone; its keys are the answer', () => {
    expect(planList({})).toEqual({ read: 'ordered', index: 'by-startedAt', bounds: null, exact: true });
    expect(planList({ from: 5 })).toEqual({
      read: 'ordered',
      index: 'by-startedAt',
      bounds: { lower: 5, upper: Infinity },
      exact: true,
    });
    expect(planList({ to: 9, limit: 3, sort: 'oldest' })).toEqual({
      read: 'ordered',
      index: 'by-startedAt',
      bounds: { lower: -Infinity, upper: 9 },
      exact: true,
    });
  });

  it('walks [envId, conditionKind, startedAt] for an environment with a condition, exact only without other filters', () => {
    expect(planList({ envId: 'maze', conditionKind: 'retry', from: 1, to: 2 })).toEqual({
      read: 'ordered',
      index: 'by-envId-conditionKind',
      bounds: { lower: ['maze', 'retry', 1], upper: ['maze', 'retry', 2] },
      exact: true,
    });
    expect(planList({ envId: 'maze', conditionKind: 'retry', status: 'solved' })).toEqual({
      read: 'ordered',
      index: 'by-envId-conditionKind',
      bounds: { lower: ['maze', 'retry', -Infinity], upper: ['maze', 'retry', Infinity] },
      exact: false,
    });
  });

  it('walks the [field, startedAt] index of one filter, exact when it is the only one', () => {
    expect(planList({ envId: 'maze' })).toEqual({
      read: 'ordered',
      index: 'by-envId-startedAt',
      bounds: { lower: ['maze', -Infinity], upper: ['maze', Infinity] },
      exact: true,
    });
    expect(planList({ conditionKind: 'retry', from: 3 })).toEqual({
      read: 'ordered',
      index: 'by-conditionKind-startedAt',
      bounds: { lower: ['retry', 3], upper: ['retry', Infinity] },
      exact: true,
    });
    expect(planList({ status: 'running' })).toEqual({
      read: 'ordered',
      index: 'by-status-startedAt',
      bounds: { lower: ['running', -Infinity], upper: ['running', Infinity] },
      exact: true,
    });
    // More filters: the first field's index in order (environment, condition, student, status), the
    // rest applied in memory as the walk goes.
    expect(planList({ envId: 'maze', studentModel: 'm' })).toEqual({
      read: 'ordered',
      index: 'by-envId-startedAt',
      bounds: { lower: ['maze', -Infinity], upper: ['maze', Infinity] },
      exact: false,
    });
    expect(planList({ studentModel: 'human', status: 'solved' })).toEqual({
      read: 'ordered',
      index: 'by-studentModel-startedAt',
      bounds: { lower: ['human', -Infinity], upper: ['human', Infinity] },
      exact: false,
    });
  });

  it("reads an experiment's episodes by its index (they are few), whatever else is set", () => {
    expect(planList({ experimentId: 'x', envId: 'maze', status: 'failed' })).toEqual({
      read: 'candidates',
      index: 'by-experimentId',
      key: 'x',
    });
    expect(planList({ experimentId: 'x', envId: 'maze', conditionKind: 'retry' })).toEqual({
      read: 'candidates',
      index: 'by-experimentId',
      key: 'x',
    });
  });

  it('reads nothing for an empty date range', () => {
    expect(planList({ from: 31, to: 30 })).toEqual({ read: 'nothing' });
    expect(planList({ envId: 'maze', conditionKind: 'retry', from: 2, to: 1 })).toEqual({ read: 'nothing' });
  });
});

describe('planCount', () => {
  it("uses the store's count, or the date index's range, when no field filter is set", () => {
    expect(planCount({ limit: 5 })).toEqual({ count: 'store' });
    expect(planCount({ from: 1 })).toEqual({
      count: 'range',
      index: 'by-startedAt',
      bounds: { lower: 1, upper: Infinity },
    });
  });

  it('counts one field index by its key when that is the only filter', () => {
    expect(planCount({ envId: 'maze' })).toEqual({ count: 'key', index: 'by-envId', key: 'maze' });
    expect(planCount({ status: 'error' })).toEqual({ count: 'key', index: 'by-status', key: 'error' });
    expect(planCount({ experimentId: 'x' })).toEqual({ count: 'key', index: 'by-experimentId', key: 'x' });
    expect(planCount({ studentModel: 'm' })).toEqual({ count: 'key', index: 'by-studentModel', key: 'm' });
  });

  it('counts the pair index for environment + condition, dated or not', () => {
    expect(planCount({ envId: 'maze', conditionKind: 'binary', to: 7 })).toEqual({
      count: 'range',
      index: 'by-envId-conditionKind',
      bounds: { lower: ['maze', 'binary', -Infinity], upper: ['maze', 'binary', 7] },
    });
  });

  it('counts the [field, startedAt] range of one filter with dates', () => {
    expect(planCount({ envId: 'maze', from: 1 })).toEqual({
      count: 'range',
      index: 'by-envId-startedAt',
      bounds: { lower: ['maze', 1], upper: ['maze', Infinity] },
    });
  });

  it('lists and counts when no index applies every filter', () => {
    expect(planCount({ envId: 'maze', status: 'solved' })).toEqual({ count: 'list' });
    expect(planCount({ envId: 'maze', conditionKind: 'retry', status: 'solved' })).toEqual({ count: 'list' });
  });

  it('counts nothing for an empty date range', () => {
    expect(planCount({ status: 'solved', from: 9, to: 8 })).toEqual({ count: 'nothing' });
  });
});

describe('matcherOf', () => {
  const record = {
    envId: 'maze',
    conditionKind: 'retry',
    status: 'solved',
    experimentId: 'x',
    studentModel: 'm',
    startedAt: 10,
  } as EpisodeRecord;

  it('applies every filter, the dates inclusive', () => {
    expect(matcherOf({})(record)).toBe(true);
    expect(matcherOf({ envId: 'maze', conditionKind: 'retry', from: 10, to: 10 })(record)).toBe(true);
    expect(matcherOf({ status: 'failed' })(record)).toBe(false);
    expect(matcherOf({ experimentId: 'y' })(record)).toBe(false);
    expect(matcherOf({ studentModel: 'human' })(record)).toBe(false);
    expect(matcherOf({ from: 11 })(record)).toBe(false);
    expect(matcherOf({ to: 9 })(record)).toBe(false);
  });
});
