import type { EpisodeOutcome } from '../../core/protocol/types';

/** The episode's result in words (with a mark, so colour is not the only carrier). */
export function outcomeText(outcome: EpisodeOutcome, solvedAtTurn: number | null): string {
  switch (outcome) {
    case 'solved':
      return `✓ Solved at attempt ${solvedAtTurn ?? '?'}`;
    case 'failed':
      return '✗ Not solved within the turn budget';
    case 'aborted':
      return '■ Stopped: the finished turns are saved';
    case 'interrupted':
      return '⚠ Interrupted: its finished turns are kept';
    case 'error':
      return '⚠ Ended by an error';
  }
}

/** "attempt 2", "attempts 2–3" */
function attempts(from: number, to: number): string {
  return from === to ? `attempt ${from}` : `attempts ${from}–${to}`;
}

/**
 * Which of an episode's finished attempts are stored, in words, for an episode a failed write ended
 * (a full disk keeps the turns before it): `saved` turns 1..saved are stored, of `finished`.
 */
export function savedTurnsText(saved: number, finished: number): string {
  if (finished === 0) return 'No attempt was finished, so none was saved.';
  if (saved >= finished)
    return finished === 1 ? 'The attempt is saved.' : `All ${finished} attempts are saved.`;
  if (saved === 0) return `Not saved: ${attempts(1, finished)} (no turn of this episode is stored).`;
  return `Saved: ${attempts(1, saved)}. Not saved: ${attempts(saved + 1, finished)}.`;
}
