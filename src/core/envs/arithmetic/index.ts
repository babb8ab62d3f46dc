/**
 * Arithmetic with steps: evaluate a small integer expression (or word problem) one operation per
 * line, then give the result in `<answer>N</answer>`. The verifier follows the student's steps and
 * names the first arithmetic, order-of-operations or copying error; correctness is the final answer.
 */
import { seededTask } from '../shared/task';
import { arithmeticDataProblems } from './shape';
import { arithmeticPrompt, drawArithmetic } from './generate';
import { hintArithmetic } from './hint';
import type { ArithmeticData, ArithmeticParams } from './types';
import { verifyArithmetic } from './verify';
import { checkInt, checkObject, checkOneOf } from '../shared/params';
import { neverThrows } from '../shared/verify-guard';
import type { Environment, Task } from '../types';

export type {
  ArithmeticData,
  ArithmeticDetail,
  ArithmeticOperator,
  ArithmeticParams,
  StepReport,
} from './types';

const ID = 'arithmetic';
/** 2: the prompt's format example no longer depends on the answer (version 1 swapped it when it hit). */
const GENERATOR_VERSION = 2;
const OPERATORS = ['+', '-', '*', '/'] as const;

/**
 * Check arithmetic params.
 * @throws {RangeError} naming the first parameter out of range.
 */
export function validateArithmeticParams(p: ArithmeticParams): void {
  checkObject(ID, p);
  checkInt(ID, 'minTerms', p.minTerms, 2, 6);
  checkInt(ID, 'maxTerms', p.maxTerms, p.minTerms, 6);
  checkInt(ID, 'maxOperand', p.maxOperand, 2, 100);
  if (!Array.isArray(p.operators) || p.operators.length === 0) {
    throw new RangeError(`${ID}: operators must be a non-empty array of '+', '-', '*', '/'`);
  }
  for (const op of p.operators) checkOneOf(ID, 'operators[]', op, OPERATORS);
  checkOneOf(ID, 'parentheses', p.parentheses, [true, false]);
  checkOneOf(ID, 'style', p.style, ['expression', 'word']);
}

export const arithmetic: Environment<ArithmeticParams, ArithmeticData> = {
  id: ID,
  name: 'Arithmetic with steps',
  description: 'Work out a small expression one operation per line; every step is checked.',
  generatorVersion: GENERATOR_VERSION,
  presets: {
    starter: {
      minTerms: 2,
      maxTerms: 2,
      maxOperand: 9,
      operators: ['+'],
      parentheses: false,
      style: 'expression',
    },
    easy: {
      minTerms: 2,
      maxTerms: 3,
      maxOperand: 20,
      operators: ['+', '-'],
      parentheses: false,
      style: 'expression',
    },
    medium: {
      minTerms: 3,
      maxTerms: 4,
      maxOperand: 20,
      operators: ['+', '-', '*'],
      parentheses: true,
      style: 'expression',
    },
    hard: {
      minTerms: 4,
      maxTerms: 6,
      maxOperand: 50,
      operators: ['+', '-', '*', '/'],
      parentheses: true,
      style: 'expression',
    },
  },
  defaultPreset: 'medium',

  generate(params, seed, index): Task<ArithmeticParams, ArithmeticData> {
    validateArithmeticParams(params);
    return seededTask({ id: ID, generatorVersion: GENERATOR_VERSION }, params, seed, index, (rng) => {
      const data = drawArithmetic(rng, params);
      return { data, prompt: arithmeticPrompt(data), solution: String(data.answer) };
    });
  },

  verify: neverThrows(verifyArithmetic),
  hint: hintArithmetic,
  validateParams: validateArithmeticParams,
  dataProblems: arithmeticDataProblems,
};
