/**
 * Per-episode cost: completion tokens (student and teacher) and time spent in turns. An episode with a
 * generation whose token count is unknown (a server sent an invalid one) has no token total: it is
 * left out of the token statistics and listed in `unknownIds`, so a mean never counts it as 0.
 */
import { isCompleted, type EpisodeOutcomeInput } from './input';

/** A per-episode quantity over a set of episodes. */
export interface EpisodeStat {
  /** Episodes counted. */
  n: number;
  /** Null when n = 0. */
  mean: number | null;
  /** Middle value (mean of the two middle values for even n); null when n = 0. */
  median: number | null;
  /** Every episode's value, in input order. */
  values: { episodeId: string; value: number }[];
  /** Completed episodes whose value is unknown (left out of n, mean and median), in input order. */
  unknownIds: string[];
}

/**
 * Mean and median of `value` over the completed episodes (incomplete ones would understate cost);
 * episodes whose value is null (unknown) are listed apart.
 */
export function episodeStat(
  episodes: readonly EpisodeOutcomeInput[],
  value: (episode: EpisodeOutcomeInput) => number | null,
): EpisodeStat {
  const values: EpisodeStat['values'] = [];
  const unknownIds: string[] = [];
  for (const e of episodes.filter(isCompleted)) {
    const x = value(e);
    if (x === null) unknownIds.push(e.id);
    else values.push({ episodeId: e.id, value: x });
  }
  const n = values.length;
  if (n === 0) return { n, mean: null, median: null, values, unknownIds };
  const sorted = values.map((v) => v.value).sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n, mean: sorted.reduce((s, x) => s + x, 0) / n, median, values, unknownIds };
}

/**
 * Σ completion tokens of the usages given: a missing usage counts 0 (no model generated anything, e.g.
 * a human student or a rule teacher), a usage without a count makes the sum unknown (null).
 */
function sumTokens(usages: readonly ({ completionTokens?: number } | undefined)[]): number | null {
  let sum = 0;
  for (const usage of usages) {
    if (usage === undefined) continue;
    if (usage.completionTokens === undefined) return null;
    sum += usage.completionTokens;
  }
  return sum;
}

/**
 * Student completion tokens over all attempts (0 where no model answered, e.g. a human student); null
 * when an attempt's count is unknown.
 */
export function studentTokens(episode: EpisodeOutcomeInput): number | null {
  return sumTokens(episode.turns.map((t) => t.studentUsage));
}

/**
 * Teacher completion tokens over all feedback, regenerations included (FeedbackRecord.usage sums
 * every draft); 0 for rule, human and fixed feedback; null when a count is unknown.
 */
export function teacherTokens(episode: EpisodeOutcomeInput): number | null {
  return sumTokens(episode.turns.map((t) => t.feedback?.usage));
}

/** Time spent in turns: Σ (endedAt − startedAt), in ms (attempt, verification and feedback). */
export function turnTimeMs(episode: EpisodeOutcomeInput): number {
  return episode.turns.reduce((s, t) => s + (t.endedAt - t.startedAt), 0);
}

export interface CostSummary {
  studentTokens: EpisodeStat;
  teacherTokens: EpisodeStat;
  /** Student + teacher completion tokens per episode. */
  totalTokens: EpisodeStat;
  timeMs: EpisodeStat;
}

/** Token and time statistics per episode over the completed episodes. */
export function costs(episodes: readonly EpisodeOutcomeInput[]): CostSummary {
  return {
    studentTokens: episodeStat(episodes, studentTokens),
    teacherTokens: episodeStat(episodes, teacherTokens),
    totalTokens: episodeStat(episodes, (e) => {
      const student = studentTokens(e);
      const teacher = teacherTokens(e);
      return student === null || teacher === null ? null : student + teacher;
    }),
    timeMs: episodeStat(episodes, turnTimeMs),
  };
}
