import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countdown,
  solveCountdown,
  type CountdownData,
  type CountdownParams,
} from '../../src/core/envs/countdown';
import { formatExpression, parseExpression, type Expr } from '../../src/core/envs/shared/expression';
import { plainMath } from '../../src/core/envs/shared/math-notation';
import type { Task } from '../../src/core/envs/types';
import { contractTests, indexArb, PRESETS, RUNS, seedArb, type Mutation } from './env-contract';

type CdTask = Task<CountdownParams, CountdownData>;

/** Replace the i-th number of the solution by another value. */
function replaceNumber(solution: string, i: number, value: number): string {
  let seen = -1;
  return solution.replace(/\d+/g, (m) => (++seen === i ? String(value) : m));
}

/** Change one number: to a foreign one (even k) or to another given number (odd k). */
function mutate(task: CdTask, k: number): Mutation {
  const tokens = task.solution.match(/\d+/g) ?? [];
  const i = k % tokens.length;
  const original = Number(tokens[i]);
  if (k % 2 === 0) {
    let foreign = 1 + ((k >> 1) % 120);
    while (task.data.numbers.includes(foreign)) foreign++;
    return {
      text: `<answer>${replaceNumber(task.solution, i, foreign)}</answer>`,
      codes: ['number.foreign'],
    };
  }
  const others = task.data.numbers.filter((n) => n !== original);
  const other = others[(k >> 1) % others.length] as number;
  return {
    text: `<answer>${replaceNumber(task.solution, i, other)}</answer>`,
    codes: ['value.wrong', 'math.div-zero', 'number.reused'],
  };
}

/** A hand-made task. */
function taskFor(numbers: number[], target: number): CdTask {
  const base = countdown.generate(countdown.presets.easy, 1, 0);
  return { ...base, data: { numbers, target }, solution: solveCountdown(numbers, target) ?? '' };
}
const codes = (task: CdTask, text: string) => countdown.verify(task, text).issues.map((i) => i.code);

describe('countdown', () => {
  contractTests(countdown, mutate);

  for (const preset of PRESETS) {
    it(`${preset}: the exhaustive solver finds a verified solution for every generated task`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const task = countdown.generate(countdown.presets[preset], seed, index);
          const found = solveCountdown(task.data.numbers, task.data.target);
          expect(found).not.toBeNull();
          expect(countdown.verify(task, `<answer>${found}</answer>`).correct).toBe(true);
        }),
        { numRuns: preset === 'hard' ? 200 : RUNS },
      );
    });

    it(`${preset}: numbers, target and solution respect the params`, () => {
      const p = countdown.presets[preset];
      fc.assert(
        fc.property(seedArb, (seed) => {
          const { data, solution } = countdown.generate(p, seed, 0);
          expect(data.numbers).toHaveLength(p.count);
          expect(new Set(data.numbers).size).toBe(p.count);
          expect(data.numbers.filter((n) => n > p.maxSmall)).toHaveLength(p.big);
          expect(data.target).toBeGreaterThanOrEqual(p.minTarget);
          expect(data.target).toBeLessThanOrEqual(p.maxTarget);
          expect(data.numbers).not.toContain(data.target);
          expect((solution.match(/\d+/g) ?? []).length).toBeGreaterThanOrEqual(p.minUsed);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('the solver proves impossibility and respects single use', () => {
    expect(solveCountdown([1, 2], 7)).toBeNull();
    expect(solveCountdown([5, 5], 10)).toBe('5 + 5');
    expect(solveCountdown([5], 25)).toBeNull();
    const found = solveCountdown([2, 3, 7, 50], 103);
    expect(found).not.toBeNull();
  });

  it('reports foreign, reused and unused numbers, division by zero and the direction of a miss', () => {
    const task = taskFor([2, 3, 7, 50], 103);
    expect(codes(task, '<answer>50 * 2 + 3</answer>')).toEqual(['number.unused']);
    expect(countdown.verify(task, '<answer>50 * 2 + 3</answer>').correct).toBe(true);
    expect(codes(task, '<answer>50 * 2 + 4</answer>')).toEqual(
      expect.arrayContaining(['number.foreign', 'value.wrong']),
    );
    expect(codes(task, '<answer>50 + 50 + 3</answer>')).toContain('number.reused');
    expect(codes(task, '<answer>7 / (3 - 3)</answer>')).toContain('math.div-zero');
    const high = countdown.verify(task, '<answer>50 * 3</answer>');
    expect(high.issues.find((i) => i.code === 'value.wrong')?.where).toMatchObject({
      value: '150',
      direction: 'too-high',
      off: '47',
    });
    const low = countdown.verify(task, '<answer>50 / 3</answer>');
    expect(low.issues.find((i) => i.code === 'value.wrong')?.where).toMatchObject({
      value: '50/3',
      direction: 'too-low',
    });
    expect(low.score).toBeGreaterThan(0);
    expect(low.score).toBeLessThan(0.5);
  });

  it('reports parse errors with a position', () => {
    const task = taskFor([2, 3, 7, 50], 103);
    const d = countdown.verify(task, '<answer>(50 * 2 + 3</answer>');
    expect(d.issues.map((i) => i.code)).toEqual(['parse.error']);
    expect(d.issues[0]?.where?.message).toMatch(/missing "\)"/);
    expect(countdown.verify(task, '<answer>50 2 + 3</answer>').issues[0]?.where?.position).toBe(4);
    expect(codes(task, '<answer>-3 + 50 * 2</answer>')).toEqual(['parse.error']);
    expect(codes(task, '<answer>2.5 * 50</answer>')).toEqual(['parse.error']);
  });

  it('parses leniently: × ÷ x, square brackets, "= target", prose and bare lines', () => {
    const task = taskFor([2, 3, 7, 50], 103);
    for (const text of [
      '<answer>50 × 2 + 3</answer>',
      '<answer>50 x 2 + 3 = 103</answer>',
      '<answer>103 = [50*2]+3</answer>',
      '<answer>[(50 · 2)] + 3</answer>',
      '<answer>My answer: 50*2+3.</answer>',
    ]) {
      expect(countdown.verify(task, text).correct, text).toBe(true);
    }
    const bare = countdown.verify(task, 'I tried a few things.\nFinally 50 * 2 + 3 = 103');
    expect(bare.correct).toBe(true);
    expect(bare.issues.map((i) => i.code)).toContain('format.missing-tag');
    expect(bare.parsed).toBe('50 * 2 + 3');
  });

  it('reads LaTeX, unicode operators and a trailing "= target"', () => {
    const task = taskFor([2, 3, 4, 50], 97);
    for (const text of [
      '<answer>$50 \\times 2 - 3$</answer>',
      '<answer>\\(50 \\cdot 2 - 3 = 97\\)</answer>',
      '<answer>$$\\left( 50 \\times 2 \\right) - 3 = 97$$</answer>',
      '<answer>\\[\\left[50 \\times 4 \\div 2\\right] - 3\\]</answer>',
      '<answer>\\boxed{50 \\times 2 - 3}</answer>',
      '<answer>\\frac{50 \\times 4}{2} - 3 = 97</answer>',
      '<answer>\\dfrac{50 \\times 4}{2} - 3</answer>',
      '<answer>50 × 2 − 3</answer>',
      '<answer>50 ⋅ 4 ÷ 2 − 3 = 97</answer>',
      '<answer>50 ∗ 4 ∕ 2 – 3 = 97.</answer>',
    ]) {
      const diagnosis = countdown.verify(task, text);
      expect(diagnosis.correct, text).toBe(true);
      expect(
        diagnosis.issues.filter((i) => i.code !== 'number.unused'),
        text,
      ).toEqual([]);
    }
    const bare = countdown.verify(task, 'So we get \\(50 \\times 2 - 3 = 97\\).');
    expect(bare.correct).toBe(true);
    expect(bare.parsed).toBe('50 * 2 - 3');
    // LaTeX that does not add up is still wrong, and says by how much.
    expect(codes(task, '<answer>$50 \\times 2 + 3$</answer>')).toEqual(['number.unused', 'value.wrong']);
  });

  it('plainMath rewrites LaTeX once, innermost fractions first, and leaves plain text alone', () => {
    expect(plainMath('50 * 2 - 3 = 97')).toBe('50 * 2 - 3 = 97');
    const nested = plainMath('\\frac{\\frac{8}{2}}{\\left(1+1\\right)}');
    expect(
      parseExpression(nested).ok && formatExpression((parseExpression(nested) as { value: Expr }).value),
    ).toBe('8 / 2 / (1 + 1)');
    expect(plainMath('\\text{so } 3 \\times 4').replace(/\s+/g, ' ').trim()).toBe('so 3 * 4');
  });

  it('hints name the miss but never the expression', () => {
    const task = taskFor([2, 3, 7, 50], 103);
    const d = countdown.verify(task, '<answer>50 * 3</answer>');
    expect(countdown.hint(task, d, 1)).toContain('150');
    expect(countdown.hint(task, d, 2)).toContain('47 too high');
    expect(countdown.hint(task, d, 3)).toMatch(/One solution uses \d of the numbers/);
    expect(countdown.hint(task, d, 0)).toBe('Not correct yet.');
  });

  it('rejects params out of range with a specific RangeError', () => {
    const p = countdown.presets.easy;
    expect(() => countdown.generate({ ...p, count: 7 }, 1, 0)).toThrow(
      /count must be an integer from 4 to 6/,
    );
    expect(() => countdown.generate({ ...p, minUsed: 1 }, 1, 0)).toThrow(/minUsed/);
    expect(() => countdown.generate({ ...p, maxTarget: 5 }, 1, 0)).toThrow(/maxTarget/);
    expect(() => countdown.generate({ ...p, maxSmall: 2 }, 1, 0)).toThrow(/maxSmall/);
  });
});
