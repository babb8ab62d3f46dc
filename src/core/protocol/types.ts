/**
 * Types of the didactic episode protocol: conditions, configuration, the events
 * `runEpisode` yields, and the records that get stored. All plain JSON.
 */
import type { ChatMessage, ChatUsage, Engine, FinishReason } from '../engine';
import type { Diagnosis, Environment, Task } from '../envs/types';
import type {
  Condition,
  ConditionKind,
  EndReason,
  EpisodeOutcome,
  HistoryMode,
  LeakPolicy,
  PresetName,
  TeacherOptions,
} from './vocabulary';

// The closed lists (conditions, levels, policies, outcomes) live in vocabulary.ts.
export type {
  Condition,
  ConditionKind,
  EndReason,
  EpisodeOutcome,
  HistoryMode,
  LeakPolicy,
  PrivilegedInfo,
  TeacherOptions,
} from './vocabulary';

export type StudentSpec = { kind: 'model'; modelId: string } | { kind: 'human' };

export interface Sampling {
  temperature: number;
  seed: number;
  maxTokens: number;
}

/** Everything that determines an episode; stored with it. */
export interface EpisodeConfig {
  envId: string;
  preset: PresetName | 'custom';
  params: unknown;
  /** Task stream seed and item index: the task is `generate(params, taskSeed, index)`. */
  taskSeed: number;
  index: number;
  condition: Condition;
  student: StudentSpec;
  /** Model id of the LLM teacher (llm-teacher); self-teacher uses the student's model. */
  teacherModelId?: string;
  turnBudget: number;
  history: HistoryMode;
  studentSampling: Sampling;
  teacherSampling: Sampling;
  leakPolicy: LeakPolicy;
  /** With leakPolicy 'regenerate': how many times to regenerate before withholding the message. */
  maxLeakRetries: number;
  /**
   * A solved example shown to a model student before its task, as a past exchange (another item of
   * the same environment and params: `demonstrationFor`). Absent: none (episodes stored before it).
   */
  demonstration?: Demonstration;
  /**
   * Which sample of this (item, condition) the episode is, 0-based, when a design asks for several
   * (`ExperimentDesign.replicates`). Absent: 0.
   */
  replicate?: number;
  /**
   * Go on after a correct attempt until the budget is spent, so a later attempt can break a right
   * answer (regressions are scored). The episode is still solved at its first correct attempt. Absent:
   * false, the episode ends when solved.
   */
  keepGoing?: boolean;
  /** How a model teacher writes (scratchpad, memory, word limit). Absent: the plain teacher. */
  teacherOptions?: TeacherOptions;
  /**
   * The version of the environment's generator that made the task: the same (params, seed, index)
   * is another task under another version. Absent: 1 (every generator was at 1 before it was stored).
   */
  generatorVersion?: number;
}

/** One solved example: a task prompt and its answer in the answer format. */
export interface Demonstration {
  prompt: string;
  answer: string;
}

/** A person in the loop (human student or human teacher), supplied by the UI. */
export interface HumanInput {
  /** The human student's attempt for this turn (free text, may include `<answer>` tags or not). */
  attempt(request: { turn: number; task: Task; feedback: string | null }): Promise<string>;
  /** The human teacher's feedback on an attempt. */
  feedback(request: { turn: number; task: Task; attempt: string; diagnosis: Diagnosis }): Promise<string>;
}

export interface EpisodeDeps {
  env: Environment;
  /** The student's engine when the student is a model (also the self-teacher's). */
  studentEngine?: Engine;
  /** The llm-teacher's engine (may be the same object as studentEngine). */
  teacherEngine?: Engine;
  /** Human student and/or human teacher. */
  human?: HumanInput;
  /** Milliseconds since the epoch; injected so `src/core/` never reads the wall clock. */
  clock: () => number;
  signal?: AbortSignal;
  /**
   * Continue an episode cut short: these finished turns (1..n, none solving it, n below the budget)
   * are replayed as events (their records unchanged) and the episode goes on from turn n + 1.
   */
  resume?: { turns: readonly TurnRecord[] };
}

/** Result of the leak guard on one teacher message. */
export interface LeakCheck {
  leaked: boolean;
  /** Fraction of the reference answer's tokens found, in order, in the message (0–1). */
  overlap: number;
  reason: string | null;
}

export interface FeedbackRecord {
  source: ConditionKind;
  /**
   * The feedback as delivered, without the fixed "Try again…" framing the student also gets
   * (`studentFeedbackMessage(text)` rebuilds that). The fallback hint when `withheld`.
   */
  text: string;
  /**
   * The guard's verdict on the last teacher draft: the one delivered, or the one withheld. Drafts
   * flagged in all: `regenerations + (leak.leaked ? 1 : 0)`. Fixed texts (retry, binary) are not checked.
   */
  leak: LeakCheck;
  /** Leak-triggered regenerations before this text. */
  regenerations: number;
  /** True when the leak policy withheld the teacher's text and a safe fallback was sent instead. */
  withheld: boolean;
  finishReason?: FinishReason;
  /** Token counts summed over every draft (regenerations included); speeds from the last draft. */
  usage?: ChatUsage;
  /** Messages sent to the teacher model, when a model wrote the feedback. */
  prompt?: ChatMessage[];
  /** A scratchpad teacher's thinking (`teacherOptions.scratchpad`): stored, never sent to the student. */
  scratchpad?: string;
  /** The word limit the delivered text was cut to (`teacherOptions.wordLimit`); absent when not cut. */
  cutToWords?: number;
  ms: number;
}

/** One finished turn, written to the store as soon as it ends. */
export interface TurnRecord {
  /** 1-based. */
  turn: number;
  /** Messages the model student saw for this attempt (empty for a human student). */
  studentPrompt: ChatMessage[];
  attempt: string;
  finishReason: FinishReason;
  diagnosis: Diagnosis;
  /**
   * Feedback given after this attempt; null after the last one (solved, or out of turns) and in the
   * single condition. An episode that keeps going gets feedback after a correct attempt too.
   */
  feedback: FeedbackRecord | null;
  studentUsage?: ChatUsage;
  startedAt: number;
  endedAt: number;
  studentMs: number;
}

export type EpisodeEvent =
  | { type: 'episode-start'; task: Task; at: number }
  | { type: 'turn-start'; turn: number; at: number }
  | { type: 'student-token'; turn: number; delta: string }
  | { type: 'attempt'; turn: number; text: string; finishReason: FinishReason; diagnosis: Diagnosis }
  | { type: 'feedback-token'; turn: number; delta: string }
  /** A teacher message the leak guard flagged (before regeneration / withholding). */
  | { type: 'leak'; turn: number; text: string; leak: LeakCheck }
  | { type: 'feedback'; turn: number; feedback: FeedbackRecord }
  | { type: 'turn-end'; record: TurnRecord }
  | {
      type: 'episode-end';
      outcome: EpisodeOutcome;
      solvedAtTurn: number | null;
      at: number;
      error?: string;
      /** Set when the episode ended other than by its verdict (see `END_REASONS`). */
      endReason?: EndReason;
    };
