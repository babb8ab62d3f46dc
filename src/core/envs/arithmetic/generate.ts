/** The arithmetic generator: a random expression over small integers where every step stays whole. */
import type { Rng } from '../../rng';
import { formatExpression, parseExpression, type Expr, type Op } from '../shared/expression';
import { rational } from '../shared/rational';
import { tellStory } from './story';
import type { ArithmeticData, ArithmeticParams } from './types';

type Node = { kind: 'num'; value: number } | { kind: 'op'; op: Op; left: Node; right: Node };

/** Products above this turn into sums: small models should meet hard structure, not long multiplication. */
const MAX_PRODUCT = 1000;
/** Multipliers and divisors stay within the times tables. */
const MAX_FACTOR = 12;
const MAX_ATTEMPTS = 50;

const leaf = (rng: Rng, max: number): Node => ({ kind: 'num', value: rng.int(1, max) });

/** A random binary tree: brackets appear wherever its shape needs them. */
function nested(rng: Rng, n: number, p: ArithmeticParams): Node {
  if (n === 1) return leaf(rng, p.maxOperand);
  const k = rng.int(1, n - 1);
  return { kind: 'op', op: rng.pick(p.operators), left: nested(rng, k, p), right: nested(rng, n - k, p) };
}

/** A flat `t1 op t2 op …` read with the usual precedence (× ÷ bind tighter, left to right). */
function flat(rng: Rng, n: number, p: ArithmeticParams): Node {
  let sum: Node | null = null;
  let sumOp: Op = '+';
  let product = leaf(rng, p.maxOperand);
  for (let i = 1; i < n; i++) {
    const op = rng.pick(p.operators);
    if (op === '*' || op === '/') {
      product = { kind: 'op', op, left: product, right: leaf(rng, p.maxOperand) };
    } else {
      sum = sum ? { kind: 'op', op: sumOp, left: sum, right: product } : product;
      sumOp = op;
      product = leaf(rng, p.maxOperand);
    }
  }
  return sum ? { kind: 'op', op: sumOp, left: sum, right: product } : product;
}

/** `((t1 op t2) op t3) …`: the running total of a story. */
function chain(rng: Rng, n: number, p: ArithmeticParams): Node {
  let node = leaf(rng, p.maxOperand);
  for (let i = 1; i < n; i++) {
    node = { kind: 'op', op: rng.pick(p.operators), left: node, right: leaf(rng, p.maxOperand) };
  }
  return node;
}

/**
 * Adjust operators and right-hand numbers bottom-up so every intermediate value is a whole number
 * ≥ 0, divisions are exact and products stay small. Returns the node's value.
 */
function settle(rng: Rng, node: Node, maxOperand: number): number {
  if (node.kind === 'num') return node.value;
  const l = settle(rng, node.left, maxOperand);
  let r = settle(rng, node.right, maxOperand);
  const factorMax = Math.max(2, Math.min(MAX_FACTOR, maxOperand));
  if (node.op === '*') {
    if (node.right.kind === 'num') r = node.right.value = rng.int(2, factorMax);
    if (l * r <= MAX_PRODUCT) return l * r;
    node.op = '+';
  } else if (node.op === '/') {
    if (node.right.kind === 'num') {
      const divisors: number[] = [];
      for (let d = 2; d <= factorMax; d++) if (l % d === 0 && l / d >= 2) divisors.push(d);
      if (divisors.length > 0) {
        r = node.right.value = rng.pick(divisors);
        return l / r;
      }
    } else if (r >= 2 && l % r === 0 && l / r >= 2) {
      return l / r;
    }
    node.op = '+';
  } else if (node.op === '-') {
    if (l > r) return l - r;
    node.op = '+';
  }
  return l + r;
}

function toExpr(node: Node): Expr {
  return node.kind === 'num'
    ? { kind: 'num', value: rational(BigInt(node.value)), pos: 0 }
    : { kind: 'op', op: node.op, left: toExpr(node.left), right: toExpr(node.right), pos: 0 };
}

/** Post-order steps "a op b = c" of a parsed expression, and its value. */
function stepsOf(expr: Expr, out: string[]): number {
  if (expr.kind === 'num') return Number(expr.value.n);
  const l = stepsOf(expr.left, out);
  const r = stepsOf(expr.right, out);
  const v = expr.op === '+' ? l + r : expr.op === '-' ? l - r : expr.op === '*' ? l * r : l / r;
  out.push(formatExpression({ ...expr, left: toExpr(num(l)), right: toExpr(num(r)) }, 'math') + ` = ${v}`);
  return v;
}
const num = (value: number): Node => ({ kind: 'num', value });

function storyChain(node: Node): { start: number; chain: Array<[Op, number]> } {
  const links: Array<[Op, number]> = [];
  let cur = node;
  while (cur.kind === 'op') {
    links.unshift([cur.op, cur.right.kind === 'num' ? cur.right.value : 0]);
    cur = cur.left;
  }
  return { start: cur.value, chain: links };
}

/** Draw one item's data (everything but the prompt) from `rng`. Params must already be valid. */
export function drawArithmetic(rng: Rng, p: ArithmeticParams): ArithmeticData {
  let tree: Node = num(0);
  let printed = '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const n = rng.int(p.minTerms, p.maxTerms);
    tree = p.style === 'word' ? chain(rng, n, p) : p.parentheses ? nested(rng, n, p) : flat(rng, n, p);
    settle(rng, tree, p.maxOperand);
    printed = formatExpression(toExpr(tree), 'math');
    // Settling can turn a × into a +, which may call for brackets the params do not allow.
    if (p.style === 'word' || p.parentheses || !printed.includes('(')) break;
  }
  const parsed = parseExpression(printed);
  if (!parsed.ok) throw new Error(`arithmetic: generated an unparsable expression ${printed}`);
  const steps: string[] = [];
  const answer = stepsOf(parsed.value, steps);
  let story: string | null = null;
  if (p.style === 'word') {
    const { start, chain: links } = storyChain(tree);
    story = tellStory(rng, start, links);
  }
  return { expression: printed, story, steps, answer };
}

/**
 * The student's prompt: the task, the step format and the answer format. The answer example is 0,
 * which no task has as its answer (every value is at least 1): an example that changed when it hit
 * the answer (as version 1's did) told the reader the answer, and a fixed one that could be the
 * answer would be a free solve for a model that copies it.
 */
export function arithmeticPrompt(data: ArithmeticData): string {
  const [step, value] = ['12 + 5 = 17', 0];
  const task = data.story ?? `Compute ${data.expression}.`;
  const order = data.story ? '' : ' Do brackets first, then × and ÷, then + and −, left to right.';
  return (
    `${task}\n` +
    `Show your work one operation per line, like "${step}".${order}\n` +
    `Then give the final number alone inside answer tags, like <answer>${value}</answer> for a result of ${value}.`
  );
}
