/**
 * Arithmetic students' errors, each in one line of worked steps and carried through the lines after
 * it (the student computes on with their own wrong value): an off-by-one, a calculation slip, the
 * wrong operation, a skipped step, and an order-of-operations slip (left to right, or brackets
 * ignored). The prompt asks for one operation per line and then the number in answer tags, so an
 * attempt is those lines and the tag.
 */
import type { Rng } from '../rng';
import type { Task } from '../envs/types';
import type { ArithmeticData } from '../envs/arithmetic';
import {
  OP_SYMBOLS,
  parseExpression,
  parseTokens,
  tokenize,
  type Expr,
  type Op,
  type Token,
} from '../envs/shared/expression';
import type { Perturber } from './perturber';

/** The arithmetic error kinds. */
export const ARITHMETIC_ERRORS = [
  'off-by-one',
  'wrong-result',
  'wrong-operation',
  'skipped-step',
  'order-slip',
] as const;

type Node = { value: number } | { op: Op; left: Node; right: Node };

/** A slip at one operation (its post-order number among the operations). */
interface Slip {
  at: number;
  kind: 'off-by-one' | 'wrong-result' | 'wrong-operation' | 'skipped-step';
  sign: 1 | -1;
}

/** The confusion behind 'wrong-operation': + taken for ×, × for +, − for +, ÷ for −. */
const CONFUSED: Readonly<Record<Op, Op>> = { '+': '*', '*': '+', '-': '+', '/': '-' };

function toNode(expr: Expr): Node {
  return expr.kind === 'num'
    ? { value: Number(expr.value.n) / Number(expr.value.d) }
    : { op: expr.op, left: toNode(expr.left), right: toNode(expr.right) };
}

function apply(op: Op, a: number, b: number): number | null {
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  return b === 0 || a % b !== 0 ? null : a / b;
}

function operations(node: Node): number {
  return 'value' in node ? 0 : operations(node.left) + operations(node.right) + 1;
}

/**
 * The result a slip writes instead of `truth` for `l op r` (`rLatest`: the right operand is the
 * student's latest result); null when it makes no sense here.
 */
function slipped(slip: Slip, op: Op, l: number, r: number, truth: number, rLatest: boolean): number | null {
  switch (slip.kind) {
    case 'off-by-one':
      return truth + slip.sign;
    case 'wrong-result':
      // A carry lost or added, a times-table row off by one, a quotient off by one.
      if (op === '+' || op === '-') return truth + 10 * slip.sign;
      if (op === '*') return truth + l * slip.sign;
      return truth + slip.sign;
    case 'wrong-operation':
      return apply(CONFUSED[op], l, r);
    case 'skipped-step':
      // The step never happens: the student carries on with their latest result (or the left number).
      return rLatest ? r : l;
  }
}

/**
 * The student's worked lines for `tree` (post-order, one operation each, in the prompt's symbols)
 * and their final value; with a slip, the slipped line's result is carried on. Null when a value
 * stops being a whole number ≥ 0 (a student of these tasks would not write it).
 */
function work(tree: Node, slip: Slip | null): { lines: string[]; value: number } | null {
  const lines: string[] = [];
  let counter = 0;
  const visit = (node: Node): number | null => {
    if ('value' in node) return node.value;
    const l = visit(node.left);
    const r = visit(node.right);
    if (l === null || r === null) return null;
    const truth = apply(node.op, l, r);
    if (truth === null) return null;
    const here = counter++;
    const value =
      slip && slip.at === here ? slipped(slip, node.op, l, r, truth, !('value' in node.right)) : truth;
    if (value === null || !Number.isInteger(value) || value < 0) return null;
    if (!(slip?.at === here && slip.kind === 'skipped-step')) {
      lines.push(`${l} ${OP_SYMBOLS.math[node.op]} ${r} = ${value}`);
    }
    return value;
  };
  const value = visit(tree);
  return value === null ? null : { lines, value };
}

/** The attempt text: the worked lines, then the final number in answer tags. */
const written = (lines: readonly string[], value: number): string =>
  [...lines, `<answer>${value}</answer>`].join('\n');

/** The expression read strictly left to right, brackets kept but × and ÷ not done first. */
function leftToRight(tokens: readonly Token[]): Node | null {
  let i = 0;
  const primary = (): Node | null => {
    const t = tokens[i++];
    if (t?.kind === 'num') return { value: Number(t.value.n) / Number(t.value.d) };
    if (t?.kind !== 'lparen') return null;
    const inner = chain();
    return tokens[i++]?.kind === 'rparen' ? inner : null;
  };
  const chain = (): Node | null => {
    let node = primary();
    for (let t = tokens[i]; node && t?.kind === 'op'; t = tokens[i]) {
      i++;
      const right = primary();
      node = right ? { op: t.op, left: node, right } : null;
    }
    return node;
  };
  const tree = chain();
  return tree && i === tokens.length ? tree : null;
}

/** The expression with its brackets ignored and the usual precedence kept. */
function withoutBrackets(tokens: readonly Token[]): Node | null {
  const parsed = parseTokens(tokens.filter((t) => t.kind === 'num' || t.kind === 'op'));
  return parsed.ok ? toNode(parsed.value) : null;
}

function referenceTree(task: Task): Node {
  const parsed = parseExpression((task.data as ArithmeticData).expression);
  if (!parsed.ok) throw new Error(`arithmetic: task ${task.itemSeed} has an unreadable expression`);
  return toNode(parsed.value);
}

function orderSlip(task: Task, rng: Rng): string | null {
  const tokens = tokenize((task.data as ArithmeticData).expression);
  if (!tokens.ok) return null;
  const misreadings = [leftToRight(tokens.value), withoutBrackets(tokens.value)];
  const reference = work(referenceTree(task), null);
  const options = misreadings
    .map((tree) => (tree ? work(tree, null) : null))
    .filter((w): w is NonNullable<typeof w> => w !== null && w.value !== reference?.value);
  if (options.length === 0) return null;
  const chosen = rng.pick(options);
  return written(chosen.lines, chosen.value);
}

function arithmeticAttempt(task: Task, kind: string, rng: Rng): string | null {
  if (kind === 'order-slip') return orderSlip(task, rng);
  if (
    kind !== 'off-by-one' &&
    kind !== 'wrong-result' &&
    kind !== 'wrong-operation' &&
    kind !== 'skipped-step'
  )
    return null;
  const tree = referenceTree(task);
  const count = operations(tree);
  // Skipping the only step leaves no work at all: that is a missing-work slip, not a skipped step.
  if (count === 0 || (kind === 'skipped-step' && count < 2)) return null;
  const slip: Slip = { at: rng.int(0, count - 1), kind, sign: rng.chance(0.5) ? 1 : -1 };
  const worked = work(tree, slip);
  return worked ? written(worked.lines, worked.value) : null;
}

/** The arithmetic perturber. */
export const arithmeticPerturber: Perturber = {
  envId: 'arithmetic',
  kinds: ARITHMETIC_ERRORS,
  reference: (task) => {
    const data = task.data as ArithmeticData;
    return written(data.steps, data.answer);
  },
  attempt: arithmeticAttempt,
};
