/** Parameter and data shapes of the arithmetic environment. */
import type { Op } from '../shared/expression';

export type ArithmeticOperator = Op;

export interface ArithmeticParams {
  /** Fewest terms (numbers) in an expression, 2–6. */
  minTerms: number;
  /** Most terms, minTerms–6. */
  maxTerms: number;
  /** Largest number drawn for a term, 2–100 (multipliers and divisors stay at 12 or below). */
  maxOperand: number;
  /** Operators to draw from ('+', '-', '*', '/'); division appears only where it is exact. */
  operators: ArithmeticOperator[];
  /** Whether expressions may need brackets (ignored for word problems, which run left to right). */
  parentheses: boolean;
  /** 'expression' shows the expression; 'word' tells the same kind of computation as a short story. */
  style: 'expression' | 'word';
}

export interface ArithmeticData {
  /** The computation, e.g. "3 + 4 × 2" (for word problems too, for the view). */
  expression: string;
  /** The story the student sees when style is 'word'; null otherwise. */
  story: string | null;
  /** Reference steps, one operation each, e.g. "4 × 2 = 8". */
  steps: string[];
  answer: number;
}

/** How the verifier read one of the student's steps. */
export interface StepReport {
  /** The step as written, e.g. "7 × 2 = 15". */
  text: string;
  /** Whether a op b really equals the stated result. */
  arithmeticOk: boolean;
  /** Whether the step is a legal next operation for the expression (null when it could not be placed). */
  orderOk: boolean | null;
  /** Operands that are neither in the problem nor an earlier result. */
  invented: string[];
}

export interface ArithmeticDetail {
  steps: StepReport[];
  /** The final answer as read, or null. */
  answer: string | null;
}
