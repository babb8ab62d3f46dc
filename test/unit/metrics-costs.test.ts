import { describe, expect, it } from 'vitest';
import { costs, episodeStat } from '../../src/core/metrics';
import { episode, LLM_ANSWER } from './metrics-fixtures';

describe('costs', () => {
  it('sums student and teacher completion tokens and turn time per episode; mean and median', () => {
    const a = episode('a', {
      condition: LLM_ANSWER,
      turns: [
        { studentTokens: 10, teacherTokens: 5, ms: 300 },
        { studentTokens: 20, ms: 200 },
      ],
    }); // student 30, teacher 5, total 35, time 500
    const b = episode('b', { turns: [{ studentTokens: 10, ms: 50, correct: true }] }); // 10, 0, 10, 50
    const c = episode('c', {
      condition: LLM_ANSWER,
      turns: [{ studentTokens: 40, teacherTokens: 60, ms: 1000 }, { ms: 1000 }],
    }); // 40 (second turn has no usage: 0), 60, 100, 2000
    const skipped = episode('d', { status: 'interrupted', turns: [{ studentTokens: 999 }] });
    const summary = costs([a, b, c, skipped]);
    expect(summary.studentTokens.values.map((v) => v.value)).toEqual([30, 10, 40]);
    expect(summary.teacherTokens.values.map((v) => v.value)).toEqual([5, 0, 60]);
    // Total tokens [35, 10, 100]: mean 145/3 = 48.33, median 35.
    expect(summary.totalTokens.mean).toBeCloseTo(145 / 3, 12);
    expect(summary.totalTokens.median).toBe(35);
    // Time [500, 50, 2000]: mean 2550/3 = 850, median 500.
    expect(summary.timeMs).toMatchObject({ n: 3, mean: 850, median: 500 });
    expect(summary.timeMs.values.map((v) => v.episodeId)).toEqual(['a', 'b', 'c']);
  });

  it('takes the mean of the middle two for an even count, and nulls for none', () => {
    const eps = [10, 40, 20, 30].map((ms, i) => episode(`e${i}`, { turns: [{ ms }] }));
    // Sorted [10, 20, 30, 40]: median (20 + 30) / 2 = 25, mean 100 / 4 = 25.
    expect(episodeStat(eps, (e) => e.turns[0]!.endedAt - e.turns[0]!.startedAt)).toMatchObject({
      median: 25,
      mean: 25,
    });
    expect(episodeStat([], () => 1)).toEqual({ n: 0, mean: null, median: null, values: [], unknownIds: [] });
  });
});
