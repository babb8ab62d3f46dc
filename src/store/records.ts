/**
 * Shapes of what the store keeps. Every record is plain structured-cloneable data; episodes carry
 * denormalised copies of config fields (envId, conditionKind, studentModel) so IndexedDB can index them.
 */
import type { EpisodeConfig, TurnRecord } from '../core/protocol/types';
import type { EndReason, EpisodeStatus } from '../core/protocol/vocabulary';
import type { Task } from '../core/envs/types';
import type { CompactTurn } from './transcript-codec';

/** 'running' until the episode ends; the protocol's outcome afterwards (the vocabulary's list). */
export type { EpisodeStatus };

export interface EpisodeRecord {
  id: string;
  experimentId: string | null;
  config: EpisodeConfig;
  task: Task;
  status: EpisodeStatus;
  solvedAtTurn: number | null;
  /** How many turns are stored; turns 1..turnsDone exist in the `turns` store. */
  turnsDone: number;
  startedAt: number;
  endedAt: number | null;
  error?: string;
  /** Why it ended other than by its verdict (a 'failed' episode whose student ran out of context). */
  endReason?: EndReason;
  /** The app version that ran the episode (package.json version). */
  appVersion: string;
  /** The schema version the record was written under. */
  schemaVersion: number;
  /** = config.envId */
  envId: string;
  /** = config.condition.kind */
  conditionKind: string;
  /** The student's model id, or 'human'. */
  studentModel: string;
}

/**
 * An episode's turns as stored (schema v2): one record per episode, key `episodeId`, turns in order
 * with the prompts the builders rebuild left out (see transcript-codec.ts). Absent until the first turn.
 */
export interface TranscriptRecord {
  episodeId: string;
  /** The prompt builders' version the left-out prompts are rebuilt with. */
  prompts: number;
  turns: CompactTurn[];
}

/** An episode's search text (see search-text.ts), key `episodeId`; absent until its first turn. */
export interface SearchRecord {
  episodeId: string;
  text: string;
  /**
   * The episode's start (schema v4 on): a search over the whole history orders its matches by it,
   * without listing every episode from the date index (as costly as the text itself at 50,000).
   */
  startedAt: number;
}

/** The values present in the history (for filter menus), each sorted, and the episode count. */
export interface EpisodeFacets {
  envIds: string[];
  conditionKinds: string[];
  studentModels: string[];
  total: number;
}

/** An episode with its turns in turn order. */
export interface EpisodeWithTurns {
  episode: EpisodeRecord;
  turns: TurnRecord[];
}

/**
 * An episode with its turns as stored, prompts not rebuilt (`studentPrompt` / a teacher's prompt null
 * where the builders would make them): what the metrics read, at a fraction of the cost.
 */
export interface EpisodeWithStoredTurns {
  episode: EpisodeRecord;
  turns: CompactTurn[];
}

/**
 * An experiment (a batch of episodes over conditions, environments and models). The runner owns the
 * shape of `design` (an `ExperimentDesign`, checked as it is read); the store only needs the id.
 */
export interface ExperimentRecord {
  id: string;
  name: string;
  createdAt: number;
  appVersion: string;
  design: unknown;
  /**
   * Where its run stands (the experiment runner writes it; absent on records written before it did).
   * 'running' on a record nobody runs (its tab closed) means it was cut short: run it to go on.
   */
  state?: 'idle' | 'running' | 'paused' | 'cancelled' | 'done' | 'error';
  /** When the state last changed (ms since the epoch). */
  updatedAt?: number;
  /** Why the run stopped, when state is 'error'. */
  error?: string;
}

/** An experiment as IndexedDB keeps it: the design under its first name, `plan` (see experiment-codec.ts). */
export type StoredExperimentRecord = Omit<ExperimentRecord, 'design'> & { plan: unknown };

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** A model the user added (a web-llm ModelRecord, a GGUF URL…); the engine layer owns the other fields. */
export interface CustomModelRecord {
  id: string;
  [field: string]: unknown;
}
