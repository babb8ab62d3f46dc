import { describe, expect, it } from 'vitest';
import { summarise } from '../../src/core/metrics';
import { headline } from '../../src/ui/experiments/headline';
import { outcome, RULE2 } from './metrics-fixtures';

describe('the results headline', () => {
  it('names the condition with the largest gain over retry, its interval, and whether it is clear of zero', () => {
    const episodes = [
      ...[0, 1, 2, 3, 4, 5].map((i) => outcome(`r${i}`, null, { index: i, turnBudget: 3 })),
      ...[0, 1, 2, 3, 4, 5].map((i) => outcome(`t${i}`, 2, { index: i, condition: RULE2, turnBudget: 3 })),
    ];
    const summary = summarise(episodes);
    const gain = summary.rows.find((r) => r.conditionKey === 'rule-teacher:2')!.feedbackGain!;
    const text = headline(summary)!;
    expect(text).toMatch(/^Rule teacher \(hint level 2\) adds \+100\.0 pp \[/);
    expect(text).toContain(`over plain retry by attempt 3 (6 paired tasks).`);
    expect(gain.low! > 0).toBe(true);
    expect(text).toMatch(/clear of zero\.$/);
  });

  it('says when the interval includes zero, and is null with nothing measured', () => {
    const episodes = [
      outcome('r0', 1, { index: 0 }),
      outcome('r1', null, { index: 1 }),
      outcome('t0', null, { index: 0, condition: RULE2 }),
      outcome('t1', 1, { index: 1, condition: RULE2 }),
    ];
    expect(headline(summarise(episodes))).toMatch(/±0\.0 pp .* includes zero: no clear effect yet\.$/);
    expect(headline(summarise([outcome('r0', 1)]))).toBeNull();
  });
});
