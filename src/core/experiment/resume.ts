/**
 * What is left to run of an experiment, from what is stored: the logic that makes a run idempotent.
 * Each run key (item, condition, student, teacher) is run at most once to completion; an episode cut
 * short is continued from its finished turns instead of being run again.
 */
import { isCompletedStatus } from '../protocol/resume';
import type { EpisodeConfig } from '../protocol/types';
import type { EpisodeStatus } from '../protocol/vocabulary';
import { runKey, type PlannedEpisode } from './expand';

/** What the planner reads of a stored episode of the experiment. */
export interface StoredEpisodeBrief {
  id: string;
  config: EpisodeConfig;
  status: EpisodeStatus;
  turnsDone: number;
  startedAt: number;
}

/** One planned episode still to run, maybe continuing a stored one. */
export interface PendingEpisode {
  planned: PlannedEpisode;
  /** A stored episode of the same run key, cut short, to continue from its finished turns. */
  continueFrom: StoredEpisodeBrief | null;
}

export interface RunPlan {
  /** Planned episodes with a completed ('solved' or 'failed') stored episode. */
  done: PlannedEpisode[];
  /** Planned episodes still to run, in run order. */
  pending: PendingEpisode[];
  /**
   * Stored episodes to delete before running: duplicates of a run key (a crash while an episode was
   * being continued leaves two copies; the one with fewer turns goes) and episodes no planned episode has.
   */
  discard: StoredEpisodeBrief[];
  /** Running episodes some live tab holds: their run keys are neither run nor discarded. */
  busy: StoredEpisodeBrief[];
}

const completed = (e: StoredEpisodeBrief) => isCompletedStatus(e.status);

/** Best stored copy of a run key: a completed one first, then the one with most turns, then the latest. */
function rank(a: StoredEpisodeBrief, b: StoredEpisodeBrief): number {
  return (
    Number(completed(b)) - Number(completed(a)) || b.turnsDone - a.turnsDone || b.startedAt - a.startedAt
  );
}

/**
 * Plan the rest of a run. `stored` are the experiment's stored episodes; `live` the ids of episodes
 * that are running now (here or in another tab): they are left alone. Every other 'running' episode
 * counts as cut short. `keyOf` gives a stored episode's run key (a reader that plans again and again
 * may remember them: a key costs a canonical JSON of the config). Pure: the same inputs give the same
 * plan.
 */
export function planRun(
  planned: readonly PlannedEpisode[],
  stored: readonly StoredEpisodeBrief[],
  live: ReadonlySet<string> = new Set(),
  keyOf: (episode: StoredEpisodeBrief) => string = (e) => runKey(e.config),
): RunPlan {
  const byKey = new Map<string, StoredEpisodeBrief[]>();
  for (const e of stored) {
    const key = keyOf(e);
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const plan: RunPlan = { done: [], pending: [], discard: [], busy: [] };
  const plannedKeys = new Set(planned.map((p) => p.runKey));
  for (const [key, list] of byKey) {
    if (!plannedKeys.has(key)) plan.discard.push(...list.filter((e) => !live.has(e.id)));
  }
  for (const p of planned) {
    const copies = [...(byKey.get(p.runKey) ?? [])].sort(rank);
    const running = copies.filter((e) => live.has(e.id));
    if (running.length > 0) {
      plan.busy.push(...running);
      continue;
    }
    const [best, ...rest] = copies;
    plan.discard.push(...rest);
    if (best && completed(best)) plan.done.push(p);
    else plan.pending.push({ planned: p, continueFrom: best && best.turnsDone > 0 ? best : null });
    // A cut-short copy with no finished turn holds nothing worth keeping: it is replaced.
    if (best && !completed(best) && best.turnsDone === 0) plan.discard.push(best);
  }
  return plan;
}
