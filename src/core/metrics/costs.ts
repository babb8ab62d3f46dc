/** Per-episode cost: completion tokens (student and teacher) and time spent in turns. */
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
}

/**
 * Mean and median of `value` over the completed episodes (incomplete ones would understate cost).
 */
export function episodeStat(
  episodes: readonly EpisodeOutcomeInput[],
  value: (episode: EpisodeOutcomeInput) => number,
): EpisodeStat {
  const values = episodes.filter(isCompleted).map((e) => ({ episodeId: e.id, value: value(e) }));
  const n = values.length;
  if (n === 0) return { n, mean: null, median: null, values };
  const sorted = values.map((v) => v.value).sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n, mean: sorted.reduce((s, x) => s + x, 0) / n, median, values };
}

/** Student completion tokens over all attempts (0 where usage is missing, e.g. a human student). */
export function studentTokens(episode: EpisodeOutcomeInput): number {
  return episode.turns.reduce((s, t) => s + (t.studentUsage?.completionTokens ?? 0), 0);
}

/**
 * Teacher completion tokens over all feedback, regenerations included (FeedbackRecord.usage sums
 * every draft); 0 for rule, human and fixed feedback.
 */
export function teacherTokens(episode: EpisodeOutcomeInput): number {
  return episode.turns.reduce((s, t) => s + (t.feedback?.usage?.completionTokens ?? 0), 0);
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
    totalTokens: episodeStat(episodes, (e) => studentTokens(e) + teacherTokens(e)),
    timeMs: episodeStat(episodes, turnTimeMs),
  };
}
