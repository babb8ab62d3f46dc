import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bootstrapMeanInterval,
  feedbackGain,
  newcombePairedInterval,
  normalCdf,
} from '../../src/core/metrics';
import { episode, outcome, RULE2 } from './metrics-fixtures';

describe('newcombePairedInterval', () => {
  it('matches the published square-and-add interval (Fagerland, Lydersen & Laake 2017, Cavo et al. data)', () => {
    // Table [[59, 6], [16, 80]]: p1 − p2 = (6 − 16) / 161 = −0.0621, 95% CI (−0.1186, −0.0046) with z = qnorm(0.975).
    const ci = newcombePairedInterval(
      { both: 59, conditionOnly: 6, baselineOnly: 16, neither: 80 },
      1.959964,
    );
    expect(ci?.estimate).toBeCloseTo(-0.0621, 4);
    expect(ci?.low).toBeCloseTo(-0.1186, 4);
    expect(ci?.high).toBeCloseTo(-0.0046, 4);
  });

  it('works by hand when a marginal is empty (ψ = 0)', () => {
    // Two items, both solved only under the condition: p1 = 1, p2 = 0, estimate 1.
    // Wilson(2/2): centre = (1 + 0.9604) / 2.9208 = 0.67118, half = 0.67105 · √(3.8416/16) = 0.32881
    //   → l1 = 0.34237, u1 = 1. Wilson(0/2) → l2 = 0, u2 = 0.65763. A row marginal is 0, so ψ = 0.
    // L = 1 − √((1 − 0.34237)² + (0.65763 − 0)²) = 1 − 0.93003 = 0.06997; U = 1 + √(0² + 0²) = 1.
    const ci = newcombePairedInterval({ both: 0, conditionOnly: 2, baselineOnly: 0, neither: 0 });
    expect(ci?.estimate).toBe(1);
    expect(ci?.low).toBeCloseTo(0.06997, 4);
    expect(ci?.high).toBe(1);
  });

  it('is null with no pairs, and keeps −1 ≤ low ≤ estimate ≤ high ≤ 1', () => {
    expect(newcombePairedInterval({ both: 0, conditionOnly: 0, baselineOnly: 0, neither: 0 })).toBeNull();
    const count = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(count, count, count, count, (both, conditionOnly, baselineOnly, neither) => {
        fc.pre(both + conditionOnly + baselineOnly + neither > 0);
        const ci = newcombePairedInterval({ both, conditionOnly, baselineOnly, neither });
        if (!ci) return false;
        return (
          -1 <= ci.low && ci.low <= ci.estimate + 1e-12 && ci.estimate <= ci.high + 1e-12 && ci.high <= 1
        );
      }),
    );
  });
});

describe('normalCdf and bootstrapMeanInterval', () => {
  it('normalCdf hits known quantiles', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 5);
  });

  it('is reproducible for a seed, null when empty, degenerate for constant values', () => {
    const values = [1, 0, 0, 1, 1, -1, 0, 1];
    expect(bootstrapMeanInterval(values, { seed: 7 })).toEqual(bootstrapMeanInterval(values, { seed: 7 }));
    // Mean = (1 + 0 + 0 + 1 + 1 − 1 + 0 + 1) / 8 = 3/8.
    const ci = bootstrapMeanInterval(values, { seed: 7 })!;
    expect(ci.estimate).toBe(0.375);
    expect(ci.low).toBeLessThan(ci.estimate);
    expect(ci.high).toBeGreaterThan(ci.estimate);
    expect(bootstrapMeanInterval([])).toBeNull();
    expect(bootstrapMeanInterval([0.5, 0.5, 0.5])).toEqual({ estimate: 0.5, low: 0.5, high: 0.5 });
    expect(() => bootstrapMeanInterval(values, { resamples: 0 })).toThrow(RangeError);
  });
});

describe('feedbackGain', () => {
  const teacher = (id: string, index: number, at: number | null) =>
    outcome(id, at, { condition: RULE2, index });
  const retry = (id: string, index: number, at: number | null, turnBudget = 5) =>
    outcome(id, at, { index, turnBudget });

  it('pairs by item, drops unpaired items, ignores incomplete episodes, and uses Newcombe for 1:1 pairs', () => {
    const condition = [
      teacher('c0', 0, 2), // item 0: both solved
      teacher('c1', 1, 3), // item 1: condition only
      teacher('c2', 2, 5), // item 2: condition only (solved at its last allowed attempt)
      teacher('c3', 3, null), // item 3: neither
      teacher('c4', 4, 1), // item 4: no retry episode → dropped
      episode('c5', { condition: RULE2, index: 0, status: 'interrupted', turns: [{}] }), // ignored
    ];
    const baseline = [
      retry('r0', 0, 1),
      retry('r1', 1, null),
      retry('r2', 2, null),
      retry('r3', 3, null),
      retry('r9', 9, 2), // item 9: no condition episode → dropped
    ];
    const fg = feedbackGain(condition, baseline);
    // Paired items 0–3: acc@K(condition) = 3/4, acc@K(retry) = 1/4, gain = 0.75 − 0.25 = 0.5.
    expect(fg.items).toBe(4);
    expect(fg.method).toBe('newcombe');
    expect(fg.table).toEqual({ both: 1, conditionOnly: 2, baselineOnly: 0, neither: 1 });
    expect([fg.accK, fg.baselineAccK, fg.estimate]).toEqual([0.75, 0.25, 0.5]);
    const ci = newcombePairedInterval({ both: 1, conditionOnly: 2, baselineOnly: 0, neither: 1 })!;
    expect([fg.low, fg.high]).toEqual([ci.low, ci.high]);
    expect(fg.low!).toBeLessThan(0.5);
    expect(fg.high!).toBeGreaterThan(0.5);
    expect(fg.episodeIds).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(fg.solvedIds).toEqual(['c0', 'c1', 'c2']);
    expect(fg.baselineEpisodeIds).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(fg.baselineSolvedIds).toEqual(['r0']);
    expect(fg.droppedIds).toEqual(['c4']);
    expect(fg.baselineDroppedIds).toEqual(['r9']);
  });

  it('scores each side at its own turn budget', () => {
    // Condition K = 5 solved at 5; retry K = 3 failed: condition-only → gain 1 − 0 = 1.
    const fg = feedbackGain([teacher('c', 0, 5)], [retry('r', 0, null, 3)]);
    expect([fg.turnBudget, fg.baselineTurnBudget, fg.estimate]).toEqual([5, 3, 1]);
  });

  it('falls back to a seeded bootstrap over items when items have repeated episodes', () => {
    // Item 0: condition [solved] vs retry [solved, failed] → 1 − 1/2 = 0.5;
    // item 1: condition [failed] vs retry [failed, failed] → 0 − 0 = 0. Mean = 0.25.
    const condition = [teacher('c0', 0, 1), teacher('c1', 1, null)];
    const baseline = [
      retry('r0a', 0, 2),
      retry('r0b', 0, null),
      retry('r1a', 1, null),
      retry('r1b', 1, null),
    ];
    const fg = feedbackGain(condition, baseline, { seed: 3 });
    expect(fg.method).toBe('bootstrap');
    expect(fg.table).toBeNull();
    expect([fg.accK, fg.baselineAccK, fg.estimate]).toEqual([0.5, 0.25, 0.25]);
    // Per-item differences [0.5, 0]: every resample mean is 0, 0.25 or 0.5.
    expect([0, 0.25, 0.5]).toContain(fg.low);
    expect(fg.low!).toBeLessThanOrEqual(0.25);
    expect(fg.high!).toBeGreaterThanOrEqual(0.25);
    expect(feedbackGain(condition, baseline, { seed: 3 })).toEqual(fg);
    expect(fg.baselineEpisodeIds).toEqual(['r0a', 'r0b', 'r1a', 'r1b']);
  });

  it('has no estimate when no item is shared', () => {
    const fg = feedbackGain([teacher('c', 1, 1)], [retry('r', 2, 1)]);
    expect(fg).toMatchObject({ items: 0, estimate: null, low: null, high: null, method: null });
    expect([fg.droppedIds, fg.baselineDroppedIds]).toEqual([['c'], ['r']]);
  });
});
