/**
 * Coverage on simulated data with a known truth: items of varied difficulty (logit-normal), several
 * samples per item, so outcomes are clustered by item. A nominal 95% interval must cover the true
 * value in 93–97% of simulated experiments (1,000 of them: the Monte Carlo error of a coverage is
 * about 0.7 points). The naive Wilson interval, which treats every episode as independent, is shown
 * to fall short on the same data, so the test can tell a clustered interval from a naive one.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval, wilson } from '../../src/core/metrics';
import { clusteredProportion } from '../../src/core/metrics/clustered';
import { createRng, type Rng } from '../../src/core/rng';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
const binomial = (rng: Rng, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
};

/** Item difficulty: logit p ~ N(MU, SD). The condition adds EFFECT on the logit scale. */
const MU = -0.6;
const SD = 1.5;
const EFFECT = 0.8;
/** The population means, by numerical integration over the item distribution. */
function truth(): { baseline: number; difference: number } {
  let base = 0;
  let diff = 0;
  let weight = 0;
  for (let z = -8; z <= 8; z += 0.001) {
    const w = Math.exp((-z * z) / 2);
    const a = MU + SD * z;
    base += w * sigmoid(a);
    diff += w * (sigmoid(a + EFFECT) - sigmoid(a));
    weight += w;
  }
  return { baseline: base / weight, difference: diff / weight };
}

const SIMULATIONS = 1000;
const ITEMS = 40;
const REPLICATES = 4;

describe('intervals on clustered outcomes (simulated, known truth)', () => {
  const { baseline, difference } = truth();

  it('the clustered accuracy interval covers the true accuracy 93–97% of the time; naive Wilson does not', () => {
    const rng = createRng(2026);
    let clustered = 0;
    let naive = 0;
    for (let s = 0; s < SIMULATIONS; s++) {
      const clusters = Array.from({ length: ITEMS }, () => {
        const p = sigmoid(MU + SD * normal(rng));
        return { successes: binomial(rng, REPLICATES, p), n: REPLICATES };
      });
      const c = clusteredProportion(clusters);
      if (c.low !== null && c.low <= baseline && baseline <= c.high) clustered++;
      const total = clusters.reduce((t, x) => t + x.successes, 0);
      const w = wilson(total, ITEMS * REPLICATES);
      if (w.low !== null && w.low <= baseline && baseline <= w.high) naive++;
    }
    expect(clustered / SIMULATIONS).toBeGreaterThanOrEqual(0.93);
    expect(clustered / SIMULATIONS).toBeLessThanOrEqual(0.97);
    expect(naive / SIMULATIONS).toBeLessThan(0.9);
  }, 60_000);

  it('the item bootstrap of a paired difference covers the true gain 93–97% of the time', () => {
    const rng = createRng(7);
    let covered = 0;
    for (let s = 0; s < SIMULATIONS; s++) {
      const differences = Array.from({ length: ITEMS }, () => {
        const a = MU + SD * normal(rng);
        const c = binomial(rng, REPLICATES, sigmoid(a + EFFECT)) / REPLICATES;
        const r = binomial(rng, REPLICATES, sigmoid(a)) / REPLICATES;
        return c - r;
      });
      const interval = bootstrapMeanInterval(differences, { seed: s + 1, resamples: 1000 });
      if (interval && interval.low <= difference && difference <= interval.high) covered++;
    }
    expect(covered / SIMULATIONS).toBeGreaterThanOrEqual(0.93);
    expect(covered / SIMULATIONS).toBeLessThanOrEqual(0.97);
  }, 120_000);

  it('with one episode per item the clustered interval is exactly Wilson', () => {
    const clusters = [1, 0, 1, 1, 0, 0, 0, 1, 0, 0].map((k) => ({ successes: k, n: 1 }));
    expect(clusteredProportion(clusters)).toEqual(wilson(4, 10));
  });

  it('treats all-alike clusters conservatively: the items count, not the episodes', () => {
    const solvedEverywhere = Array.from({ length: 5 }, () => ({ successes: 3, n: 3 }));
    expect(clusteredProportion(solvedEverywhere)).toEqual({ p: 1, low: wilson(5, 5).low, high: 1 });
    expect(clusteredProportion([])).toEqual(wilson(0, 0));
    expect(() => clusteredProportion([{ successes: 4, n: 3 }])).toThrow(RangeError);
  });
});
