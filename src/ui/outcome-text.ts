import type { EpisodeOutcome } from '../core/protocol/types';

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
