import { describe, expect, it } from 'vitest';
import {
  contrast,
  exactBinomialTwoSided,
  itemOutcomes,
  mcnemarExact,
  summarise,
  transitions,
  withheldRate,
} from '../../src/core/metrics';
import { episode, outcome, RULE2 } from './metrics-fixtures';

describe('exact tests', () => {
  it('match hand-worked binomial tails', () => {
    // 1 vs 6 discordant: 2 · (1 + 7) / 2^7 = 0.125.
    expect(mcnemarExact(1, 6)).toBeCloseTo(0.125, 12);
    expect(mcnemarExact(6, 1)).toBeCloseTo(0.125, 12);
    // 0 vs 10: 2 / 1024.
    expect(mcnemarExact(0, 10)).toBeCloseTo(2 / 1024, 12);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
    // Large n stays finite: 400 of 1000 is far in the tail.
    const p = exactBinomialTwoSided(400, 1000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-9);
    expect(() => exactBinomialTwoSided(3, 2)).toThrow(RangeError);
  });
});

describe('contrast', () => {
  // Condition A solves items 0–5, B solves items 0 and 6; items 0–7 on both sides.
  const a = Array.from({ length: 8 }, (_, i) =>
    outcome(`a${i}`, i < 6 ? 1 : null, { index: i, condition: RULE2 }),
  );
  const b = Array.from({ length: 8 }, (_, i) =>
    outcome(`b${i}`, i === 0 || i === 6 ? 2 : null, { index: i }),
  );

  it("compares two rows paired by item, with McNemar's exact test", () => {
    const c = contrast(itemOutcomes(a), itemOutcomes(b))!;
    // Discordant: A only on items 1–5 (5), B only on item 6 (1). Estimate (6 − 2) / 8 = 0.5.
    expect(c).toMatchObject({
      items: 8,
      estimate: 0.5,
      method: 'newcombe',
      test: 'mcnemar-exact',
      table: { both: 1, conditionOnly: 5, baselineOnly: 1, neither: 1 },
      onlyA: 0,
      onlyB: 0,
    });
    expect(c.pValue).toBeCloseTo(mcnemarExact(5, 1), 12);
    expect(c.low).toBeLessThan(0.5);
    expect(c.high).toBeGreaterThan(0.5);
    // Swapping the sides flips the sign and keeps the test.
    const back = contrast(itemOutcomes(b), itemOutcomes(a))!;
    expect(back.estimate).toBeCloseTo(-0.5, 12);
    expect(back.pValue).toBeCloseTo(c.pValue, 12);
  });

  it('uses the item bootstrap and the sign test with replicates, and counts unshared items', () => {
    const replicated = [...a, ...a.map((e) => ({ ...e, id: `${e.id}r` }))];
    const extra = outcome('a9', 1, { index: 9, condition: RULE2 });
    const c = contrast(itemOutcomes([...replicated, extra]), itemOutcomes(b))!;
    expect(c).toMatchObject({ items: 8, method: 'bootstrap', test: 'sign-test', onlyA: 1, onlyB: 0 });
    expect(c.estimate).toBeCloseTo(0.5, 12);
    // Sign test: items 1–5 positive, item 6 negative: the same 5 vs 1 split.
    expect(c.pValue).toBeCloseTo(mcnemarExact(5, 1), 12);
  });

  it('is null when the rows share no item', () => {
    expect(contrast(itemOutcomes(a.slice(0, 2)), itemOutcomes(b.slice(4)))).toBeNull();
  });

  it('can be computed from any two summary rows, across students too', () => {
    const other = b.map((e) => ({
      ...e,
      id: `o${e.id}`,
      config: { ...e.config, student: { kind: 'model', modelId: 'tiny-2' } as const },
    }));
    const rows = summarise([...a, ...b, ...other]).rows;
    const tiny2 = rows.find((r) => r.studentModel === 'tiny-2')!;
    const rule = rows.find((r) => r.conditionKey === 'rule-teacher:2')!;
    expect(contrast(rule.itemOutcomes, tiny2.itemOutcomes)?.estimate).toBeCloseTo(0.5, 12);
    // The feedback gain carries the same test against retry.
    expect(rule.feedbackGain).toMatchObject({ test: 'mcnemar-exact' });
    expect(rule.feedbackGain?.pValue).toBeCloseTo(mcnemarExact(5, 1), 12);
  });
});

describe('transitions', () => {
  it('counts fixed, stayed-wrong and (where attempts go on) broken answers per step', () => {
    const episodes = [
      outcome('x', 2, { turnBudget: 3 }), // wrong → right at 1→2
      outcome('y', null, { turnBudget: 3 }), // wrong → wrong twice
      episode('z', {
        turnBudget: 3,
        turns: [{ correct: true }, { correct: false }, { correct: true }],
        solvedAtTurn: 1,
        status: 'solved',
      }),
      episode('skip', { turnBudget: 3, status: 'interrupted', turns: [{}, {}] }),
    ];
    expect(transitions(episodes, 3)).toEqual([
      { from: 1, wrongToRight: 1, wrongToWrong: 1, rightToWrong: 1, rightToRight: 0 },
      { from: 2, wrongToRight: 1, wrongToWrong: 1, rightToWrong: 0, rightToRight: 0 },
    ]);
    expect(transitions(episodes, 1)).toEqual([]);
    expect(() => transitions(episodes, 0)).toThrow(RangeError);
  });
});

describe('honest accounting', () => {
  it('reports withheld teacher messages and students that ran out of context per row', () => {
    const withheld = episode('w', {
      condition: RULE2,
      turns: [{ feedback: { withheld: true } }, { feedback: { withheld: false } }, { correct: true }],
    });
    expect(withheldRate([withheld])).toMatchObject({ hits: 1, units: 2, rate: 0.5 });
    const overflow = outcome('o', null, { turnBudget: 5, endReason: 'context-overflow' });
    overflow.turns = overflow.turns.slice(0, 2);
    const rows = summarise([withheld, overflow, outcome('r', 1)]).rows;
    const retry = rows.find((r) => r.conditionKey === 'retry')!;
    expect(retry.contextOverflowIds).toEqual(['o']);
    expect(retry.completedIds).toContain('o');
    expect(retry.accK.n).toBe(2);
    expect(rows.find((r) => r.conditionKey === 'rule-teacher:2')!.withheld.rate).toBe(0.5);
  });
});
