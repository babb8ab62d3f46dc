/** Exact rational arithmetic on bigints, so verifying an expression never meets rounding error. */

/** A reduced fraction: `d > 0` and gcd(|n|, d) = 1. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * The fraction n/d in lowest terms.
 * @throws {RangeError} when d is zero.
 */
export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 1n) return { n, d };
  if (d === 0n) throw new RangeError('rational: zero denominator');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

/**
 * Parse a decimal literal such as "12", "-3" or "2.5".
 * @throws {RangeError} when the text is not a decimal number.
 */
export function parseRational(text: string): Rational {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`parseRational: not a number: ${JSON.stringify(text)}`);
  const frac = match[3] ?? '';
  const n = BigInt((match[2] ?? '0') + frac) * (match[1] === '-' ? -1n : 1n);
  return rational(n, 10n ** BigInt(frac.length));
}

// Whole numbers (d = 1) are the common case: skip the gcd for them.
export const add = (a: Rational, b: Rational): Rational =>
  a.d === 1n && b.d === 1n ? { n: a.n + b.n, d: 1n } : rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational =>
  a.d === 1n && b.d === 1n ? { n: a.n - b.n, d: 1n } : rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational =>
  a.d === 1n && b.d === 1n ? { n: a.n * b.n, d: 1n } : rational(a.n * b.n, a.d * b.d);
/** a / b, or null when b is zero. */
export const div = (a: Rational, b: Rational): Rational | null =>
  b.n === 0n ? null : rational(a.n * b.d, a.d * b.n);

export const equals = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
/** Negative, zero or positive as a < b, a = b, a > b. */
export const compare = (a: Rational, b: Rational): number => {
  const diff = a.n * b.d - b.n * a.d;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};
/** "7", "-3" or "7/2". */
export const formatRational = (a: Rational): string => (a.d === 1n ? `${a.n}` : `${a.n}/${a.d}`);
