/**
 * Exact two-sided binomial test at p = ½: McNemar's exact test on the discordant pairs of a paired
 * 2×2 table, and the sign test on per-item differences (the same test when each item has one episode
 * per side).
 */

/** log(a + b) from log a and log b, without overflow. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/**
 * Two-sided exact p-value of k successes in n trials under p = ½: 2·P(X ≤ min(k, n − k)), at most 1;
 * 1 when n = 0. Computed in log space, so n may be large.
 * @throws {RangeError} unless 0 ≤ k ≤ n are integers.
 */
export function exactBinomialTwoSided(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) {
    throw new RangeError(`exactBinomialTwoSided: need integers 0 <= k <= n, got ${k}, ${n}`);
  }
  if (n === 0) return 1;
  const tail = Math.min(k, n - k);
  let logPmf = n * Math.log(0.5);
  let logTail = logPmf;
  for (let i = 0; i < tail; i++) {
    logPmf += Math.log((n - i) / (i + 1));
    logTail = logAdd(logTail, logPmf);
  }
  return Math.min(1, 2 * Math.exp(logTail));
}

/**
 * McNemar's exact test of a paired table: the two discordant counts (solved under A only, under B
 * only), tested against an even split. p = 1 when there are none.
 * @throws {RangeError} on counts that are not whole numbers ≥ 0.
 */
export function mcnemarExact(aOnly: number, bOnly: number): number {
  return exactBinomialTwoSided(aOnly, aOnly + bOnly);
}
