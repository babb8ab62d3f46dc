/** Cumulative accuracy by turn: the fraction of episodes solved at or before attempt t. */
import { clusteredProportion } from './clustered';
import { isCompleted, itemKey, solvedAt, type EpisodeOutcomeInput } from './input';
import type { Estimate } from './wilson';

/** One point of the cumulative accuracy curve, with the episodes behind it. */
export type AccuracyPoint = Estimate & {
  /** 1-based attempt number t. */
  turn: number;
  /** Episodes solved at or before attempt t. */
  successes: number;
  /** Completed episodes (the denominator). */
  n: number;
  /** Ids of the denominator: every completed episode. */
  episodeIds: string[];
  /** Ids of the numerator: episodes solved at or before t. */
  solvedIds: string[];
};

/**
 * Cumulative accuracy for t = 1..K over the completed episodes (others are ignored; see
 * `isCompleted`): acc(t) = #(solved at attempt ≤ t) / #completed, with a Wilson interval.
 * An episode whose own budget is below t keeps its final outcome for later t (it cannot change).
 * With no completed episodes every point has p = low = high = null.
 * @throws {RangeError} when K is not a whole number ≥ 1.
 */
export function cumulativeAccuracy(
  episodes: readonly EpisodeOutcomeInput[],
  K: number,
  z = 1.96,
): AccuracyPoint[] {
  if (!Number.isInteger(K) || K < 1)
    throw new RangeError(`cumulativeAccuracy: K must be an integer >= 1, got ${K}`);
  const completed = episodes.filter(isCompleted);
  const episodeIds = completed.map((e) => e.id);
  const solved = completed.map((e) => ({ id: e.id, at: solvedAt(e), item: itemKey(e.config) }));
  const sizes = new Map<string, number>();
  for (const s of solved) sizes.set(s.item, (sizes.get(s.item) ?? 0) + 1);
  const points: AccuracyPoint[] = [];
  for (let turn = 1; turn <= K; turn++) {
    const hit = solved.filter((s) => s.at !== null && s.at <= turn);
    const solvedIds = hit.map((s) => s.id);
    const hits = new Map<string, number>();
    for (const s of hit) hits.set(s.item, (hits.get(s.item) ?? 0) + 1);
    const clusters = [...sizes].map(([item, n]) => ({ successes: hits.get(item) ?? 0, n }));
    points.push({
      ...clusteredProportion(clusters, z),
      turn,
      successes: solvedIds.length,
      n: completed.length,
      episodeIds: [...episodeIds],
      solvedIds,
    });
  }
  return points;
}
