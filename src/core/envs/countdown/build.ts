/** Random integer expression trees over given numbers, Countdown rules: every intermediate a positive whole number. */
import type { Rng } from '../../rng';
import { rational } from '../shared/rational';
import type { Expr, Op } from '../shared/expression';

export type IntTree =
  { kind: 'num'; value: number } | { kind: 'op'; op: Op; left: IntTree; right: IntTree; value: number };

const OPS: readonly Op[] = ['+', '-', '*', '/'];

/**
 * A random tree using every number of `values` once, in order. Operators are drawn at random and
 * then repaired so that subtraction stays positive, division is exact and nothing is multiplied or
 * divided by 1.
 */
export function randomTree(rng: Rng, values: readonly number[]): IntTree {
  if (values.length === 1) return { kind: 'num', value: values[0] as number };
  const k = rng.int(1, values.length - 1);
  let left = randomTree(rng, values.slice(0, k));
  let right = randomTree(rng, values.slice(k));
  let op = rng.pick(OPS);
  const a = left.value;
  const b = right.value;
  if (op === '-' && a === b) op = '+';
  if (op === '-' && a < b) [left, right] = [right, left];
  if (op === '/') {
    if (b > 1 && a % b === 0) {
      // exact as drawn
    } else if (a > 1 && b % a === 0) {
      [left, right] = [right, left];
    } else {
      op = '*';
    }
  }
  if (op === '*' && (a === 1 || b === 1)) op = '+';
  const l = left.value;
  const r = right.value;
  const value = op === '+' ? l + r : op === '-' ? l - r : op === '*' ? l * r : l / r;
  return { kind: 'op', op, left, right, value };
}

/** The tree as a printable expression. */
export function treeToExpr(tree: IntTree): Expr {
  return tree.kind === 'num'
    ? { kind: 'num', value: rational(BigInt(tree.value)), pos: 0 }
    : { kind: 'op', op: tree.op, left: treeToExpr(tree.left), right: treeToExpr(tree.right), pos: 0 };
}
