/**
 * A proportion over episodes that come in clusters (several samples of one task item). Samples of one
 * item are correlated (an easy item is solved every time), so the plain Wilson interval, which
 * assumes every episode is an independent draw, is too narrow. This one is Wilson's at the effective
 * sample size: n_eff = p(1 − p) / V, with V the cluster-robust (sandwich) variance of the ratio
 * estimator p = Σ y_i / Σ m_i over clusters i,
 *   V = C / (C − 1) · Σ_i (y_i − p · m_i)² / N²   (C clusters, N episodes),
 * capped at N. With one episode per cluster it is the plain Wilson interval.
 */
import { wilson, wilsonBounds, type Estimate } from './wilson';

/** One cluster: its episodes and how many of them succeeded. */
export interface ClusterCount {
  successes: number;
  n: number;
}

/**
 * The share of successes over every episode of `clusters`, with a cluster-robust Wilson interval (see
 * the file's comment). When p is 0 or 1 the variance is 0 and the effective size is taken as the
 * number of clusters (a conservative choice: the episodes of one item count once). Empty clusters are
 * ignored; no episodes at all gives p = low = high = null.
 * @throws {RangeError} when a count is not a whole number with 0 ≤ successes ≤ n (from `wilson`).
 */
export function clusteredProportion(clusters: readonly ClusterCount[], z = 1.96): Estimate {
  for (const c of clusters) wilson(c.successes, c.n, z); // validates the counts
  const used = clusters.filter((c) => c.n > 0);
  const total = used.reduce((s, c) => s + c.n, 0);
  if (total === 0) return wilson(0, 0, z);
  if (used.every((c) => c.n === 1)) {
    return wilson(
      used.reduce((s, c) => s + c.successes, 0),
      total,
      z,
    );
  }
  const successes = used.reduce((s, c) => s + c.successes, 0);
  const p = successes / total;
  const C = used.length;
  let effective: number;
  if (p === 0 || p === 1 || C < 2) {
    effective = C;
  } else {
    const residuals = used.reduce((s, c) => s + (c.successes - p * c.n) ** 2, 0);
    const variance = (C / (C - 1)) * (residuals / (total * total));
    effective = variance > 0 ? Math.min(total, (p * (1 - p)) / variance) : total;
  }
  return { p, ...wilsonBounds(p, effective, z) };
}
