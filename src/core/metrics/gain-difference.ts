/**
 * The difference between two students' feedback-specific gains on the same items: (A under the
 * teacher − A under retry) − (B under the teacher − B under retry), paired by item. It is what the
 * judge of issue 17 reports: whether the didactic twin gains more from feedback than its answers-only
 * twin. Each item's difference of differences is one value in −2..2 (with replicates, a difference of
 * solved shares), so the interval is the seeded percentile bootstrap over items that the paired
 * metrics use for non-binary differences (`bootstrapMeanInterval`), and the test is the exact sign
 * test on the items whose value is not 0.
 */
import type { ItemOutcome } from './contrast';
import { exactBinomialTwoSided } from './exact-test';
import { bootstrapMeanInterval, type BootstrapOptions, type DifferenceInterval } from './paired';

/** One student's rows: its per-item outcomes under the teacher and under retry. */
export interface GainSides {
  teacher: readonly ItemOutcome[];
  retry: readonly ItemOutcome[];
}

/** A's feedback-specific gain minus B's over the items all four rows completed. */
export interface GainDifference extends DifferenceInterval {
  /** Items every one of the four rows completed: the only ones compared. */
  items: number;
  /** Over those items, each student's gain (mean of teacher share − retry share). */
  gainA: number;
  gainB: number;
  /** Items where A's gain beat B's, fell short of it, or matched it. */
  aBetter: number;
  bBetter: number;
  ties: number;
  /** Exact two-sided sign test of "no difference" over the items that are not ties. */
  pValue: number;
  method: 'bootstrap';
  test: 'sign-test';
}

const shares = (outcomes: readonly ItemOutcome[]) =>
  new Map(outcomes.filter((o) => o.n > 0).map((o) => [o.item, o.solved / o.n]));

/**
 * (A's gain − B's gain) paired by item, with a seeded percentile bootstrap interval over items and
 * the exact sign test. Null when no item is completed by all four rows. When every item ties, the
 * interval is [0, 0]: no item told the students apart, which is no evidence either way (p = 1).
 * @throws {RangeError} on invalid bootstrap options.
 */
export function gainDifference(
  a: GainSides,
  b: GainSides,
  options: BootstrapOptions = {},
): GainDifference | null {
  const rows = [a.teacher, a.retry, b.teacher, b.retry].map(shares);
  const [at, ar, bt, br] = rows as [Map<string, number>, Map<string, number>, ...Map<string, number>[]];
  const items = [...at.keys()].filter((k) => rows.every((r) => r.has(k))).sort();
  if (items.length === 0) return null;
  const gainsA = items.map((k) => at.get(k)! - ar.get(k)!);
  const gainsB = items.map((k) => bt!.get(k)! - br!.get(k)!);
  const differences = gainsA.map((g, i) => g - gainsB[i]!);
  const interval = bootstrapMeanInterval(differences, options)!;
  const aBetter = differences.filter((d) => d > 0).length;
  const bBetter = differences.filter((d) => d < 0).length;
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    ...interval,
    items: items.length,
    gainA: mean(gainsA),
    gainB: mean(gainsB),
    aBetter,
    bBetter,
    ties: items.length - aBetter - bBetter,
    pValue: exactBinomialTwoSided(aBetter, aBetter + bBetter),
    method: 'bootstrap',
    test: 'sign-test',
  };
}
