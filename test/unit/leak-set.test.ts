/**
 * The leak guard on the hand-written labelled set (test/fixtures/leak-set/): the goals of issue 12
 * hold on the tuned part per environment (≥ 90% of leaks caught, ≤ 5% of honest messages flagged),
 * and the blind part, never tuned on, holds a lower bar overall, as do a second author's set and a
 * held-out set written without sight of the guard. `npm run bench` reports the figures.
 */
import { describe, expect, it } from 'vitest';
import { BLIND } from '../fixtures/leak-set/blind';
import { FRESH_A } from '../fixtures/leak-set/fresh-a';
import { HOLDOUT } from '../fixtures/leak-set/holdout';
import { CAUGHT_GOAL, FLAGGED_GOAL, rates, scoreLeakSet } from '../fixtures/leak-set/score';
import { TUNED } from '../fixtures/leak-set/tuned';

/** The bar on the blind part, overall: what it measured when it was first scored after the changes. */
const BLIND_CAUGHT = 0.8;
/** The bars on the second author's set (tuned on after one blind score) and the held-out set, overall: as measured. */
const FRESH_A_CAUGHT = 0.9;
const HOLDOUT_CAUGHT = 0.6;

const wrongList = (wrong: Awaited<ReturnType<typeof scoreLeakSet>>['overall']['wrong']) =>
  wrong.map((w) => `${w.label === 'leak' ? 'missed' : 'flagged'} (${w.envId}): ${w.text}`).join('\n');

// Scored before the tests are collected (the guard runs code edits in the sandbox, asynchronously).
const tuned = await scoreLeakSet(TUNED);

describe('leak guard: the labelled set', () => {
  for (const [envId, score] of Object.entries(tuned.byEnv)) {
    it(`${envId}: catches the leaks and lets the honest messages through (tuned part)`, () => {
      const { caught, flagged } = rates(score);
      expect(score.leaks).toBeGreaterThanOrEqual(8);
      expect(score.honest).toBeGreaterThanOrEqual(12);
      expect(caught, wrongList(score.wrong)).toBeGreaterThanOrEqual(CAUGHT_GOAL);
      expect(flagged, wrongList(score.wrong)).toBeLessThanOrEqual(FLAGGED_GOAL);
    });
  }

  it('covers every environment in both parts', () => {
    const ids = (groups: typeof TUNED) => [...new Set(groups.map((g) => g.envId))].sort();
    expect(ids(TUNED)).toEqual(['arithmetic', 'code', 'countdown', 'hanoi', 'knights', 'maze', 'sudoku']);
    expect(ids(BLIND)).toEqual(ids(TUNED));
    expect(BLIND.every((g) => g.blind) && TUNED.every((g) => !g.blind)).toBe(true);
  });

  it('the fresh set and the held-out set hold their bars overall', async () => {
    for (const [groups, bar] of [
      [FRESH_A, FRESH_A_CAUGHT],
      [HOLDOUT, HOLDOUT_CAUGHT],
    ] as const) {
      const { overall } = await scoreLeakSet(groups);
      const { caught, flagged } = rates(overall);
      expect(overall.leaks).toBeGreaterThanOrEqual(70);
      expect(caught).toBeGreaterThanOrEqual(bar);
      expect(flagged).toBeLessThanOrEqual(FLAGGED_GOAL);
    }
    expect(HOLDOUT.every((g) => g.blind) && FRESH_A.every((g) => !g.blind)).toBe(true);
  });

  it('the blind part holds its bar overall', async () => {
    const { overall } = await scoreLeakSet(BLIND);
    const { caught, flagged } = rates(overall);
    expect(caught, wrongList(overall.wrong)).toBeGreaterThanOrEqual(BLIND_CAUGHT);
    expect(flagged, wrongList(overall.wrong)).toBeLessThanOrEqual(FLAGGED_GOAL);
  });
});
