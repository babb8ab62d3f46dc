/**
 * A coach's score: the student's gain with the person's feedback over plain retry, paired by task
 * (the lab's own contrast, so the game and the Experiments page compute it the same way), and the
 * messages the leak guard caught giving the answer away.
 */
import { contrast, itemOutcomes, type Contrast } from '../metrics/contrast';
import type { EpisodeOutcomeInput } from '../metrics/input';

export interface CoachScore {
  /** Tasks with a finished episode on both sides (the ones scored). */
  tasks: number;
  solvedWithYou: number;
  solvedWithRetry: number;
  /** Share solved with you − with retry over those tasks, with its paired 95% interval; null: none scored. */
  gain: Contrast | null;
  /** Feedback messages the person wrote, and how many of them the leak guard caught (and withheld). */
  messages: number;
  leaksCaught: number;
}

/**
 * Score a game from its stored episodes: `coached` under human-teacher, `retry` the controls. Only
 * tasks finished on both sides count (a stopped episode scores nothing either way).
 */
export function coachScore(
  coached: readonly EpisodeOutcomeInput[],
  retry: readonly EpisodeOutcomeInput[],
): CoachScore {
  const mine = itemOutcomes(coached);
  const theirs = new Map(itemOutcomes(retry).map((o) => [o.item, o]));
  const shared = mine.filter((o) => theirs.has(o.item));
  const feedback = coached.flatMap((e) => e.turns.map((t) => t.feedback).filter((f) => f !== null));
  return {
    tasks: shared.length,
    solvedWithYou: shared.reduce((n, o) => n + o.solved, 0),
    solvedWithRetry: shared.reduce((n, o) => n + (theirs.get(o.item)?.solved ?? 0), 0),
    gain: contrast(mine, [...theirs.values()]),
    messages: feedback.length,
    leaksCaught: feedback.filter((f) => f.leak.leaked).length,
  };
}
