/**
 * The countdown verifier: parse the student's expression with our own recursive-descent parser,
 * check the numbers against the given multiset and evaluate exactly.
 *
 * Unused numbers are allowed (as in the TV game) and reported as 'number.unused' for information
 * only; fractions along the way are allowed, since the value is computed exactly.
 */
import { extractAnswer } from '../shared/answer-tag';
import {
  evaluate,
  formatExpression,
  leaves,
  OPERATOR_SYMBOLS,
  parseExpression,
  type Expr,
  type ParseResult,
} from '../shared/expression';
import { missingTagIssue, unparseableIssue } from '../shared/issues';
import { plainMath } from '../shared/math-notation';
import { compare, formatRational, rational, sub } from '../shared/rational';
import type { Diagnosis, Issue, Task } from '../types';
import type { CountdownData, CountdownDetail, CountdownParams } from './types';

const OPS = OPERATOR_SYMBOLS.map((ch) => (/[-\\\]^]/.test(ch) ? `\\${ch}` : ch)).join('');
/**
 * Runs of expression characters: what a bare answer inside prose looks like. Read greedily and cut
 * back to the last digit or closing bracket by `runEnd` (a regex that had to end on one would
 * backtrack through every start of a long run of brackets and spaces: quadratic).
 */
const EXPRESSION_RUN = new RegExp(String.raw`[\d([][\d\s${OPS}()[\]]*`, 'g');
const ENDS_RUN = /[\d)\]]/;

/** The run without what follows its last digit or closing bracket. */
function runEnd(run: string): string {
  let end = run.length;
  while (end > 0 && !ENDS_RUN.test(run[end - 1] as string)) end--;
  return run.slice(0, end);
}
const PROSE = /[a-wyzA-WYZ]/;
const HAS_OPERATOR = new RegExp(`[${OPS}xX]`);

/** Keep the side of "expr = value" that holds the expression; drop a trailing full stop. */
function stripEquation(text: string): string {
  const sides = text.split('=').map((s) => s.trim().replace(/\.$/, ''));
  const withOp = sides.filter((s) => HAS_OPERATOR.test(s));
  return (withOp.sort((a, b) => b.length - a.length)[0] ?? sides[0] ?? '').trim();
}

/** The first expression-looking run in the text, scanning lines from the end, that parses. */
function findExpression(text: string): ParseResult<Expr> | null {
  const lines = text.split('\n').reverse();
  for (const line of lines) {
    const runs = [...line.matchAll(EXPRESSION_RUN)]
      .map((m) => runEnd(m[0]))
      .filter((run) => run !== '')
      .reverse();
    for (const run of runs) {
      if (!HAS_OPERATOR.test(run)) continue;
      const parsed = parseExpression(run);
      if (parsed.ok) return parsed;
    }
  }
  return null;
}

/** Verify an attempt. Never throws. */
export function verifyCountdown(task: Task<CountdownParams, CountdownData>, studentText: string): Diagnosis {
  const { numbers, target } = task.data;
  const issues: Issue[] = [];
  const { content: raw, tagged } = extractAnswer(studentText);
  const content = raw === null ? null : plainMath(raw);
  if (!tagged) issues.push(missingTagIssue());
  const detail: CountdownDetail = { expression: null, value: null, used: [], unused: [...numbers] };
  const fail = (): Diagnosis => ({ correct: false, score: 0, issues, parsed: null, detail });

  if (content === null || content === '') {
    issues.push(unparseableIssue('expression'));
    return fail();
  }
  let parsed: ParseResult<Expr> | null = tagged ? parseExpression(stripEquation(content)) : null;
  // Look for an expression inside prose, but never second-guess a tag that holds only an expression.
  if (!tagged || (!parsed?.ok && PROSE.test(content))) parsed = findExpression(content) ?? parsed;
  if (!parsed) {
    issues.push(unparseableIssue('expression'));
    return fail();
  }
  if (!parsed.ok) {
    issues.push({
      code: 'parse.error',
      message: `The expression could not be read: ${parsed.error.message} (at character ${parsed.error.position + 1}).`,
      where: { position: parsed.error.position + 1, message: parsed.error.message },
    });
    return fail();
  }
  const expr = parsed.value;
  detail.expression = formatExpression(expr, 'ascii');

  // Match the numbers used against the given multiset.
  const available = new Map<number, number>();
  for (const n of numbers) available.set(n, (available.get(n) ?? 0) + 1);
  const counts = new Map<string, number>();
  for (const leaf of leaves(expr)) {
    const key = formatRational(leaf.value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) {
    const given = available.get(Number(key)) ?? 0;
    if (given === 0) {
      issues.push({
        code: 'number.foreign',
        message: `${key} is not one of the given numbers.`,
        where: { number: key },
      });
    } else if (count > given) {
      issues.push({
        code: 'number.reused',
        message: `${key} is used ${count} times but given only ${given === 1 ? 'once' : `${given} times`}.`,
        where: { number: key, used: count, given },
      });
    }
  }
  const unused: number[] = [];
  const used: number[] = [];
  for (const [n, given] of available) {
    const u = Math.min(counts.get(String(n)) ?? 0, given);
    for (let i = 0; i < u; i++) used.push(n);
    for (let i = u; i < given; i++) unused.push(n);
  }
  detail.used = used;
  detail.unused = unused;
  if (unused.length > 0) {
    issues.push({
      code: 'number.unused',
      message: `Not used (allowed): ${unused.join(', ')}.`,
      where: { numbers: unused.join(', ') },
    });
  }

  const value = evaluate(expr);
  if (!value.ok) {
    issues.push({
      code: 'math.div-zero',
      message: `The division at character ${value.divisionByZeroAt + 1} divides by zero.`,
      where: { position: value.divisionByZeroAt + 1 },
    });
    return { correct: false, score: 0, issues, parsed: detail.expression, detail };
  }
  detail.value = formatRational(value.value);
  const goal = rational(BigInt(target));
  const cmp = compare(value.value, goal);
  if (cmp !== 0) {
    const off = sub(value.value, goal);
    issues.push({
      code: 'value.wrong',
      message: `The expression equals ${detail.value}, which is ${cmp > 0 ? 'too high' : 'too low'} (target ${target}).`,
      where: {
        value: detail.value,
        target,
        direction: cmp > 0 ? 'too-high' : 'too-low',
        off: formatRational(off.n < 0n ? { n: -off.n, d: off.d } : off),
      },
    });
  }
  const numbersOk = !issues.some((i) => i.code === 'number.foreign' || i.code === 'number.reused');
  const correct = numbersOk && cmp === 0;
  // Partial credit only for legal expressions: up to 0.5 for getting close.
  const distance = Math.abs(Number(value.value.n) / Number(value.value.d) - target) / Math.max(1, target);
  const closeness = 0.5 * Math.max(0, 1 - distance);
  const score = correct ? 1 : numbersOk && Number.isFinite(closeness) ? closeness : 0;
  return { correct, score, issues, parsed: detail.expression, detail };
}
