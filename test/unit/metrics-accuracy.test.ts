import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areaUnderCurve,
  cumulativeAccuracy,
  gain,
  normalisedGain,
  wilson,
  type EpisodeOutcomeInput,
} from '../../src/core/metrics';
import { episode, outcome } from './metrics-fixtures';

/** K = 3: a@1, b@2, c@3, d and e failed (five items), plus one episode of each excluded status. */
function sample(): EpisodeOutcomeInput[] {
  return [
    outcome('a', 1, { turnBudget: 3, index: 0 }),
    outcome('b', 2, { turnBudget: 3, index: 1 }),
    outcome('c', 3, { turnBudget: 3, index: 2 }),
    outcome('d', null, { turnBudget: 3, index: 3 }),
    outcome('e', null, { turnBudget: 3, index: 4 }),
    episode('f', { turnBudget: 3, status: 'interrupted', turns: [{ correct: false }] }),
    episode('g', { turnBudget: 3, status: 'aborted', turns: [] }),
    episode('h', { turnBudget: 3, status: 'error', turns: [{}] }),
    episode('i', { turnBudget: 3, status: 'running', turns: [{}, {}] }),
  ];
}

describe('cumulativeAccuracy', () => {
  it('counts episodes solved at or before each attempt, over completed episodes only', () => {
    const curve = cumulativeAccuracy(sample(), 3);
    // n = 5 (f, g, h, i excluded). acc(1) = 1/5, acc(2) = 2/5, acc(3) = 3/5.
    expect(curve.map((p) => [p.turn, p.successes, p.n, p.p])).toEqual([
      [1, 1, 5, 0.2],
      [2, 2, 5, 0.4],
      [3, 3, 5, 0.6],
    ]);
    expect(curve.map((p) => p.solvedIds)).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']]);
    for (const point of curve) {
      expect(point.episodeIds).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect({ p: point.p, low: point.low, high: point.high }).toEqual(wilson(point.successes, 5));
    }
    // 1/5 with Wilson: centre = (0.2 + 0.38416) / 1.76832 = 0.33034, half = 1.10840 · √(0.032 + 0.038416) = 0.29413.
    expect(curve[0]?.low).toBeCloseTo(0.0362, 4);
    expect(curve[0]?.high).toBeCloseTo(0.6245, 4);
  });

  it('gives null points for no episodes and for only excluded ones', () => {
    for (const episodes of [[], sample().slice(5)]) {
      const curve = cumulativeAccuracy(episodes, 2);
      expect(curve).toHaveLength(2);
      for (const point of curve) {
        expect(point).toMatchObject({ n: 0, successes: 0, p: null, low: null, high: null, episodeIds: [] });
      }
    }
  });

  it('uses solvedAtTurn, or the first correct turn when a solved record lacks it', () => {
    const e = episode('x', { turns: [{}, { correct: true }], solvedAtTurn: null, status: 'solved' });
    expect(cumulativeAccuracy([e], 2).map((p) => p.p)).toEqual([0, 1]);
  });

  it('rejects K below 1', () => {
    expect(() => cumulativeAccuracy([], 0)).toThrow(RangeError);
    expect(() => cumulativeAccuracy([], 1.5)).toThrow(RangeError);
  });

  it('is non-decreasing in t, with nested solved sets and low ≤ p ≤ high', () => {
    const arbEpisode = fc.record({
      at: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      status: fc.constantFrom('solved', 'failed', 'aborted', 'interrupted', 'error', 'running'),
    });
    fc.assert(
      fc.property(fc.array(arbEpisode, { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), (specs, K) => {
        const episodes = specs.map((s, i) => {
          const e = outcome(`e${i}`, s.at !== null && s.at <= K ? s.at : null, { turnBudget: K });
          return s.status === 'solved' || s.status === 'failed' ? e : { ...e, status: s.status };
        });
        const curve = cumulativeAccuracy(episodes, K);
        for (let t = 0; t < curve.length; t++) {
          const point = curve[t]!;
          expect(point.successes).toBe(point.solvedIds.length);
          expect(point.n).toBe(point.episodeIds.length);
          if (point.p !== null) expect(point.low <= point.p && point.p <= point.high).toBe(true);
          const next = curve[t + 1];
          if (next) {
            expect(next.successes).toBeGreaterThanOrEqual(point.successes);
            expect(point.solvedIds.every((id) => next.solvedIds.includes(id))).toBe(true);
          }
        }
      }),
    );
  });
});

describe('gain, normalisedGain, areaUnderCurve', () => {
  it('derive from the curve with the episodes behind each', () => {
    const curve = cumulativeAccuracy(sample(), 3);
    // gain = acc@3 − acc@1 = 0.6 − 0.2 = 0.4 = 2/5: b and c were solved after attempt 1.
    const g = gain(curve);
    expect(g.value).toBeCloseTo(0.4, 12);
    expect(g.solvedIds).toEqual(['b', 'c']);
    expect(g.episodeIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    // normalised gain = 0.4 / (1 − 0.2) = 0.5 = 2 of the 4 first-attempt failures (b, c, d, e).
    const ng = normalisedGain(curve);
    expect(ng.value).toBe(0.5);
    expect(ng.episodeIds).toEqual(['b', 'c', 'd', 'e']);
    expect(ng.solvedIds).toEqual(['b', 'c']);
    // AUC = (0.2 + 0.4 + 0.6) / 3 = 0.4; per episode: (3/3 + 2/3 + 1/3 + 0 + 0) / 5 = 2/5.
    expect(areaUnderCurve(curve).value).toBeCloseTo(0.4, 12);
  });

  it('all solved at attempt 1: gain 0, normalised gain null, AUC 1', () => {
    const curve = cumulativeAccuracy([outcome('a', 1), outcome('b', 1)], 4);
    expect(curve.map((p) => p.p)).toEqual([1, 1, 1, 1]);
    expect(gain(curve).value).toBe(0);
    expect(normalisedGain(curve)).toEqual({ value: null, episodeIds: [], solvedIds: [] });
    expect(areaUnderCurve(curve).value).toBe(1);
  });

  it('K = 1: gain 0, normalised gain 0 when some failed, AUC = acc@1', () => {
    const single = { condition: { kind: 'single' } as const };
    // 1 of 4 solved: acc@1 = acc@K = 0.25, gain 0, normalised gain 0 / 0.75 = 0, AUC = 0.25 / 1.
    const curve = cumulativeAccuracy(
      [
        outcome('a', 1, single),
        outcome('b', null, single),
        outcome('c', null, single),
        outcome('d', null, single),
      ],
      1,
    );
    expect(curve).toHaveLength(1);
    expect(gain(curve).value).toBe(0);
    expect(normalisedGain(curve).value).toBe(0);
    expect(areaUnderCurve(curve).value).toBe(0.25);
  });

  it('no episodes: every value null', () => {
    const curve = cumulativeAccuracy([], 3);
    expect([gain(curve).value, normalisedGain(curve).value, areaUnderCurve(curve).value]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('throw on an empty curve', () => {
    expect(() => gain([])).toThrow(RangeError);
    expect(() => normalisedGain([])).toThrow(RangeError);
    expect(() => areaUnderCurve([])).toThrow(RangeError);
  });
});
