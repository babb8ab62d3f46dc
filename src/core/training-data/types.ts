/**
 * Training data from stored episodes: the kinds of example, the two file dialects, and the report
 * of what was kept and why the rest was left out.
 */
import type { ChatMessage } from '../engine';
import type { Task } from '../envs/types';
import type { EpisodeConfig, TurnRecord } from '../protocol/types';

/**
 * - `sft`: supervised fine-tuning on corrected attempts (the conversation up to the attempt that
 *   solved it after feedback, and that attempt);
 * - `critique`: critique prediction (the student's own view of the task and its wrong attempt →
 *   the teacher's feedback), as the seed paper trains a student to predict its teacher;
 * - `preference`: failed vs corrected attempt on the same task prompt (DPO-style pairs).
 */
export const TRAINING_KINDS = ['sft', 'critique', 'preference'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

/**
 * Both read `{"messages": [...]}` for SFT and critique lines. Preference lines differ: TRL's
 * conversational `{prompt, chosen, rejected}` or OpenAI's DPO `{input, preferred_output,
 * non_preferred_output}`. OpenAI's validator refuses keys it does not know, so only TRL lines may
 * carry a `metadata` field.
 */
export const TRAINING_DIALECTS = ['trl', 'openai'] as const;
export type TrainingDialect = (typeof TRAINING_DIALECTS)[number];

/** One stored episode as the export reads it (an `EpisodeWithTurns` is one). */
export interface TrainingEpisode {
  episode: {
    id: string;
    config: EpisodeConfig;
    task: Task;
    status: string;
    solvedAtTurn: number | null;
  };
  turns: readonly TurnRecord[];
}

export interface TrainingOptions {
  kind: TrainingKind;
  dialect: TrainingDialect;
  /** `sft`: also keep attempts that were right the first time (no feedback involved). */
  firstTry?: boolean;
  /** `critique`: keep only feedback after which the next attempt was right. */
  onlyHelpful?: boolean;
  /** `critique`: also keep the self-teacher's feedback (off: only teachers that knew the answer). */
  includeSelfTeacher?: boolean;
}

/** Why an episode or a turn gave no example (counts in the report). */
export const SKIP_REASONS = [
  /** Not solved (sft, preference), or solved at once when first-try solves are not kept. */
  'not-corrected',
  /** A delivered teacher message leaked the answer: the correction may be copied, not learned. */
  'leaked',
  /** The teacher's draft was withheld and the rule hint sent in its place. */
  'withheld',
  /** The feedback carries no critique (retry, binary) or its source was not asked for. */
  'no-critique',
  /** `onlyHelpful`: the next attempt was still wrong (or there was none). */
  'not-helpful',
  /** The episode did not finish (running, interrupted, cancelled, error). */
  'unfinished',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** What an export produced. */
export interface TrainingReport {
  kind: TrainingKind;
  dialect: TrainingDialect;
  episodes: number;
  examples: number;
  skipped: Record<SkipReason, number>;
}

/** Where an example came from: on TRL lines, as their `metadata` field. */
export interface ExampleSource {
  episodeId: string;
  envId: string;
  itemSeed: number;
  condition: string;
  studentModel: string;
  /** The attempt (sft: the corrected one; critique: the one critiqued; preference: the chosen one). */
  turn: number;
  /** preference: the rejected attempt's turn. */
  rejectedTurn?: number;
}

export type Messages = ChatMessage[];
