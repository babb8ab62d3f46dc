/**
 * A tokenizer, recursive-descent parser, exact evaluator and printer for integer expressions with
 * + − × ÷ and parentheses. Student text is never handed to eval or new Function.
 */
import { add, div, mul, rational, sub, type Rational } from './rational';

export type Op = '+' | '-' | '*' | '/';

export type Token =
  | { kind: 'num'; value: Rational; pos: number }
  | { kind: 'op'; op: Op; pos: number }
  | { kind: 'lparen'; pos: number }
  | { kind: 'rparen'; pos: number };

/** An expression tree; `pos` is the 0-based character offset in the source text. */
export type Expr =
  | { kind: 'num'; value: Rational; pos: number }
  | { kind: 'op'; op: Op; left: Expr; right: Expr; pos: number };

export interface ParseError {
  /** 0-based character offset of the problem. */
  position: number;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError };

/** Longest integer literal accepted: keeps bigint work bounded on adversarial input. */
const MAX_DIGITS = 15;

const OP_CHARS: Record<string, Op> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '–': '-',
  '*': '*',
  '×': '*',
  '·': '*',
  '⋅': '*',
  '∙': '*',
  '∗': '*',
  x: '*',
  X: '*',
  '/': '/',
  '÷': '/',
  '∕': '/',
};

/** Every operator symbol the tokenizer reads (the letters x and X left out), for callers' regexes. */
export const OPERATOR_SYMBOLS: readonly string[] = Object.keys(OP_CHARS).filter((ch) => !/[A-Za-z]/.test(ch));

/** Split text into tokens. Accepts × · ⋅ ∗ x for times, ÷ ∕ for divide, − – for minus, [ ] as parentheses. */
export function tokenize(text: string): ParseResult<Token[]> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || /\s/.test(ch)) {
      i++;
    } else if (ch >= '0' && ch <= '9') {
      let j = i;
      while (j < text.length && (text[j] as string) >= '0' && (text[j] as string) <= '9') j++;
      if (text[j] === '.' && /\d/.test(text[j + 1] ?? '')) {
        return { ok: false, error: { position: i, message: 'only whole numbers are allowed' } };
      }
      if (j - i > MAX_DIGITS) return { ok: false, error: { position: i, message: 'number too long' } };
      tokens.push({ kind: 'num', value: rational(BigInt(text.slice(i, j))), pos: i });
      i = j;
    } else if (ch in OP_CHARS) {
      tokens.push({ kind: 'op', op: OP_CHARS[ch] as Op, pos: i });
      i++;
    } else if (ch === '(' || ch === '[') {
      tokens.push({ kind: 'lparen', pos: i });
      i++;
    } else if (ch === ')' || ch === ']') {
      tokens.push({ kind: 'rparen', pos: i });
      i++;
    } else {
      return { ok: false, error: { position: i, message: `unexpected character "${ch}"` } };
    }
  }
  return { ok: true, value: tokens };
}

class Failure extends Error {
  constructor(readonly detail: ParseError) {
    super(detail.message);
  }
}

/** Parse tokens with the usual precedence (× ÷ before + −, left to right). */
export function parseTokens(tokens: readonly Token[], sourceLength = 0): ParseResult<Expr> {
  let i = 0;
  const end = () => tokens[tokens.length - 1]?.pos ?? sourceLength;
  const fail = (position: number, message: string): never => {
    throw new Failure({ position, message });
  };
  const describe = (t: Token): string =>
    t.kind === 'num' ? 'a number' : t.kind === 'op' ? `"${t.op}"` : t.kind === 'lparen' ? '"("' : '")"';

  const factor = (): Expr => {
    const t = tokens[i];
    if (!t) return fail(end() + 1, 'expression ends where a number was expected');
    if (t.kind === 'num') {
      i++;
      return { kind: 'num', value: t.value, pos: t.pos };
    }
    if (t.kind === 'lparen') {
      i++;
      const inner = sum();
      const close = tokens[i];
      if (!close || close.kind !== 'rparen') {
        return fail(close?.pos ?? end() + 1, `missing ")" for the "(" at character ${t.pos + 1}`);
      }
      i++;
      return inner;
    }
    if (t.kind === 'op' && t.op === '-') return fail(t.pos, 'a minus sign must stand between two numbers');
    return fail(t.pos, `expected a number or "(" but found ${describe(t)}`);
  };
  const product = (): Expr => {
    let left = factor();
    for (let t = tokens[i]; t && t.kind === 'op' && (t.op === '*' || t.op === '/'); t = tokens[i]) {
      i++;
      left = { kind: 'op', op: t.op, left, right: factor(), pos: t.pos };
    }
    return left;
  };
  const sum = (): Expr => {
    let left = product();
    for (let t = tokens[i]; t && t.kind === 'op' && (t.op === '+' || t.op === '-'); t = tokens[i]) {
      i++;
      left = { kind: 'op', op: t.op, left, right: product(), pos: t.pos };
    }
    return left;
  };

  try {
    if (tokens.length === 0) fail(0, 'empty expression');
    const expr = sum();
    const extra = tokens[i];
    if (extra) {
      fail(
        extra.pos,
        extra.kind === 'rparen'
          ? 'unmatched ")"'
          : `expected an operator but found ${describe(extra)} (write * for multiplication)`,
      );
    }
    return { ok: true, value: expr };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, error: error.detail };
    throw error;
  }
}

/** Tokenize and parse. Never throws. */
export function parseExpression(text: string): ParseResult<Expr> {
  const tokens = tokenize(text);
  return tokens.ok ? parseTokens(tokens.value, text.length) : tokens;
}

export type EvalResult = { ok: true; value: Rational } | { ok: false; divisionByZeroAt: number };

/** Evaluate exactly. A division by zero reports the offending operator's position. */
export function evaluate(expr: Expr): EvalResult {
  if (expr.kind === 'num') return { ok: true, value: expr.value };
  const left = evaluate(expr.left);
  if (!left.ok) return left;
  const right = evaluate(expr.right);
  if (!right.ok) return right;
  return applyOp(expr.op, left.value, right.value, expr.pos);
}

/** One operation, exactly. */
export function applyOp(op: Op, a: Rational, b: Rational, pos = 0): EvalResult {
  if (op === '+') return { ok: true, value: add(a, b) };
  if (op === '-') return { ok: true, value: sub(a, b) };
  if (op === '*') return { ok: true, value: mul(a, b) };
  const q = div(a, b);
  return q ? { ok: true, value: q } : { ok: false, divisionByZeroAt: pos };
}

const PRECEDENCE: Record<Op, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const precedence = (e: Expr): number => (e.kind === 'num' ? 3 : PRECEDENCE[e.op]);

/** Whether the right operand of `parent` needs parentheses to keep its meaning when printed. */
function rightNeedsParens(parent: Op, right: Expr): boolean {
  if (right.kind === 'num') return false;
  const p = PRECEDENCE[parent];
  const c = PRECEDENCE[right.op];
  return c < p || (c === p && (parent === '-' || parent === '/' || (parent === '*' && right.op === '/')));
}

export const OP_SYMBOLS: Record<'ascii' | 'math', Record<Op, string>> = {
  ascii: { '+': '+', '-': '-', '*': '*', '/': '/' },
  math: { '+': '+', '-': '-', '*': '×', '/': '÷' },
};

/** Print with the fewest parentheses that keep the tree's evaluation order and value. */
export function formatExpression(expr: Expr, style: 'ascii' | 'math' = 'ascii'): string {
  if (expr.kind === 'num') {
    const v = expr.value;
    return v.d === 1n ? `${v.n}` : `${v.n}/${v.d}`;
  }
  const left = formatExpression(expr.left, style);
  const right = formatExpression(expr.right, style);
  const l = precedence(expr.left) < PRECEDENCE[expr.op] ? `(${left})` : left;
  const r = rightNeedsParens(expr.op, expr.right) ? `(${right})` : right;
  return `${l} ${OP_SYMBOLS[style][expr.op]} ${r}`;
}

/** The number leaves, left to right. */
export function leaves(expr: Expr): Array<Extract<Expr, { kind: 'num' }>> {
  return expr.kind === 'num' ? [expr] : [...leaves(expr.left), ...leaves(expr.right)];
}
