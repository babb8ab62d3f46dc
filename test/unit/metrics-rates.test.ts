import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fixRate,
  leakDeliveredRate,
  leakRate,
  regressionRate,
  repeatRate,
  type Rate,
} from '../../src/core/metrics';
import { MAZE_WARNING_CODES } from '../../src/core/envs/maze/issues';
import { episode, LLM_ANSWER, RULE2 } from './metrics-fixtures';

describe('repeatRate', () => {
  it('counts attempts after feedback whose normalised answer equals the previous one', () => {
    const a = episode('a', { turns: [{ parsed: 'RRDD' }, { parsed: 'RRDD' }, { parsed: 'RDRD' }] });
    // parsed null: compare trimmed raw text ("  no idea " vs "no idea").
    const b = episode('b', {
      turns: [
        { parsed: null, attempt: '  no idea ' },
        { parsed: null, attempt: 'no idea' },
      ],
    });
    const c = episode('c', { turns: [{ correct: true }] }); // one attempt: no unit
    // Units: a2, a3, b2 = 3; hits: a2 (RRDD = RRDD) and b2 → 2/3.
    const rate = repeatRate([a, b, c]);
    expect(rate).toMatchObject({ hits: 2, units: 3, episodeIds: ['a', 'b'], hitIds: ['a', 'b'] });
    expect(rate.rate).toBeCloseTo(2 / 3, 12);
    expect(rate.hitRefs).toEqual([
      { episodeId: 'a', turn: 2 },
      { episodeId: 'b', turn: 2 },
    ]);
  });

  it('skips attempts that did not follow feedback, and excluded episodes', () => {
    const noFeedback = episode('x', { turns: [{ parsed: 'R', feedback: null }, { parsed: 'R' }] });
    const aborted = episode('y', { status: 'aborted', turns: [{ parsed: 'R' }, { parsed: 'R' }] });
    expect(repeatRate([noFeedback, aborted])).toEqual({
      hits: 0,
      units: 0,
      rate: null,
      episodeIds: [],
      hitIds: [],
      hitRefs: [],
    });
  });
});

describe('fixRate', () => {
  // t1: [revisit (warning), wall]; t2: [wall]; t3: [short]; t4: correct.
  const e = episode('m', {
    turns: [
      { issues: ['path.revisit', 'move.wall'] },
      { issues: ['move.wall'] },
      { issues: ['path.short'] },
      { correct: true },
    ],
  });

  it('checks that the first error-level issue at t is gone at t+1', () => {
    // (1,2): wall still there → miss; (2,3): wall gone → fix; (3,4): short gone (correct) → fix. 2/3.
    const rate = fixRate([e], MAZE_WARNING_CODES);
    expect([rate.hits, rate.units]).toEqual([2, 3]);
    expect(rate.hitRefs.map((r) => r.turn)).toEqual([3, 4]);
  });

  it('takes the warning set as a parameter', () => {
    // Without warnings the flagged issue at t1 is path.revisit, absent at t2 → 3/3.
    expect(fixRate([e])).toMatchObject({ hits: 3, units: 3, rate: 1 });
  });

  it('does not count pairs whose attempt t has only warnings or no issues', () => {
    const onlyWarnings = episode('w', { turns: [{ issues: ['path.revisit'] }, { issues: [] }, {}] });
    expect(fixRate([onlyWarnings], MAZE_WARNING_CODES).units).toBe(0);
  });
});

describe('regressionRate', () => {
  it('counts attempt pairs whose score drops', () => {
    // Scores 0.5 → 0.3 (drop) → 0.3 (same) → 1 (correct): 1 of 3 pairs.
    const e = episode('r', { turns: [{ score: 0.5 }, { score: 0.3 }, { score: 0.3 }, { correct: true }] });
    const rate = regressionRate([e]);
    expect([rate.hits, rate.units]).toEqual([1, 3]);
    expect(rate.hitRefs).toEqual([{ episodeId: 'r', turn: 2 }]);
  });
});

describe('leakRate and leakDeliveredRate', () => {
  const rule = episode('rule', {
    condition: RULE2,
    turns: [{ feedback: { leak: { leaked: false } } }, { correct: true }],
  });
  const llm = episode('llm', {
    condition: LLM_ANSWER,
    turns: [
      // Two regenerations, last draft leaked too and was withheld: 3 drafts, 3 flagged.
      { feedback: { regenerations: 2, leak: { leaked: true }, withheld: true } },
      // One regeneration, then a clean draft: 2 drafts, 1 flagged.
      { feedback: { regenerations: 1, leak: { leaked: false } } },
      // Policy 'pass': 1 draft, flagged and delivered.
      { feedback: { leak: { leaked: true }, withheld: false } },
      {},
    ],
  });
  const retry = episode('retry', { turns: [{}, {}] }); // fixed text: not a teacher message

  it('counts flagged drafts over drafts checked', () => {
    // Drafts: 1 + 3 + 2 + 1 = 7; flagged: 0 + 3 + 1 + 1 = 5 → 5/7.
    const rate = leakRate([rule, llm, retry]);
    expect([rate.hits, rate.units]).toEqual([5, 7]);
    expect(rate.episodeIds).toEqual(['rule', 'llm']);
    expect(rate.hitRefs.map((r) => r.turn)).toEqual([1, 2, 3]);
  });

  it('counts leaked messages that reached the student', () => {
    // Teacher messages: 1 (rule) + 3 (llm); delivered leaks: llm turn 3 → 1/4.
    expect(leakDeliveredRate([rule, llm, retry])).toMatchObject({
      hits: 1,
      units: 4,
      rate: 0.25,
      hitRefs: [{ episodeId: 'llm', turn: 3 }],
    });
  });
});

describe('rates (properties)', () => {
  it('stay in [0, 1] with hits ≤ units and hit episodes among unit episodes', () => {
    const arbTurn = fc.record({
      score: fc.constantFrom(0, 0.25, 0.5, 1),
      parsed: fc.option(fc.constantFrom('A', 'B'), { nil: null }),
      issues: fc.array(fc.constantFrom('x', 'y', 'path.revisit'), { maxLength: 3 }),
      feedback: fc.record({
        regenerations: fc.nat(3),
        leak: fc.record({ leaked: fc.boolean() }),
        withheld: fc.boolean(),
      }),
    });
    const arbEpisode = fc.record({
      turns: fc.array(arbTurn, { maxLength: 5 }),
      status: fc.constantFrom('solved', 'failed', 'aborted'),
    });
    fc.assert(
      fc.property(fc.array(arbEpisode, { maxLength: 8 }), (specs) => {
        const episodes = specs.map((s, i) =>
          episode(`e${i}`, { condition: LLM_ANSWER, turns: s.turns, status: s.status as 'solved' }),
        );
        const rates: Rate[] = [
          repeatRate(episodes),
          fixRate(episodes, MAZE_WARNING_CODES),
          regressionRate(episodes),
          leakRate(episodes),
          leakDeliveredRate(episodes),
        ];
        for (const r of rates) {
          expect(r.hits).toBeLessThanOrEqual(r.units);
          if (r.rate !== null) expect(r.rate >= 0 && r.rate <= 1).toBe(true);
          else expect(r.units).toBe(0);
          expect(r.hitIds.every((id) => r.episodeIds.includes(id))).toBe(true);
        }
      }),
    );
  });
});
