/**
 * What the metrics read from an episode, and how episodes are grouped and paired. The shapes are the
 * minimal structural subset of the store's records: `{ ...episodeRecord, turns }` (an `EpisodeRecord`
 * with its `TurnRecord`s / `StoredTurn`s in turn order) satisfies `EpisodeOutcomeInput` as it is.
 */
import type { Diagnosis, Issue } from '../envs/types';
import type { Condition, EpisodeConfig, FeedbackRecord } from '../protocol/types';
import { isCompletedStatus } from '../protocol/resume';
import {
  EPISODE_STATUSES,
  type CompletedOutcome,
  type EndReason,
  type EpisodeStatus,
} from '../protocol/vocabulary';
import { canonicalJson } from '../rng';

/** The parts of a FeedbackRecord the metrics read (leak counts and teacher tokens). */
export interface FeedbackInput {
  source: FeedbackRecord['source'];
  leak: { leaked: boolean };
  regenerations: number;
  withheld: boolean;
  /** `completionTokens` absent: the engine's count was unknown (see core/usage.ts). */
  usage?: { completionTokens?: number };
}

/** The parts of a TurnRecord the metrics read. */
export interface TurnInput {
  /** 1-based. */
  turn: number;
  attempt: string;
  diagnosis: Pick<Diagnosis, 'correct' | 'score' | 'parsed'> & { issues: readonly Pick<Issue, 'code'>[] };
  /** Feedback given after this attempt; null on the last attempt. */
  feedback: FeedbackInput | null;
  /** `completionTokens` absent: the engine's count was unknown. */
  studentUsage?: { completionTokens?: number };
  startedAt: number;
  endedAt: number;
}

/**
 * One episode as the metrics need it.
 * - `config`: condition (grouping), envId / params / student / teacherModelId (the slice a row
 *   belongs to), taskSeed / index (the item, for pairing), turnBudget (K; `single` is always 1);
 * - `status`: only 'solved' and 'failed' episodes count toward any metric; the rest are listed apart;
 * - `solvedAtTurn`: the attempt that solved it (when null on a solved episode, the first correct turn);
 * - `turns`: the finished turns (attempts, diagnoses, feedback, usage, timestamps).
 */
export interface EpisodeOutcomeInput {
  id: string;
  config: Pick<
    EpisodeConfig,
    'envId' | 'params' | 'taskSeed' | 'index' | 'condition' | 'turnBudget' | 'student'
  > &
    Partial<
      Pick<
        EpisodeConfig,
        | 'preset'
        | 'teacherModelId'
        | 'generatorVersion'
        | 'replicate'
        | 'history'
        | 'studentSampling'
        | 'keepGoing'
        | 'teacherOptions'
      >
    >;
  status: EpisodeStatus;
  solvedAtTurn: number | null;
  /** Why it ended other than by its verdict: a failed episode whose student ran out of context. */
  endReason?: EndReason;
  turns: readonly TurnInput[];
}

/** Statuses that count: the episode ran to its natural end. */
export type CompletedStatus = CompletedOutcome;
/** Statuses excluded from every metric (counted apart, by id): running, aborted, interrupted, error. */
export type ExcludedStatus = Exclude<EpisodeStatus, CompletedStatus>;
export const EXCLUDED_STATUSES: readonly ExcludedStatus[] = EPISODE_STATUSES.filter(
  (s): s is ExcludedStatus => !isCompletedStatus(s),
);

/**
 * True for episodes that ran to their end ('solved' or 'failed'). Aborted, interrupted, errored and
 * still-running episodes stopped for reasons unrelated to the student, so counting them as failures
 * would bias accuracy down; they are excluded from every metric and reported by id instead.
 */
export function isCompleted(episode: Pick<EpisodeOutcomeInput, 'status'>): boolean {
  return isCompletedStatus(episode.status);
}

/** The attempt that solved a completed episode, or null when it was not solved. */
export function solvedAt(episode: EpisodeOutcomeInput): number | null {
  if (episode.status !== 'solved') return null;
  if (episode.solvedAtTurn !== null) return episode.solvedAtTurn;
  return episode.turns.find((t) => t.diagnosis.correct)?.turn ?? null;
}

/** The episode's turns in turn order (a sorted copy; the store already keeps them so). */
export function orderedTurns(episode: EpisodeOutcomeInput): TurnInput[] {
  return [...episode.turns].sort((a, b) => a.turn - b.turn);
}

/**
 * A condition as a short stable key: the kind, plus the hint level or privileged info where the kind
 * has one, e.g. 'retry', 'rule-teacher:2', 'llm-teacher:answer'.
 */
export function conditionKey(condition: Condition): string {
  switch (condition.kind) {
    case 'rule-teacher':
      return `rule-teacher:${condition.level}`;
    case 'llm-teacher':
      return `llm-teacher:${condition.privileged}`;
    default:
      return condition.kind;
  }
}

/**
 * The task item an episode ran on: (envId, params, taskSeed, index, generator version). Two episodes
 * with equal keys saw the same generated task, so their outcomes can be paired. The preset is only a
 * label for params and is left out: 'custom' params equal to a preset's are the same item. Version 1
 * (or none stored) leaves the version out, so keys of episodes stored before it was recorded, and the
 * run keys of experiments begun then, stay what they were.
 */
export function itemKey(
  config: Pick<EpisodeConfig, 'envId' | 'params' | 'taskSeed' | 'index'> &
    Partial<Pick<EpisodeConfig, 'generatorVersion'>>,
): string {
  const key: unknown[] = [config.envId, config.params ?? null, config.taskSeed, config.index];
  const version = config.generatorVersion ?? 1;
  return canonicalJson(version === 1 ? key : [...key, version]);
}

/** The student as stored in `EpisodeRecord.studentModel`: the model id, or 'human'. */
export function studentLabel(config: Pick<EpisodeConfig, 'student'>): string {
  return config.student.kind === 'model' ? config.student.modelId : 'human';
}

/** The teacher model behind an llm-teacher condition; null for every other condition. */
export function teacherLabel(config: EpisodeOutcomeInput['config']): string | null {
  return config.condition.kind === 'llm-teacher' ? (config.teacherModelId ?? null) : null;
}

/** The normalised answer for repeat detection: the verifier's parsed form, else the trimmed raw text. */
export function normalisedAnswer(turn: TurnInput): string {
  return turn.diagnosis.parsed ?? turn.attempt.trim();
}
