import { describe, expect, it } from 'vitest';
import { gainGrids, summarise, twoWaySumsOfSquares, type Decomposition } from '../../src/core/metrics';
import type { Condition } from '../../src/core/protocol/types';
import { LLM_ANSWER, outcome, RETRY, RULE2, type EpisodeSpec } from './metrics-fixtures';

const SELF: Condition = { kind: 'self-teacher' };
const ITEMS = 4;

/**
 * One student's episodes: retry solves nothing, and each condition solves its first `solved` of four
 * items at attempt 2, so its feedback-specific gain is solved / 4 exactly.
 */
function student(
  model: string,
  conditions: { condition: Condition; teacher?: string; solved: number }[],
  spec: EpisodeSpec = {},
) {
  const base = { ...spec, turnBudget: 2, student: { kind: 'model' as const, modelId: model } };
  const episodes = [...Array(ITEMS).keys()].map((i) =>
    outcome(`${model}-retry-${i}`, null, { ...base, condition: RETRY, index: i }),
  );
  for (const { condition, teacher, solved } of conditions) {
    for (let i = 0; i < ITEMS; i++) {
      episodes.push(
        outcome(`${model}-${condition.kind}-${teacher ?? ''}-${i}`, i < solved ? 2 : null, {
          ...base,
          condition,
          index: i,
          ...(teacher !== undefined ? { teacherModelId: teacher } : {}),
        }),
      );
    }
  }
  return episodes;
}

const teachers = (rule: number, t1: number, t2: number, self: number) => [
  { condition: RULE2, solved: rule },
  { condition: LLM_ANSWER, teacher: 'T1', solved: t1 },
  { condition: LLM_ANSWER, teacher: 'T2', solved: t2 },
  { condition: SELF, solved: self },
];

function ok(d: Decomposition) {
  if (!d.ok) throw new Error(`expected a decomposition, got ${d.reason}`);
  return d;
}

describe('twoWaySumsOfSquares', () => {
  it('splits a purely additive grid into main effects with no residual', () => {
    // y = a_i + b_j, a = (0, 0.2), b = (0, 0.1, 0.2): row means 0.1, 0.3; column means 0.1, 0.2, 0.3;
    // grand mean 0.2. SS_row = 3·(0.01 + 0.01) = 0.06, SS_col = 2·(0.01 + 0 + 0.01) = 0.04.
    const ss = twoWaySumsOfSquares([
      [0, 0.1, 0.2],
      [0.2, 0.3, 0.4],
    ])!;
    expect(ss.ssRow).toBeCloseTo(0.06, 12);
    expect(ss.ssColumn).toBeCloseTo(0.04, 12);
    expect(ss.ssResidual).toBeCloseTo(0, 12);
    expect(ss.ssTotal).toBeCloseTo(0.1, 12);
  });

  it('puts a pure interaction in the residual', () => {
    const ss = twoWaySumsOfSquares([
      [0.1, -0.1],
      [-0.1, 0.1],
    ])!;
    expect(ss.ssRow).toBeCloseTo(0, 12);
    expect(ss.ssColumn).toBeCloseTo(0, 12);
    expect(ss.ssResidual).toBeCloseTo(0.04, 12);
  });

  it('matches a hand-worked mixed grid', () => {
    // [[0, 0], [0, 0.4]]: grand mean 0.1; row and column means 0 and 0.2, so SS_row = SS_col =
    // 2·(0.01 + 0.01) = 0.04; SS_total = 3·0.01 + 0.09 = 0.12; residual 0.04: a third each.
    const ss = twoWaySumsOfSquares([
      [0, 0],
      [0, 0.4],
    ])!;
    expect(ss.ssRow).toBeCloseTo(0.04, 12);
    expect(ss.ssColumn).toBeCloseTo(0.04, 12);
    expect(ss.ssResidual).toBeCloseTo(0.04, 12);
    expect(ss.ssTotal).toBeCloseTo(0.12, 12);
  });

  it('needs two rows and two columns of equal length', () => {
    expect(twoWaySumsOfSquares([[0.1, 0.2]])).toBeNull();
    expect(twoWaySumsOfSquares([[0.1], [0.2]])).toBeNull();
    expect(twoWaySumsOfSquares([[0.1, 0.2], [0.3]])).toBeNull();
  });
});

describe('gainGrids', () => {
  it('crosses students with every teacher, cells equal to the summary gains', () => {
    // B gains 0.25 more than A with every teacher: purely additive, so the residual is 0.
    // Column means 0.375, 0.625, 0.875, 0.125 around 0.5: SS_teacher = 2·0.3125 = 0.625;
    // row means 0.375, 0.625: SS_student = 4·2·0.015625 = 0.125; total 0.75.
    const summary = summarise([...student('A', teachers(1, 2, 3, 0)), ...student('B', teachers(2, 3, 4, 1))]);
    const [grid, ...rest] = gainGrids(summary);
    expect(rest).toEqual([]);
    expect(grid!.students).toEqual(['A', 'B']);
    expect(grid!.columns.map((c) => [c.conditionKey, c.teacherModel])).toEqual([
      ['rule-teacher:2', null],
      ['llm-teacher:answer', 'T1'],
      ['llm-teacher:answer', 'T2'],
      ['self-teacher', null],
    ]);
    expect(grid!.cells.map((r) => r.map((c) => c?.estimate))).toEqual([
      [0.25, 0.5, 0.75, 0],
      [0.5, 0.75, 1, 0.25],
    ]);
    // Each cell is its summary row's gain, interval and paired items.
    for (const [i, s] of grid!.students.entries()) {
      for (const [j, col] of grid!.columns.entries()) {
        const row = summary.rows.find(
          (r) =>
            r.studentModel === s &&
            r.conditionKey === col.conditionKey &&
            r.teacherModel === col.teacherModel,
        )!;
        expect(grid!.cells[i]![j]).toEqual({
          rowKey: row.key,
          estimate: row.feedbackGain!.estimate,
          low: row.feedbackGain!.low,
          high: row.feedbackGain!.high,
          items: ITEMS,
        });
      }
    }
    const d = ok(grid!.decomposition);
    expect(d.leftOut).toBe(0);
    expect(d.ssStudent).toBeCloseTo(0.125, 12);
    expect(d.ssTeacher).toBeCloseTo(0.625, 12);
    expect(d.ssResidual).toBeCloseTo(0, 12);
    expect(d.student).toBeCloseTo(1 / 6, 12);
    expect(d.teacher).toBeCloseTo(5 / 6, 12);
    expect(d.residual).toBeCloseTo(0, 12);
    expect(d.student + d.teacher + d.residual).toBeCloseTo(1, 12);
  });

  it('gives the teacher all the spread when only the teacher matters', () => {
    const same = teachers(1, 3, 2, 0);
    const [grid] = gainGrids(summarise([...student('A', same), ...student('B', same)]));
    const d = ok(grid!.decomposition);
    expect(d.teacher).toBeCloseTo(1, 12);
    expect(d.student).toBeCloseTo(0, 12);
    expect(d.residual).toBeCloseTo(0, 12);
  });

  it('uses only the complete sub-grid when a cell is missing', () => {
    const summary = summarise([
      ...student('A', teachers(1, 2, 3, 0)),
      ...student(
        'B',
        teachers(2, 3, 4, 1).filter((t) => t.teacher !== 'T2'),
      ),
    ]);
    const [grid] = gainGrids(summary);
    expect(grid!.cells[1]![2]).toBeNull();
    const d = ok(grid!.decomposition);
    expect(d.students).toEqual(['A', 'B']);
    expect(d.columns).toEqual(grid!.columns.filter((c) => c.teacherModel !== 'T2').map((c) => c.key));
    expect(d.leftOut).toBe(2);
    // Still additive on what is left: rule, T1, self.
    expect(d.residual).toBeCloseTo(0, 12);
    const ss = twoWaySumsOfSquares([
      [0.25, 0.5, 0],
      [0.5, 0.75, 0.25],
    ])!;
    expect(d.ssStudent).toBeCloseTo(ss.ssRow, 12);
    expect(d.ssTeacher).toBeCloseTo(ss.ssColumn, 12);
  });

  it('says why when the spread cannot be split', () => {
    const one = gainGrids(summarise(student('A', teachers(1, 2, 3, 0))))[0]!;
    expect(one.students).toEqual(['A']);
    expect(one.decomposition).toMatchObject({ ok: false, reason: 'too-few-students' });
    const oneTeacher = gainGrids(
      summarise([
        ...student('A', [{ condition: RULE2, solved: 1 }]),
        ...student('B', [{ condition: RULE2, solved: 2 }]),
      ]),
    )[0]!;
    expect(oneTeacher.decomposition).toMatchObject({ ok: false, reason: 'too-few-teachers' });
    const flat = teachers(2, 2, 2, 2);
    const noSpread = gainGrids(summarise([...student('A', flat), ...student('B', flat)]))[0]!;
    expect(noSpread.decomposition).toMatchObject({ ok: false, reason: 'no-spread' });
  });

  it('has a grid per environment slice group and no controls as columns', () => {
    const summary = summarise([
      ...student('A', [
        { condition: RULE2, solved: 1 },
        { condition: { kind: 'binary' }, solved: 1 },
      ]),
      ...student('A', [{ condition: RULE2, solved: 2 }], { params: { size: 7 } }),
    ]);
    const grids = gainGrids(summary);
    expect(grids.map((g) => g.params)).toEqual([{ size: 5 }, { size: 7 }]);
    for (const g of grids) expect(g.columns.map((c) => c.conditionKey)).toEqual(['rule-teacher:2']);
    expect(gainGrids(summarise(student('A', [])))).toEqual([]);
  });
});
