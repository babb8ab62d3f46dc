/** The Wilson score interval for a binomial proportion. */

/** A proportion with its interval; all three null when there is no data (n = 0). */
export type Estimate = { p: number; low: number; high: number } | { p: null; low: null; high: null };

/** The empty estimate: null rather than NaN, because NaN does not survive JSON or structured clone intact. */
export const NO_ESTIMATE: Estimate = Object.freeze({ p: null, low: null, high: null });

/**
 * The Wilson score interval for `successes` out of `n` (Wilson 1927). Unlike the Wald interval it
 * stays inside [0, 1] and keeps sensible width at 0/n and n/n, which matters with the small n
 * of browser experiments. z = 1.96 gives a 95% interval.
 * Returns {@link NO_ESTIMATE} (p, low, high all null) when n = 0.
 * @throws {RangeError} unless 0 ≤ successes ≤ n are integers and z is finite and positive.
 */
export function wilson(successes: number, n: number, z = 1.96): Estimate {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n) {
    throw new RangeError(`wilson: need integers 0 <= successes <= n, got ${successes}, ${n}`);
  }
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`wilson: z must be finite and positive, got ${z}`);
  if (n === 0) return NO_ESTIMATE;
  const p = successes / n;
  return { p, ...wilsonBounds(p, n, z) };
}

/**
 * Wilson's score bounds for a proportion `p` at sample size `n` > 0, which may be fractional (an
 * effective size, see clustered.ts). At p = 0 and p = 1 the bound is exactly 0 or 1; rounding would
 * otherwise leave ±1e-17.
 */
export function wilsonBounds(p: number, n: number, z: number): { low: number; high: number } {
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: p === 0 ? 0 : Math.max(0, centre - half), high: p === 1 ? 1 : Math.min(1, centre + half) };
}
