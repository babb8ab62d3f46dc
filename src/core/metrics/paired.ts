/**
 * Feedback-specific gain: acc@K(condition) − acc@K(baseline) over the task items both ran, with a
 * paired 95% interval. Pairing by item removes item difficulty from the comparison, which makes the
 * interval much narrower than comparing two independent proportions.
 */
import { createRng } from '../rng';
import { effectiveTurnBudget } from '../protocol/resume';
import { isCompleted, itemKey, solvedAt, type EpisodeOutcomeInput } from './input';
import { exactBinomialTwoSided, mcnemarExact } from './exact-test';
import { wilson } from './wilson';

/** Outcomes of paired items, one episode per item on each side. */
export interface PairedTable {
  /** Solved in both. */
  both: number;
  /** Solved under the condition only. */
  conditionOnly: number;
  /** Solved under the baseline only. */
  baselineOnly: number;
  /** Solved in neither. */
  neither: number;
}

export interface DifferenceInterval {
  estimate: number;
  low: number;
  high: number;
}

const clampDifference = (x: number) => Math.min(1, Math.max(-1, x));

/**
 * Newcombe's square-and-add (hybrid Wilson score) interval for the difference of paired proportions
 * p1 − p2 = (conditionOnly − baselineOnly) / N: Newcombe (1998, Stat Med 17:2635, method 10), with the
 * correlation estimate ψ as in Fagerland, Lydersen & Laake (2017, §8): (A − N/2)/√(marginals) when
 * A = both·neither − conditionOnly·baselineOnly exceeds N/2, 0 when 0 ≤ A ≤ N/2, A/√(marginals) when A < 0,
 * and 0 when a marginal is empty. Closed form, good coverage at small N, and it never collapses to a
 * zero-width interval when all pairs agree. Null when N = 0.
 * @throws {RangeError} when a count is not a whole number ≥ 0 (from `wilson`).
 */
export function newcombePairedInterval(table: PairedTable, z = 1.96): DifferenceInterval | null {
  const { both, conditionOnly, baselineOnly, neither } = table;
  const n = both + conditionOnly + baselineOnly + neither;
  if (n === 0) return null;
  const first = wilson(both + conditionOnly, n, z);
  const second = wilson(both + baselineOnly, n, z);
  if (first.p === null || second.p === null) return null;
  const rows = [both + conditionOnly, baselineOnly + neither];
  const cols = [both + baselineOnly, conditionOnly + neither];
  let psi = 0;
  if (rows.every((m) => m > 0) && cols.every((m) => m > 0)) {
    const marginals = Math.sqrt(rows[0]! * rows[1]! * cols[0]! * cols[1]!);
    const a = both * neither - conditionOnly * baselineOnly;
    if (a > n / 2) psi = (a - n / 2) / marginals;
    else if (a < 0) psi = a / marginals;
  }
  const estimate = first.p - second.p;
  const dl1 = first.p - first.low;
  const du1 = first.high - first.p;
  const dl2 = second.p - second.low;
  const du2 = second.high - second.p;
  const lowSpread = Math.sqrt(Math.max(0, dl1 * dl1 + du2 * du2 - 2 * psi * dl1 * du2));
  const highSpread = Math.sqrt(Math.max(0, dl2 * dl2 + du1 * du1 - 2 * psi * dl2 * du1));
  return {
    estimate,
    low: clampDifference(estimate - lowSpread),
    high: clampDifference(estimate + highSpread),
  };
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7): enough for percentiles. */
export function normalCdf(x: number): number {
  const u = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * u);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-u * u);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Quantile of sorted values by linear interpolation (Hyndman & Fan type 7, R's default). */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

export interface BootstrapOptions {
  /** The interval covers Φ(−z)..Φ(z): 1.96 for 95%. */
  z?: number;
  /** Seed for `createRng`: the same inputs and seed give the same interval. */
  seed?: number;
  resamples?: number;
}

/**
 * Percentile bootstrap interval for the mean of `values` (resampling the values with replacement),
 * seeded so it is reproducible. Used for paired differences when items carry repeated episodes and
 * the per-item differences are no longer 0/±1. Null when `values` is empty.
 * @throws {RangeError} when resamples is not a whole number ≥ 1.
 */
export function bootstrapMeanInterval(
  values: readonly number[],
  { z = 1.96, seed = 1, resamples = 2000 }: BootstrapOptions = {},
): DifferenceInterval | null {
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrapMeanInterval: resamples must be an integer >= 1, got ${resamples}`);
  }
  if (values.length === 0) return null;
  const n = values.length;
  const estimate = values.reduce((s, v) => s + v, 0) / n;
  const rng = createRng(seed);
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[rng.int(0, n - 1)] ?? 0;
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  const tail = 1 - normalCdf(z);
  return { estimate, low: quantile(means, tail), high: quantile(means, 1 - tail) };
}

/** Feedback-specific gain of one condition against the baseline, with everything behind it. */
export interface FeedbackGain {
  /** Paired items: items with at least one completed episode on each side. */
  items: number;
  /** Item-weighted acc@K(condition) − acc@K(baseline) over the paired items; null when none. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** 'newcombe' when every paired item has one episode per side, else 'bootstrap'; null when no items. */
  method: 'newcombe' | 'bootstrap' | null;
  /** acc@K over the paired items, each side at its own K. */
  accK: number | null;
  baselineAccK: number | null;
  /** The 2×2 table (method 'newcombe' only). */
  table: PairedTable | null;
  /**
   * Two-sided exact p-value of "no difference": McNemar's exact test on the table (method
   * 'newcombe'), else the sign test on the items' differences; null when no items.
   */
  pValue: number | null;
  test: 'mcnemar-exact' | 'sign-test' | null;
  /** Largest turn budget among the paired episodes of each side (each side is scored at its own K). */
  turnBudget: number | null;
  baselineTurnBudget: number | null;
  /** The condition's paired episodes, and those of them solved. */
  episodeIds: string[];
  solvedIds: string[];
  /** The baseline's paired episodes, and those of them solved. */
  baselineEpisodeIds: string[];
  baselineSolvedIds: string[];
  /** Completed episodes left out because their item has no counterpart on the other side. */
  droppedIds: string[];
  baselineDroppedIds: string[];
}

function byItem(episodes: readonly EpisodeOutcomeInput[]): Map<string, EpisodeOutcomeInput[]> {
  const map = new Map<string, EpisodeOutcomeInput[]>();
  for (const e of episodes) {
    if (!isCompleted(e)) continue;
    const key = itemKey(e.config);
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  }
  return map;
}

const solvedShare = (list: readonly EpisodeOutcomeInput[]) =>
  list.filter((e) => solvedAt(e) !== null).length / list.length;

const maxBudget = (list: readonly EpisodeOutcomeInput[]) =>
  list.length === 0 ? null : Math.max(...list.map((e) => effectiveTurnBudget(e.config)));

/**
 * Feedback-specific gain of `condition` over `baseline` (normally the `retry` episodes of the same
 * environment, params and student): acc@K(condition) − acc@K(baseline), each side at its own turn
 * budget (solved by its last allowed attempt), over only the items (see `itemKey`) both sides
 * completed; other episodes are reported in droppedIds. Incomplete episodes are ignored.
 *
 * Per item i, let c_i and r_i be the share of its episodes solved on each side (0 or 1 with one
 * episode each). The estimate is mean_i(c_i − r_i). With one episode per item and side (the usual
 * design) the interval is Newcombe's paired score interval; with repeated episodes per item it is a
 * seeded percentile bootstrap over items, which respects the pairing without assuming 0/1 outcomes.
 * @throws {RangeError} on invalid bootstrap options.
 */
export function feedbackGain(
  condition: readonly EpisodeOutcomeInput[],
  baseline: readonly EpisodeOutcomeInput[],
  options: BootstrapOptions = {},
): FeedbackGain {
  const mine = byItem(condition);
  const theirs = byItem(baseline);
  const keys = [...mine.keys()].filter((k) => theirs.has(k)).sort();
  const paired = keys.map((k) => ({ c: mine.get(k) ?? [], r: theirs.get(k) ?? [] }));
  const flat = (side: 'c' | 'r') => paired.flatMap((p) => p[side]);
  const unpaired = (map: Map<string, EpisodeOutcomeInput[]>, other: Map<string, EpisodeOutcomeInput[]>) =>
    [...map.entries()].filter(([k]) => !other.has(k)).flatMap(([, list]) => list.map((e) => e.id));
  const ids = (list: readonly EpisodeOutcomeInput[]) => list.map((e) => e.id);
  const solvedIds = (list: readonly EpisodeOutcomeInput[]) => ids(list.filter((e) => solvedAt(e) !== null));

  const base = {
    items: paired.length,
    turnBudget: maxBudget(flat('c')),
    baselineTurnBudget: maxBudget(flat('r')),
    episodeIds: ids(flat('c')),
    solvedIds: solvedIds(flat('c')),
    baselineEpisodeIds: ids(flat('r')),
    baselineSolvedIds: solvedIds(flat('r')),
    droppedIds: unpaired(mine, theirs),
    baselineDroppedIds: unpaired(theirs, mine),
  };
  if (paired.length === 0) {
    return {
      ...base,
      estimate: null,
      low: null,
      high: null,
      method: null,
      accK: null,
      baselineAccK: null,
      table: null,
      pValue: null,
      test: null,
    };
  }
  const single = paired.every((p) => p.c.length === 1 && p.r.length === 1);
  const difference = pairedDifference(
    paired.map((p) => solvedShare(p.c)),
    paired.map((p) => solvedShare(p.r)),
    single,
    options,
  );
  return { ...base, ...difference };
}

/** A paired difference between two sides over the same items, with its interval and test. */
export interface PairedDifference extends DifferenceInterval {
  method: 'newcombe' | 'bootstrap';
  /** Mean share solved over the items, each side. */
  accK: number;
  baselineAccK: number;
  table: PairedTable | null;
  pValue: number;
  test: 'mcnemar-exact' | 'sign-test';
}

/**
 * The difference mean_i(a_i − b_i) of two sides' per-item solved shares (equal-length lists, item i
 * at index i, at least one item). With one episode per item and side (`single`; shares are 0 or 1):
 * Newcombe's paired interval and McNemar's exact test on the 2×2 table. Otherwise a seeded percentile
 * bootstrap over items (it respects the clustering of replicates) and the exact sign test on the
 * items whose difference is not 0.
 * @throws {RangeError} when the lists differ in length or are empty, or on invalid bootstrap options.
 */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
  single: boolean,
  options: BootstrapOptions = {},
): PairedDifference {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(
      `pairedDifference: need two equal, non-empty lists, got ${a.length} and ${b.length}`,
    );
  }
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const accK = mean(a);
  const baselineAccK = mean(b);
  if (single) {
    const table: PairedTable = { both: 0, conditionOnly: 0, baselineOnly: 0, neither: 0 };
    a.forEach((x, i) => {
      const y = b[i] ?? 0;
      if (x === 1 && y === 1) table.both++;
      else if (x === 1) table.conditionOnly++;
      else if (y === 1) table.baselineOnly++;
      else table.neither++;
    });
    const interval = newcombePairedInterval(table, options.z)!;
    return {
      ...interval,
      method: 'newcombe',
      accK,
      baselineAccK,
      table,
      pValue: mcnemarExact(table.conditionOnly, table.baselineOnly),
      test: 'mcnemar-exact',
    };
  }
  const differences = a.map((x, i) => x - (b[i] ?? 0));
  const interval = bootstrapMeanInterval(differences, options)!;
  const positive = differences.filter((d) => d > 0).length;
  const negative = differences.filter((d) => d < 0).length;
  return {
    ...interval,
    method: 'bootstrap',
    accK,
    baselineAccK,
    table: null,
    pValue: exactBinomialTwoSided(positive, positive + negative),
    test: 'sign-test',
  };
}
