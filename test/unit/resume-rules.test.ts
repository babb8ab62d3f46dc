/**
 * The budget and resume rules (`core/protocol/resume.ts`), which the protocol, the store, the
 * experiment runner, the metrics and the forms all read.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EPISODE_STATUSES,
  effectiveTurnBudget,
  isCompletedStatus,
  isResumable,
  isResumableStatus,
  resumeProblem,
  turnsVerdict,
  type Condition,
  type FinishedTurn,
} from '../../src/core/protocol';

const turn = (n: number, correct = false): FinishedTurn => ({ turn: n, diagnosis: { correct } });
const failed = (n: number) => Array.from({ length: n }, (_, i) => turn(i + 1));
const retry: Condition = { kind: 'retry' };
const single: Condition = { kind: 'single' };

describe('effectiveTurnBudget', () => {
  it('is one for single whatever the turn budget says, and the turn budget for every other condition', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (turnBudget) => {
        expect(effectiveTurnBudget({ condition: single, turnBudget })).toBe(1);
        expect(effectiveTurnBudget({ condition: retry, turnBudget })).toBe(turnBudget);
        expect(effectiveTurnBudget({ condition: { kind: 'rule-teacher', level: 1 }, turnBudget })).toBe(
          turnBudget,
        );
      }),
    );
  });
});

describe('turnsVerdict', () => {
  it('is open while turns are left, spent once the budget is used, solved at the solving turn', () => {
    const config = { condition: retry, turnBudget: 3 };
    expect(turnsVerdict(config, [])).toEqual({ state: 'open' });
    expect(turnsVerdict(config, failed(2))).toEqual({ state: 'open' });
    expect(turnsVerdict(config, failed(3))).toEqual({ state: 'spent' });
    expect(turnsVerdict(config, [turn(1), turn(2, true)])).toEqual({ state: 'solved', turn: 2 });
    // Solving on the last attempt is solved, not spent.
    expect(turnsVerdict(config, [turn(1), turn(2), turn(3, true)])).toEqual({ state: 'solved', turn: 3 });
  });

  it('spends a single episode after one attempt although its turnBudget says 5', () => {
    expect(turnsVerdict({ condition: single, turnBudget: 5 }, failed(1))).toEqual({ state: 'spent' });
  });
});

describe('resumeProblem', () => {
  const config = { condition: retry, turnBudget: 3 };

  it('lets turns go on only when numbered 1, 2, 3…, none solving it, with turns of the budget left', () => {
    expect(resumeProblem(config, [])).toBeNull();
    expect(resumeProblem(config, failed(2))).toBeNull();
    expect(resumeProblem(config, [turn(1), turn(3)])).toMatch(/turn 2 is numbered 3/);
    expect(resumeProblem(config, [turn(1, true), turn(2)])).toMatch(/already solved at turn 1/);
    expect(resumeProblem(config, failed(3))).toMatch(/all 3 turns of the budget are already used/);
    expect(resumeProblem({ condition: single, turnBudget: 5 }, failed(1))).toMatch(/all 1 turns/);
  });
});

describe('statuses', () => {
  it('splits every status into completed, resumable and running', () => {
    expect(EPISODE_STATUSES.filter(isCompletedStatus)).toEqual(['solved', 'failed']);
    expect(EPISODE_STATUSES.filter(isResumableStatus)).toEqual(['aborted', 'interrupted', 'error']);
    expect(EPISODE_STATUSES.filter((s) => !isCompletedStatus(s) && !isResumableStatus(s))).toEqual([
      'running',
    ]);
  });
});

describe('isResumable', () => {
  const episode = (
    status: (typeof EPISODE_STATUSES)[number],
    turnsDone: number,
    condition: Condition = retry,
  ) => ({
    status,
    turnsDone,
    config: { condition, turnBudget: 5 },
  });

  it('offers a resume for an episode stopped before its verdict with attempts left', () => {
    for (const status of ['interrupted', 'aborted', 'error'] as const) {
      expect(isResumable(episode(status, 2))).toBe(true);
      expect(isResumable(episode(status, 5))).toBe(false);
    }
    for (const status of ['running', 'solved', 'failed'] as const)
      expect(isResumable(episode(status, 2))).toBe(false);
  });

  it('offers none for a single episode with its one attempt made, although its turnBudget says 5', () => {
    expect(isResumable(episode('interrupted', 0, single))).toBe(true);
    expect(isResumable(episode('interrupted', 1, single))).toBe(false);
  });
});
