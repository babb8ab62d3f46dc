/**
 * What an episode cut short (its tab closed, or exported while still running) becomes when it is
 * settled. Pure: no IndexedDB here.
 */
import type { EpisodeRecord } from './records';

/** The fields of the last stored turn that settling reads (a full or a stored, compact turn). */
export interface LastTurn {
  turn: number;
  endedAt: number;
  diagnosis: { correct: boolean };
}

/**
 * The ended form of an episode left 'running'. When its stored turns already decide it — the last one
 * solved it, or used the last of the budget — it gets the outcome the protocol would have written a
 * moment later; otherwise it is 'interrupted', to be resumed from its last finished turn or discarded.
 * endedAt is the end of the last stored turn (the last moment it is known to have been alive), or
 * startedAt when it has none. Key order is kept (a spread), so a re-export reads as the import did.
 */
export function settleCutShort(episode: EpisodeRecord, last: LastTurn | undefined): EpisodeRecord {
  const endedAt = last?.endedAt ?? episode.startedAt;
  if (last?.diagnosis.correct) return { ...episode, status: 'solved', solvedAtTurn: last.turn, endedAt };
  if (last !== undefined && last.turn >= episode.config.turnBudget) {
    return { ...episode, status: 'failed', solvedAtTurn: null, endedAt };
  }
  return { ...episode, status: 'interrupted', endedAt };
}
