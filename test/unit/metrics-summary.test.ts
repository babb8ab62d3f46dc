import { describe, expect, it } from 'vitest';
import {
  conditionKey,
  itemKey,
  summarise,
  type ConditionSummary,
  type EpisodeOutcomeInput,
} from '../../src/core/metrics';
import { MAZE_WARNING_CODES } from '../../src/core/envs/maze/issues';
import type { EpisodeRecord } from '../../src/store/records';
import type { TurnRecord } from '../../src/core/protocol/types';
import { episode, LLM_ANSWER, outcome, RULE2 } from './metrics-fixtures';

const row = (rows: ConditionSummary[], key: string, extra: Partial<ConditionSummary> = {}) => {
  const found = rows.find(
    (r) =>
      r.conditionKey === key && Object.entries(extra).every(([k, v]) => r[k as keyof ConditionSummary] === v),
  );
  if (!found) throw new Error(`no row ${key}`);
  return found;
};

describe('conditionKey and itemKey', () => {
  it('name conditions by kind plus level or privileged info', () => {
    expect(conditionKey({ kind: 'retry' })).toBe('retry');
    expect(conditionKey({ kind: 'rule-teacher', level: 2 })).toBe('rule-teacher:2');
    expect(conditionKey({ kind: 'llm-teacher', privileged: 'answer' })).toBe('llm-teacher:answer');
    expect(conditionKey({ kind: 'self-teacher' })).toBe('self-teacher');
  });

  it('identify an item by env, params, task seed and index, ignoring key order and preset', () => {
    const base = { envId: 'maze', params: { w: 5, h: 7 }, taskSeed: 1, index: 3 };
    expect(itemKey(base)).toBe(itemKey({ ...base, params: { h: 7, w: 5 } }));
    expect(itemKey(base)).not.toBe(itemKey({ ...base, index: 4 }));
    expect(itemKey(base)).not.toBe(itemKey({ ...base, taskSeed: 2 }));
    expect(itemKey(base)).not.toBe(itemKey({ ...base, envId: 'sudoku' }));
    expect(itemKey(base)).not.toBe(itemKey({ ...base, params: { w: 5, h: 8 } }));
  });
});

describe('summarise', () => {
  it('returns no rows for no episodes', () => {
    expect(summarise([])).toMatchObject({ rows: [], episodeCount: 0, baselineConditionKey: 'retry' });
  });

  it('groups by slice and condition, pairs each condition with the retry row of its slice', () => {
    const other = { student: { kind: 'model', modelId: 'tiny-2' } } as const;
    const episodes: EpisodeOutcomeInput[] = [
      // tiny-1, retry K = 3: item 0 solved at 2, item 1 failed, item 2 failed.
      outcome('r0', 2, { index: 0, turnBudget: 3 }),
      outcome('r1', null, { index: 1, turnBudget: 3 }),
      outcome('r2', null, { index: 2, turnBudget: 3 }),
      // tiny-1, rule-teacher:2 K = 3: item 0 at 1, item 1 at 3, item 3 (no retry) at 1; one interrupted.
      outcome('t0', 1, { index: 0, condition: RULE2, turnBudget: 3 }),
      outcome('t1', 3, { index: 1, condition: RULE2, turnBudget: 3 }),
      outcome('t3', 1, { index: 3, condition: RULE2, turnBudget: 3 }),
      episode('tx', { index: 2, condition: RULE2, turnBudget: 3, status: 'interrupted', turns: [{}] }),
      // tiny-1, llm-teacher:answer with two teacher models: two rows.
      outcome('la', 1, { index: 0, condition: LLM_ANSWER, teacherModelId: 'big-a' }),
      outcome('lb', null, { index: 0, condition: LLM_ANSWER, teacherModelId: 'big-b', turnBudget: 2 }),
      // tiny-2 has no retry: no feedback gain.
      outcome('o0', 1, { index: 0, condition: RULE2, ...other }),
    ];
    const summary = summarise(episodes);
    expect(summary.episodeCount).toBe(10);
    expect(summary.rows.map((r) => [r.studentModel, r.conditionKey, r.teacherModel])).toEqual([
      ['tiny-1', 'retry', null],
      ['tiny-1', 'rule-teacher:2', null],
      ['tiny-1', 'llm-teacher:answer', 'big-a'],
      ['tiny-1', 'llm-teacher:answer', 'big-b'],
      ['tiny-2', 'rule-teacher:2', null],
    ]);

    const retry = row(summary.rows, 'retry');
    // acc by turn: 0/3, 1/3, 1/3.
    expect(retry.cumulative.map((p) => p.successes)).toEqual([0, 1, 1]);
    expect(retry.feedbackGain).toBeNull();

    const rule = row(summary.rows, 'rule-teacher:2');
    // Completed t0, t1, t3: acc(1) = 2/3, acc(2) = 2/3, acc(3) = 3/3. gain 1/3, normalised (1/3)/(1/3) = 1.
    expect(rule.cumulative.map((p) => p.successes)).toEqual([2, 2, 3]);
    expect(rule.completedIds).toEqual(['t0', 't1', 't3']);
    expect(rule.excluded).toEqual({ running: [], aborted: [], interrupted: ['tx'], error: [] });
    expect(rule.gain.value).toBeCloseTo(1 / 3, 12);
    expect(rule.normalisedGain.value).toBe(1);
    // AUC = (2/3 + 2/3 + 1) / 3 = 7/9.
    expect(rule.auc.value).toBeCloseTo(7 / 9, 12);
    // Paired items 0 and 1 (item 3 has no retry, item 2's teacher episode was interrupted):
    // condition 2/2 − retry 1/2 = 0.5.
    expect(rule.feedbackGain).toMatchObject({
      items: 2,
      estimate: 0.5,
      method: 'newcombe',
      episodeIds: ['t0', 't1'],
      baselineEpisodeIds: ['r0', 'r1'],
      droppedIds: ['t3'],
      baselineDroppedIds: ['r2'],
    });

    const lb = row(summary.rows, 'llm-teacher:answer', { teacherModel: 'big-b' });
    expect([lb.turnBudget, lb.cumulative.length]).toEqual([2, 2]);
    // Its budget is 2 and the slice's retry row has 3: acc@2 against acc@3 is no fair gain, so none.
    expect(lb.feedbackGain).toBeNull();
    expect(row(summary.rows, 'rule-teacher:2', { studentModel: 'tiny-2' }).feedbackGain).toBeNull();
  });

  it('pairs each teacher row with the binary row too: what its content adds over the verdict', () => {
    const BINARY = { kind: 'binary' } as const;
    const episodes: EpisodeOutcomeInput[] = [
      // retry: item 0 solved, items 1–2 failed; binary: items 0–1 solved; rule teacher: all three.
      outcome('r0', 2, { index: 0, turnBudget: 3 }),
      outcome('r1', null, { index: 1, turnBudget: 3 }),
      outcome('r2', null, { index: 2, turnBudget: 3 }),
      outcome('b0', 1, { index: 0, condition: BINARY, turnBudget: 3 }),
      outcome('b1', 3, { index: 1, condition: BINARY, turnBudget: 3 }),
      outcome('b2', null, { index: 2, condition: BINARY, turnBudget: 3 }),
      outcome('t0', 1, { index: 0, condition: RULE2, turnBudget: 3 }),
      outcome('t1', 2, { index: 1, condition: RULE2, turnBudget: 3 }),
      outcome('t2', 3, { index: 2, condition: RULE2, turnBudget: 3 }),
    ];
    const { rows } = summarise(episodes);
    // Against retry the rule teacher gains 3/3 − 1/3; against binary only 3/3 − 2/3.
    expect(row(rows, 'rule-teacher:2').feedbackGain?.estimate).toBeCloseTo(2 / 3, 12);
    expect(row(rows, 'rule-teacher:2').contentGain).toMatchObject({
      items: 3,
      baselineEpisodeIds: ['b0', 'b1', 'b2'],
    });
    expect(row(rows, 'rule-teacher:2').contentGain?.estimate).toBeCloseTo(1 / 3, 12);
    // The controls have no content gain: binary is the content control itself.
    expect(row(rows, 'binary').contentGain).toBeNull();
    expect(row(rows, 'retry').contentGain).toBeNull();
    expect(row(rows, 'binary').feedbackGain?.estimate).toBeCloseTo(1 / 3, 12);
  });

  it('splits rows by keep-going and teacher options, which change what a row measures', () => {
    const { rows } = summarise([
      outcome('a', 1, { condition: RULE2 }),
      {
        ...outcome('b', 1, { condition: RULE2 }),
        config: { ...outcome('b', 1, { condition: RULE2 }).config, keepGoing: true },
      },
      {
        ...outcome('c', 1, { condition: RULE2 }),
        config: { ...outcome('c', 1, { condition: RULE2 }).config, teacherOptions: { wordLimit: 20 } },
      },
    ]);
    expect(rows.map((r) => [r.settings.keepGoing, r.settings.teacherOptions])).toEqual(
      expect.arrayContaining([
        [false, null],
        [true, null],
        [false, { wordLimit: 20 }],
      ]),
    );
    expect(rows).toHaveLength(3);
  });

  it('keeps the episodes behind every chart point and metric', () => {
    const episodes = [
      outcome('a', 1),
      outcome('b', 2),
      outcome('c', null),
      outcome('d', 1, { condition: RULE2 }),
    ];
    const retry = row(summarise(episodes).rows, 'retry');
    expect(retry.episodeIds).toEqual(['a', 'b', 'c']);
    expect(retry.cumulative.map((p) => p.solvedIds)).toEqual([
      ['a'],
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect(retry.cumulative.every((p) => p.episodeIds.join() === 'a,b,c')).toBe(true);
    expect(retry.acc1.solvedIds).toEqual(['a']);
    expect(retry.accK.solvedIds).toEqual(['a', 'b']);
    expect(retry.gain.solvedIds).toEqual(['b']);
    expect(retry.normalisedGain.episodeIds).toEqual(['b', 'c']);
    expect(retry.repeat.episodeIds).toEqual(['b', 'c']);
    expect(retry.costs.timeMs.values.map((v) => v.episodeId)).toEqual(['a', 'b', 'c']);
  });

  it("splits rows by turn budget and by the student's history and sampling", () => {
    const rows = summarise([
      outcome('a', 2, { turnBudget: 2 }),
      outcome('b', null, { turnBudget: 4 }),
      outcome('c', null, { turnBudget: 4, history: 'last' }),
      outcome('d', null, { turnBudget: 4, temperature: 0 }),
    ]).rows;
    expect(rows.map((r) => [r.turnBudget, r.turnBudgets, r.episodeIds])).toEqual(
      expect.arrayContaining([
        [2, [2], ['a']],
        [4, [4], ['b']],
        [4, [4], ['c']],
        [4, [4], ['d']],
      ]),
    );
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.sliceKey)).size).toBe(3);
  });

  it('pairs single with the widest retry of its slice, and a condition with the retry of its own budget', () => {
    const rows = summarise([
      outcome('s', 1, { condition: { kind: 'single' }, turnBudget: 1 }),
      outcome('r3', 3, { turnBudget: 3 }),
      outcome('r5', 5, { turnBudget: 5 }),
      outcome('t3', 1, { condition: RULE2, turnBudget: 3 }),
    ]).rows;
    expect(row(rows, 'single').feedbackGain?.baselineEpisodeIds).toEqual(['r5']);
    expect(row(rows, 'rule-teacher:2').feedbackGain?.baselineEpisodeIds).toEqual(['r3']);
  });

  it('gives null accuracy for a row of only excluded episodes', () => {
    const r = summarise([episode('x', { status: 'error', turns: [] })]).rows[0]!;
    expect([r.acc1.p, r.accK.p, r.gain.value, r.auc.value]).toEqual([null, null, null, null]);
    expect(r.excluded.error).toEqual(['x']);
  });

  it('applies warning codes per environment', () => {
    const e = episode('m', { turns: [{ issues: ['path.revisit', 'move.wall'] }, { issues: ['move.wall'] }] });
    expect(summarise([e]).rows[0]?.fix.hits).toBe(1); // revisit flagged, then gone
    expect(summarise([e], { warningCodes: MAZE_WARNING_CODES }).rows[0]?.fix.hits).toBe(0); // wall stays
    expect(
      summarise([e], { warningCodes: (env) => (env === 'maze' ? MAZE_WARNING_CODES : []) }).rows[0]?.fix.hits,
    ).toBe(0);
  });

  it('is deterministic and rejects bad options', () => {
    const episodes = [outcome('a', 1, { index: 0 }), outcome('b', 2, { index: 0, condition: RULE2 })];
    expect(summarise(episodes)).toEqual(summarise([...episodes].reverse()));
    expect(() => summarise(episodes, { z: 0 })).toThrow(RangeError);
    expect(() => summarise(episodes, { resamples: 0 })).toThrow(RangeError);
  });

  it('accepts the store records as they are: { ...EpisodeRecord, turns: TurnRecord[] }', () => {
    const record: EpisodeRecord = {
      id: 'ep',
      experimentId: null,
      config: {
        envId: 'maze',
        preset: 'easy',
        params: {},
        taskSeed: 1,
        index: 0,
        condition: { kind: 'retry' },
        student: { kind: 'human' },
        turnBudget: 5,
        history: 'full',
        studentSampling: { temperature: 0.7, seed: 1, maxTokens: 256 },
        teacherSampling: { temperature: 0.7, seed: 2, maxTokens: 160 },
        leakPolicy: 'regenerate',
        maxLeakRetries: 2,
      },
      task: {
        envId: 'maze',
        generatorVersion: 1,
        params: {},
        seed: 1,
        index: 0,
        itemSeed: 1,
        prompt: '',
        solution: '',
        data: null,
      },
      status: 'solved',
      solvedAtTurn: 1,
      turnsDone: 1,
      startedAt: 0,
      endedAt: 10,
      appVersion: '0.1.0',
      schemaVersion: 1,
      envId: 'maze',
      conditionKind: 'retry',
      studentModel: 'human',
    };
    const turns: TurnRecord[] = [
      {
        turn: 1,
        studentPrompt: [],
        attempt: 'RR',
        finishReason: 'stop',
        diagnosis: { correct: true, score: 1, issues: [], parsed: 'RR' },
        feedback: null,
        startedAt: 0,
        endedAt: 10,
        studentMs: 10,
      },
    ];
    const input: EpisodeOutcomeInput = { ...record, turns };
    const r = summarise([input]).rows[0]!;
    expect([r.studentModel, r.acc1.p, r.costs.timeMs.mean]).toEqual(['human', 1, 10]);
  });
});
