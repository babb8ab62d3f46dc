/**
 * The arithmetic verifier. It follows the student's own steps through the expression: each step
 * `a op b = c` that matches adjacent numbers of the current expression is applied (with the student's
 * result, so later steps are judged on the student's path), and a step that changes the value of
 * what is left is an order-of-operations error.
 */
import { extractAnswer, stripThinking } from '../shared/answer-tag';
import {
  applyOp,
  evaluate,
  formatExpression,
  OP_SYMBOLS,
  parseTokens,
  tokenize,
  type Expr,
  type Op,
  type Token,
} from '../shared/expression';
import { missingTagIssue, unparseableIssue } from '../shared/issues';
import { compare, equals, formatRational, parseRational, rational, type Rational } from '../shared/rational';
import type { Diagnosis, Issue, Task } from '../types';
import type { ArithmeticData, ArithmeticDetail, ArithmeticParams, StepReport } from './types';

const NUM = String.raw`[-−]?\d+(?:\.\d+)?`;
const OP = String.raw`[+\-−–*×x·/÷]`;
/** `a op b = c`, where a is not itself the tail of a longer expression ("3 + 4 × 2 = 11" is no step). */
const STEP = new RegExp(
  String.raw`(?<![\d.])(?<![+\-−–*×x·/÷][ \t]*)(${NUM})\s*(${OP})\s*(${NUM})\s*=\s*(${NUM})(?![\d.])`,
  'dg',
);
const LAST_NUMBER = /(?<![\d.])[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])[-−]?\d+(?:\.\d+)?/g;
const OP_OF: Record<string, Op> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '–': '-',
  '*': '*',
  '×': '*',
  x: '*',
  '·': '*',
  '/': '/',
  '÷': '/',
};

const num = (text: string): Rational => parseRational(text.replace('−', '-').replace(/,/g, ''));
const sym = (op: Op): string => OP_SYMBOLS.math[op];

interface Step {
  a: Rational;
  op: Op;
  b: Rational;
  c: Rational;
  text: string;
}

/** Every step `a op b = c` in the text, chained ones ("3 + 4 = 7 × 2 = 14") included. */
export function readSteps(text: string): Step[] {
  const steps: Step[] = [];
  STEP.lastIndex = 0;
  for (let m = STEP.exec(text); m; m = STEP.exec(text)) {
    const [, a = '', op = '+', b = '', c = ''] = m;
    const parsed = { a: num(a), op: OP_OF[op] ?? '+', b: num(b), c: num(c) };
    steps.push({
      ...parsed,
      text: `${formatRational(parsed.a)} ${sym(parsed.op)} ${formatRational(parsed.b)} = ${formatRational(parsed.c)}`,
    });
    // The result may start the next link of a chain.
    STEP.lastIndex = m.indices?.[4]?.[0] ?? STEP.lastIndex;
  }
  return steps;
}

/** The last number in the text (thousands separators allowed), or null. */
export function readFinalNumber(text: string): Rational | null {
  let last: string | null = null;
  for (const m of text.matchAll(LAST_NUMBER)) last = m[0];
  return last === null ? null : num(last);
}

function valueOf(tokens: readonly Token[]): Rational | null {
  const parsed = parseTokens(tokens);
  if (!parsed.ok) return null;
  const value = evaluate(parsed.value);
  return value.ok ? value.value : null;
}

/** Replace tokens i..i+2 by a number, dropping brackets left around a lone number. */
function reduce(tokens: readonly Token[], i: number, value: Rational): Token[] {
  const out = [...tokens.slice(0, i), { kind: 'num', value, pos: 0 } as Token, ...tokens.slice(i + 3)];
  if (out[i - 1]?.kind === 'lparen' && out[i + 1]?.kind === 'rparen') out.splice(i - 1, 3, out[i] as Token);
  return out;
}

/** The first operation that may be done next (leftmost, innermost), as "a op b". */
export function nextOperation(tokens: readonly Token[]): string | null {
  const parsed = parseTokens(tokens);
  if (!parsed.ok) return null;
  const find = (e: Expr): string | null => {
    if (e.kind === 'num') return null;
    if (e.left.kind === 'num' && e.right.kind === 'num') return formatExpression(e, 'math');
    return find(e.left) ?? find(e.right);
  };
  return find(parsed.value);
}

function matchAt(tokens: readonly Token[], i: number, a: Rational, op: Op, b: Rational): boolean {
  const [x, o, y] = [tokens[i], tokens[i + 1], tokens[i + 2]];
  if (x?.kind !== 'num' || o?.kind !== 'op' || y?.kind !== 'num' || o.op !== op) return false;
  if (equals(x.value, a) && equals(y.value, b)) return true;
  return (op === '+' || op === '*') && equals(x.value, b) && equals(y.value, a);
}

/** Verify an attempt. Never throws. */
export function verifyArithmetic(
  task: Task<ArithmeticParams, ArithmeticData>,
  studentText: string,
): Diagnosis {
  const text = stripThinking(typeof studentText === 'string' ? studentText : '');
  const issues: Issue[] = [];
  const expected = rational(BigInt(task.data.answer));

  const { content, tagged } = extractAnswer(text);
  const answer = content === null ? null : readFinalNumber(content);
  if (!tagged) issues.push(missingTagIssue());
  if (answer === null) issues.push(unparseableIssue('final number'));

  const tokenized = tokenize(task.data.expression);
  let state: Token[] | null = tokenized.ok ? tokenized.value : null;
  const known = new Set((state ?? []).filter((t) => t.kind === 'num').map((t) => formatRational(t.value)));
  const results = new Set<string>();
  const reports: StepReport[] = [];
  const steps = readSteps(text);

  steps.forEach((step, k) => {
    const n = k + 1;
    const truth = applyOp(step.op, step.a, step.b);
    const arithmeticOk = truth.ok && equals(truth.value, step.c);
    const invented = [step.a, step.b].map(formatRational).filter((x) => !known.has(x) && !results.has(x));
    for (const x of invented) {
      issues.push({
        code: 'step.invented-operand',
        message: `Step ${n} uses ${x}, which is neither in the problem nor the result of an earlier step.`,
        step: n,
        where: { number: x },
      });
    }
    if (!arithmeticOk) {
      issues.push({
        code: 'step.wrong',
        message: `Step ${n} (${step.text}) is not right.`,
        step: n,
        where: { written: formatRational(step.c), expected: truth.ok ? formatRational(truth.value) : null },
      });
    }
    let orderOk: boolean | null = null;
    if (state) {
      const before = valueOf(state);
      const candidates: number[] = [];
      for (let i = 0; i + 2 < state.length; i++)
        if (matchAt(state, i, step.a, step.op, step.b)) candidates.push(i);
      if (candidates.length > 0) {
        const trueValue = truth.ok ? truth.value : step.c;
        const legal = candidates.find((i) => {
          const after = valueOf(reduce(state as Token[], i, trueValue));
          return before !== null && after !== null && equals(before, after);
        });
        orderOk = legal !== undefined;
        if (!orderOk) {
          const first = nextOperation(state);
          issues.push({
            code: 'step.precedence',
            message: `Step ${n} works out ${formatRational(step.a)} ${sym(step.op)} ${formatRational(step.b)} too early${first ? `: ${first} comes first` : ''}.`,
            step: n,
            where: { did: `${formatRational(step.a)} ${sym(step.op)} ${formatRational(step.b)}`, first },
          });
        }
        state = reduce(state, legal ?? (candidates[0] as number), step.c);
      }
    }
    results.add(formatRational(step.c));
    reports.push({ text: step.text, arithmeticOk, orderOk, invented });
  });

  const last = steps[steps.length - 1];
  if (answer !== null && last && !equals(last.c, answer)) {
    issues.push({
      code: 'answer.mismatch-steps',
      message: `The final answer ${formatRational(answer)} differs from the result of the last step (${formatRational(last.c)}).`,
      where: { answer: formatRational(answer), lastStep: formatRational(last.c) },
    });
  }
  const correct = answer !== null && equals(answer, expected);
  if (answer !== null && !correct) {
    const high = compare(answer, expected) > 0;
    if (steps.length === 0) {
      issues.push({ code: 'steps.missing', message: 'No steps of the form "a + b = c" were shown.' });
    }
    issues.push({
      code: high ? 'answer.too-high' : 'answer.too-low',
      message: `The final answer is too ${high ? 'high' : 'low'}.`,
      where: { answer: formatRational(answer) },
    });
  }
  const detail: ArithmeticDetail = {
    steps: reports,
    answer: answer === null ? null : formatRational(answer),
  };
  return {
    correct,
    score: correct ? 1 : 0,
    issues,
    parsed: answer === null ? null : formatRational(answer),
    detail,
  };
}
