import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arithmetic, type ArithmeticData, type ArithmeticParams } from '../../src/core/envs/arithmetic';
import { parseExpression, type Expr } from '../../src/core/envs/shared/expression';
import type { Task } from '../../src/core/envs/types';
import { contractTests, indexArb, PRESETS, RUNS, seedArb, type Mutation } from './env-contract';

type ArithTask = Task<ArithmeticParams, ArithmeticData>;
const SYM = { '+': '+', '-': '-', '*': '×', '/': '÷' } as const;

/** Steps of the expression evaluated bottom-up, with `delta` added to the result of step `wrongAt`. */
function stepsWithError(
  expression: string,
  wrongAt: number,
  delta: number,
): { lines: string[]; final: number } {
  const parsed = parseExpression(expression);
  if (!parsed.ok) throw new Error(expression);
  const lines: string[] = [];
  const walk = (e: Expr): number => {
    if (e.kind === 'num') return Number(e.value.n);
    const l = walk(e.left);
    const r = walk(e.right);
    let v = e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r;
    if (lines.length + 1 === wrongAt) v += delta;
    lines.push(`${l} ${SYM[e.op]} ${r} = ${v}`);
    return v;
  };
  const final = walk(parsed.value);
  return { lines, final };
}

/** Change one step's result (and carry it through the later steps, as a student would). */
function mutate(task: ArithTask, k: number): Mutation {
  const wrongAt = 1 + (k % task.data.steps.length);
  const delta = k % 2 === 0 ? 1 + (k % 3) : -(1 + (k % 3));
  const { lines, final } = stepsWithError(task.data.expression, wrongAt, delta);
  return { text: `${lines.join('\n')}\n<answer>${final}</answer>`, codes: ['step.wrong'] };
}

/** A hand-made task for the expression (its answer computed independently of the verifier). */
function taskFor(expression: string, story: string | null = null): ArithTask {
  const base = arithmetic.generate(arithmetic.presets.medium, 1, 0);
  const { lines, final } = stepsWithError(expression, 0, 0);
  return { ...base, solution: String(final), data: { expression, story, steps: lines, answer: final } };
}

const codes = (task: ArithTask, text: string) => arithmetic.verify(task, text).issues.map((i) => i.code);

describe('arithmetic', () => {
  contractTests(arithmetic, mutate);

  for (const preset of PRESETS) {
    it(`${preset}: reference steps recompute the answer and verify without issues`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const task = arithmetic.generate(arithmetic.presets[preset], seed, index);
          const { lines, final } = stepsWithError(task.data.expression, 0, 0);
          expect(final).toBe(task.data.answer);
          expect(lines).toEqual(task.data.steps);
          expect(Number.isInteger(final) && final >= 0).toBe(true);
          const d = arithmetic.verify(
            task,
            `${task.data.steps.join('\n')}\n<answer>${task.solution}</answer>`,
          );
          expect(d.correct).toBe(true);
          expect(d.issues).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    });

    it(`${preset}: the first flagged wrong step is the mutated one`, () => {
      fc.assert(
        fc.property(seedArb, fc.nat(), (seed, k) => {
          const task = arithmetic.generate(arithmetic.presets[preset], seed, 0);
          const d = arithmetic.verify(task, mutate(task, k).text);
          const wrong = d.issues.filter((i) => i.code === 'step.wrong');
          // Later steps may be flagged too (a carried error can make a division inexact), never earlier ones.
          expect(wrong[0]?.step).toBe(1 + (k % task.data.steps.length));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('terms stay within 2–6 and operators within the preset', () => {
    for (const preset of PRESETS) {
      const p = arithmetic.presets[preset];
      for (let i = 0; i < 200; i++) {
        const task = arithmetic.generate(p, 11, i);
        const terms = task.data.steps.length + 1;
        expect(terms).toBeGreaterThanOrEqual(p.minTerms);
        expect(terms).toBeLessThanOrEqual(p.maxTerms);
        if (!p.parentheses) expect(task.data.expression).not.toContain('(');
        if (!p.operators.includes('*')) expect(task.data.expression).not.toContain('×');
      }
    }
  });

  it('flags evaluating in the wrong order as step.precedence', () => {
    const task = taskFor('3 + 4 × 2');
    const d = arithmetic.verify(task, '3 + 4 = 7\n7 × 2 = 14\n<answer>14</answer>');
    expect(d.correct).toBe(false);
    const prec = d.issues.find((i) => i.code === 'step.precedence');
    expect(prec?.step).toBe(1);
    expect(prec?.where?.first).toBe('4 × 2');
    expect(d.issues.map((i) => i.code)).toContain('answer.too-high');
    expect(d.issues.map((i) => i.code)).not.toContain('step.wrong');
    expect(arithmetic.hint(task, d, 3)).toContain('4 × 2');
  });

  it('accepts a reordering that keeps the value (associativity, commuted operands)', () => {
    const task = taskFor('10 - 3 + 4');
    expect(codes(task, '10 - 3 = 7\n7 + 4 = 11\n<answer>11</answer>')).toEqual([]);
    const sum = taskFor('5 + 6 + 7');
    expect(codes(sum, '7 + 6 = 13\n5 + 13 = 18\n<answer>18</answer>')).toEqual([]);
    // 10 - 3 + 4 ≠ 10 - (3 + 4): reassociating a subtraction is an order error.
    expect(codes(task, '3 + 4 = 7\n10 - 7 = 3\n<answer>3</answer>')).toContain('step.precedence');
  });

  it('flags invented operands, a final answer that differs from the last step, and missing steps', () => {
    const task = taskFor('(6 + 2) × 3');
    expect(codes(task, '6 + 2 = 8\n8 × 4 = 32\n<answer>32</answer>')).toContain('step.invented-operand');
    const mismatch = codes(task, '6 + 2 = 8\n8 × 3 = 24\n<answer>25</answer>');
    expect(mismatch).toEqual(['answer.mismatch-steps', 'answer.too-high']);
    expect(codes(task, '<answer>20</answer>')).toEqual(['steps.missing', 'answer.too-low']);
    expect(arithmetic.verify(task, '<answer>24</answer>').correct).toBe(true);
  });

  it('parses leniently: chained steps, ascii operators, thousands separators, bare answers', () => {
    const task = taskFor('12 × 9 + 1000');
    expect(codes(task, '12 * 9 = 108, 108 + 1000 = 1108 <answer>1,108</answer>')).toEqual([]);
    expect(codes(task, '12 x 9 = 108 + 1000 = 1108\n<answer> 1108 </answer>')).toEqual([]);
    expect(codes(task, '12 × 9 = 108\n108 + 1000 = 1108\nSo the answer is 1108.')).toEqual([
      'format.missing-tag',
    ]);
    expect(
      arithmetic.verify(
        task,
        '<think>12 × 9 = 100</think>12 × 9 = 108\n108 + 1000 = 1108 <answer>1108</answer>',
      ).issues,
    ).toEqual([]);
    expect(arithmetic.verify(task, '<ANSWER>1108</ANSWER>').correct).toBe(true);
    expect(arithmetic.verify(task, '<answer>1108').parsed).toBe('1108');
  });

  it('hints never quote the expected value of a wrong step', () => {
    const task = taskFor('7 × 8 + 5');
    const d = arithmetic.verify(task, '7 × 8 = 54\n54 + 5 = 59\n<answer>59</answer>');
    expect(d.issues[0]?.where?.expected).toBe('56');
    for (const level of [1, 2, 3] as const) expect(arithmetic.hint(task, d, level)).not.toMatch(/\b56\b/);
    expect(arithmetic.hint(task, d, 0)).toBe('Not correct yet.');
    expect(arithmetic.hint(task, d, 2)).toContain('Step 1');
  });

  it('word problems tell the same computation as a story', () => {
    const params: ArithmeticParams = { ...arithmetic.presets.hard, style: 'word' };
    for (let i = 0; i < 100; i++) {
      const task = arithmetic.generate(params, 4, i);
      expect(task.data.story).not.toBeNull();
      expect(task.prompt).toContain(task.data.story);
      expect(task.prompt).not.toContain(task.data.expression);
      expect(
        arithmetic.verify(task, `${task.data.steps.join('\n')}\n<answer>${task.solution}</answer>`).issues,
      ).toEqual([]);
    }
  });

  it('rejects params out of range with a specific RangeError', () => {
    const p = arithmetic.presets.easy;
    expect(() => arithmetic.generate({ ...p, minTerms: 1 }, 1, 0)).toThrow(
      /minTerms must be an integer from 2 to 6/,
    );
    expect(() => arithmetic.generate({ ...p, maxTerms: 7 }, 1, 0)).toThrow(RangeError);
    expect(() => arithmetic.generate({ ...p, operators: [] }, 1, 0)).toThrow(/operators/);
    expect(() => arithmetic.generate({ ...p, operators: ['^' as '+'] }, 1, 0)).toThrow(RangeError);
    expect(() => arithmetic.generate({ ...p, style: 'poem' as 'word' }, 1, 0)).toThrow(/style/);
  });
});
