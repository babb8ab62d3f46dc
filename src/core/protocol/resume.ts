/**
 * The budget and resume rules, written once: how many attempts an episode allows, what its finished
 * turns decide (solved, out of turns, or free to go on), and whether a stored episode can be resumed.
 * The protocol stops and refuses a resume by them, the store settles an episode cut short by them,
 * the experiment runner continues a stored episode by them, and the metrics, the expansion of a
 * design and the episode form read the budget from here.
 */
import type { EpisodeConfig } from './types';
import {
  COMPLETED_OUTCOMES,
  RESUMABLE_OUTCOMES,
  type CompletedOutcome,
  type EpisodeStatus,
  type ResumableOutcome,
} from './vocabulary';

/** What the budget rule reads of a config (a design's condition and budget will do too; absent keepGoing is false). */
export type BudgetConfig = Pick<EpisodeConfig, 'condition' | 'turnBudget' | 'keepGoing'>;

/**
 * The number of attempts an episode allows: `single` always has one, whatever its `turnBudget` says
 * (a config from the API or an imported file may say 5).
 */
export function effectiveTurnBudget(config: BudgetConfig): number {
  return config.condition.kind === 'single' ? 1 : config.turnBudget;
}

/** The part of a finished turn the rules read (a turn record, a stored compact turn, a metrics turn). */
export interface FinishedTurn {
  /** 1-based. */
  turn: number;
  diagnosis: { correct: boolean };
}

/** What an episode's finished turns decide: it is solved, its budget is spent, or it can go on. */
export type TurnsVerdict = { state: 'solved'; turn: number } | { state: 'spent' } | { state: 'open' };

/** What `turns` (finished, in order) decide about an episode run under `config`. */
export function turnsVerdict(config: BudgetConfig, turns: readonly FinishedTurn[]): TurnsVerdict {
  const solved = turns.find((t) => t.diagnosis.correct);
  const spent = turns.length >= effectiveTurnBudget(config);
  // An episode that keeps going runs its whole budget; it is still solved at its first correct turn.
  if (solved && (spent || !config.keepGoing)) return { state: 'solved', turn: solved.turn };
  if (spent) return { state: 'spent' };
  return { state: 'open' };
}

/**
 * Why `turns` cannot be continued under `config`, in words; null when they can (numbered 1, 2, 3…,
 * none solving it, turns of the budget left).
 */
export function resumeProblem(config: BudgetConfig, turns: readonly FinishedTurn[]): string | null {
  const misnumbered = turns.findIndex((t, i) => t.turn !== i + 1);
  if (misnumbered >= 0) {
    return `Cannot resume: the finished turns must be numbered 1, 2, 3…, but turn ${misnumbered + 1} is numbered ${turns[misnumbered]?.turn}.`;
  }
  const verdict = turnsVerdict(config, turns);
  if (verdict.state === 'solved')
    return `Cannot resume: the episode was already solved at turn ${verdict.turn}.`;
  if (verdict.state === 'spent') {
    return `Cannot resume: all ${turns.length} turns of the budget are already used.`;
  }
  return null;
}

/** Whether the episode ran to its natural end ('solved' or 'failed'): its result is the student's. */
export function isCompletedStatus(status: EpisodeStatus): status is CompletedOutcome {
  return (COMPLETED_OUTCOMES as readonly EpisodeStatus[]).includes(status);
}

/** Whether the episode stopped before its verdict (interrupted, stopped, an error): it may go on. */
export function isResumableStatus(status: EpisodeStatus): status is ResumableOutcome {
  return (RESUMABLE_OUTCOMES as readonly EpisodeStatus[]).includes(status);
}

/** What `isResumable` reads of a stored episode. */
export interface ResumableEpisode {
  status: EpisodeStatus;
  turnsDone: number;
  config: BudgetConfig;
}

/** Whether a stored episode can be resumed: it stopped before its verdict, with attempts left. */
export function isResumable(episode: ResumableEpisode): boolean {
  return isResumableStatus(episode.status) && episode.turnsDone < effectiveTurnBudget(episode.config);
}
