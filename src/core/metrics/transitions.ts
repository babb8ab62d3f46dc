/**
 * Transitions between consecutive attempts: per turn t → t + 1, how many attempts went from wrong to
 * right (fixed), stayed wrong, went from right to wrong (only where attempts go on after a correct
 * one) or stayed right. Counted over completed episodes; an episode contributes a pair only when it
 * made both attempts, so the later turns count fewer episodes (those still going).
 */
import { isCompleted, orderedTurns, type EpisodeOutcomeInput } from './input';

/** The counts of one step t → t + 1. */
export interface TransitionCounts {
  /** The earlier attempt's number, t (1-based). */
  from: number;
  wrongToRight: number;
  wrongToWrong: number;
  rightToWrong: number;
  rightToRight: number;
}

/**
 * Transition counts for t = 1..K − 1 (K = `turnBudget`), one entry per step even when nothing made it
 * that far (all counts 0).
 * @throws {RangeError} when turnBudget is not a whole number ≥ 1.
 */
export function transitions(
  episodes: readonly EpisodeOutcomeInput[],
  turnBudget: number,
): TransitionCounts[] {
  if (!Number.isInteger(turnBudget) || turnBudget < 1) {
    throw new RangeError(`transitions: turnBudget must be an integer >= 1, got ${turnBudget}`);
  }
  const steps: TransitionCounts[] = Array.from({ length: turnBudget - 1 }, (_, i) => ({
    from: i + 1,
    wrongToRight: 0,
    wrongToWrong: 0,
    rightToWrong: 0,
    rightToRight: 0,
  }));
  for (const e of episodes) {
    if (!isCompleted(e)) continue;
    const turns = orderedTurns(e);
    for (let i = 0; i + 1 < turns.length; i++) {
      const before = turns[i]!;
      const after = turns[i + 1]!;
      if (after.turn !== before.turn + 1) continue;
      const step = steps[before.turn - 1];
      if (!step) continue;
      const a = before.diagnosis.correct;
      const b = after.diagnosis.correct;
      if (!a && b) step.wrongToRight++;
      else if (!a) step.wrongToWrong++;
      else if (!b) step.rightToWrong++;
      else step.rightToRight++;
    }
  }
  return steps;
}
