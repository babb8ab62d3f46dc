/**
 * What an episode cut short (its tab closed, or exported while still running) becomes when it is
 * settled. Pure: no IndexedDB here.
 */
import { turnsVerdict, type FinishedTurn } from '../core/protocol/resume';
import type { EpisodeRecord } from './records';

/** The fields of a stored turn that settling reads (a full or a stored, compact turn). */
export interface LastTurn extends FinishedTurn {
  endedAt: number;
}

/**
 * The ended form of an episode left 'running', from its stored turns in order. When they already
 * decide it (`turnsVerdict`: one solved it, or they used the last of the budget, which is one for a
 * `single` episode whatever its turnBudget says) it gets the outcome the protocol would have written
 * a moment later; otherwise it is 'interrupted', to be resumed from its last finished turn or discarded.
 * endedAt is the end of the last stored turn (the last moment it is known to have been alive), or
 * startedAt when it has none. Key order is kept (a spread), so a re-export reads as the import did.
 */
export function settleCutShort(episode: EpisodeRecord, turns: readonly LastTurn[]): EpisodeRecord {
  const endedAt = turns.at(-1)?.endedAt ?? episode.startedAt;
  const verdict = turnsVerdict(episode.config, turns);
  if (verdict.state === 'solved')
    return { ...episode, status: 'solved', solvedAtTurn: verdict.turn, endedAt };
  if (verdict.state === 'spent') return { ...episode, status: 'failed', solvedAtTurn: null, endedAt };
  return { ...episode, status: 'interrupted', endedAt };
}
