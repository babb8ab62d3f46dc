/**
 * Countdown students' errors: a wrong number (another of the given ones, or one off by one), a
 * wrong operator, a number dropped with its operator, and brackets forgotten. The prompt asks for
 * one expression inside the answer tags, so an attempt is just that.
 */
import type { Rng } from '../rng';
import type { Task } from '../envs/types';
import type { CountdownData } from '../envs/countdown/types';
import { OP_SYMBOLS, tokenize, type Op, type Token } from '../envs/shared/expression';
import { formatRational, rational } from '../envs/shared/rational';
import type { Perturber } from './perturber';

/** The countdown error kinds. */
export const COUNTDOWN_ERRORS = ['wrong-number', 'wrong-operator', 'dropped-number', 'no-brackets'] as const;

const OPS: readonly Op[] = ['+', '-', '*', '/'];
const written = (expression: string): string => `<answer>${expression}</answer>`;

/** Tokens printed as the solution is: spaces around operators, none inside brackets. */
function print(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'num') out += formatRational(t.value);
    else if (t.kind === 'op') out += ` ${OP_SYMBOLS.ascii[t.op]} `;
    else out += t.kind === 'lparen' ? '(' : ')';
  }
  return out;
}

/** Drop the number at token `i` with the operator joining it to its neighbour; brackets left balanced. */
function dropNumber(tokens: readonly Token[], i: number): Token[] {
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  if (after?.kind === 'op') return [...tokens.slice(0, i), ...tokens.slice(i + 2)];
  if (before?.kind === 'op') return [...tokens.slice(0, i - 1), ...tokens.slice(i + 1)];
  return [...tokens];
}

/** Brackets around a lone number, left by a drop, are removed: "(5) * 3" is not how anyone writes. */
function tidy(tokens: readonly Token[]): Token[] {
  const out = [...tokens];
  for (let i = 1; i + 1 < out.length; i++) {
    if (out[i - 1]?.kind === 'lparen' && out[i]?.kind === 'num' && out[i + 1]?.kind === 'rparen') {
      out.splice(i - 1, 3, out[i] as Token);
      i = 0;
    }
  }
  return out;
}

function countdownAttempt(task: Task, kind: string, rng: Rng): string | null {
  const parsed = tokenize(task.solution);
  if (!parsed.ok) return null;
  const tokens = parsed.value;
  const numbers = tokens.flatMap((t, i) => (t.kind === 'num' ? [i] : []));
  const operators = tokens.flatMap((t, i) => (t.kind === 'op' ? [i] : []));
  switch (kind) {
    case 'wrong-number': {
      const i = rng.pick(numbers);
      const old = tokens[i] as Extract<Token, { kind: 'num' }>;
      const given = (task.data as CountdownData).numbers.filter((n) => rational(BigInt(n)).n !== old.value.n);
      const offByOne = Number(old.value.n) + (rng.chance(0.5) ? 1 : -1);
      const value = rng.chance(0.5) && given.length > 0 ? rng.pick(given) : offByOne;
      if (value < 1) return null;
      const next = tokens.map((t, j) => (j === i ? { ...old, value: rational(BigInt(value)) } : t));
      return written(print(next));
    }
    case 'wrong-operator': {
      if (operators.length === 0) return null;
      const i = rng.pick(operators);
      const old = tokens[i] as Extract<Token, { kind: 'op' }>;
      const op = rng.pick(OPS.filter((o) => o !== old.op));
      return written(print(tokens.map((t, j) => (j === i ? { ...old, op } : t))));
    }
    case 'dropped-number':
      // Dropping one of two numbers leaves no expression: a format slip, not a dropped number.
      return numbers.length < 3 ? null : written(print(tidy(dropNumber(tokens, rng.pick(numbers)))));
    case 'no-brackets': {
      const bare = tokens.filter((t) => t.kind === 'num' || t.kind === 'op');
      return bare.length === tokens.length ? null : written(print(bare));
    }
    default:
      return null;
  }
}

/** The countdown perturber. */
export const countdownPerturber: Perturber = {
  envId: 'countdown',
  kinds: COUNTDOWN_ERRORS,
  reference: (task) => written(task.solution),
  attempt: countdownAttempt,
};
