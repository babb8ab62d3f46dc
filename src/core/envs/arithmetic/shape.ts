/** The shape of a stored arithmetic task's data (see `shared/shape.ts`). */
import { isArrayOf, isIntIn, isString, recordProblems } from '../shared/shape';
import type { ArithmeticParams } from './types';

/**
 * What is wrong with `data` as an arithmetic item generated from `params` (valid): an expression, a
 * story exactly for word problems, one reference step per operation, and a whole-number answer.
 * Empty when it is right.
 */
export function arithmeticDataProblems(params: ArithmeticParams, data: unknown): string[] {
  return recordProblems(data, (check, d) => {
    check.must('expression', isString(d.expression) && d.expression !== '', 'the expression, as text');
    if (params.style === 'word') check.must('story', isString(d.story), 'the story, as text');
    else check.must('story', d.story === null, 'null (the params ask for expressions)');
    const [min, max] = [params.minTerms - 1, params.maxTerms - 1];
    check.must('steps', isArrayOf(d.steps, isString, { min, max }), `${min} to ${max} steps, as text`);
    // Each operation's result is at most the product of its sides' bounds (both at least 1 in size),
    // so no expression of these terms reaches (2 × maxOperand)^maxTerms.
    const bound = (2 * params.maxOperand) ** params.maxTerms;
    check.must('answer', isIntIn(d.answer, -bound, bound), `a whole number within ±${bound}`);
  });
}
