/**
 * An experiment design: what to cross with what. Plain JSON, so it can be
 * stored with the experiment and carried in a link.
 */
import { EPISODE_LIMITS } from '../protocol/limits';
import type { HistoryMode, LeakPolicy, TeacherOptions } from '../protocol/types';
import {
  EXPERIMENT_CONDITIONS,
  PRESET_NAMES,
  type ExperimentCondition,
  type PresetName,
} from '../protocol/vocabulary';

/** The design format's version, written into every link so an old link can be recognised later. */
export const DESIGN_VERSION = 1;

/** Conditions an unattended experiment can run (a person in the loop cannot be batched). */
export type { ExperimentCondition };

export interface ExperimentDesign {
  version: typeof DESIGN_VERSION;
  name: string;
  /** Environment ids, each crossed with every preset. */
  envIds: string[];
  presets: PresetName[];
  /** `retry` is the control every feedback-specific gain is measured against. */
  conditions: ExperimentCondition[];
  /** Student model ids: each one is a slice with its own rows. */
  studentModels: string[];
  /** The llm-teacher's model ids; llm-teacher conditions are crossed with each. Unused otherwise. */
  teacherModels: string[];
  /** Task items per (environment, preset): indexes 0..tasks-1 of the stream seeded by taskSeed. */
  tasks: number;
  taskSeed: number;
  turnBudget: number;
  temperature: number;
  /** Sampling seed of the student (the teacher uses seed + 1). */
  seed: number;
  maxTokens: number;
  teacherMaxTokens: number;
  history: HistoryMode;
  leakPolicy: LeakPolicy;
  maxLeakRetries: number;
  /**
   * Show each model student a solved example of another item first (`demonstrationFor`). Absent in
   * designs saved before it existed, which ran without one: absent means false.
   */
  demonstration?: boolean;
  /**
   * Samples per (item, condition, student, teacher): each replicate is its own episode with its own
   * sampling seeds. Absent: 1.
   */
  replicates?: number;
  /**
   * 'per-episode': each episode's sampling seeds derive from (seed, item, replicate)
   * (`episodeSamplingSeed`), so items are independent draws. Absent or 'shared': every episode uses
   * `seed` (designs saved before per-episode seeds existed ran that way, and resume keeps them so).
   */
  samplingSeeds?: 'shared' | 'per-episode';
  /**
   * Every episode goes on after a correct attempt until its budget is spent, so regressions are
   * scored (`EpisodeConfig.keepGoing`). Absent: false.
   */
  keepGoing?: boolean;
  /** How the model teachers write: scratchpad, memory, word limit. Absent: the plain teacher. */
  teacherOptions?: TeacherOptions;
}

/** Greedy decoding: temperature 0 for student and teacher (the papers' deterministic setting). */
export const GREEDY_TEMPERATURE = 0;

/**
 * Upper bounds that keep a design (and a link) sane: what the designer can produce, with room. A link
 * is untrusted input: without bounds, 2,000,000 environment ids in a 30 KB link froze the tab.
 */
export const DESIGN_LIMITS = {
  tasks: 500,
  turnBudget: EPISODE_LIMITS.turnBudget,
  maxTokens: EPISODE_LIMITS.maxTokens,
  maxLeakRetries: EPISODE_LIMITS.maxLeakRetries,
  episodes: 20_000,
  /** The designer offers each registered environment once (seven today). */
  envIds: 16,
  /** easy, medium, hard. */
  presets: PRESET_NAMES.length,
  /** Every distinct experiment condition (thirteen: three controls, 4 rule levels, 5 LLM-teacher kinds, self). */
  conditions: EXPERIMENT_CONDITIONS.length,
  /** Samples per item and condition. */
  replicates: 20,
  /** Models listed per role: the models loaded in one tab. */
  models: 16,
  /** Characters of a model id (web-llm ids, GGUF file names, `model @ server URL`). */
  modelIdChars: 300,
  /** Characters of an environment id. */
  envIdChars: 100,
  /** Characters of the experiment's name. */
  nameChars: 200,
} as const;

/** A small design that suits 0.1–3B models: retry versus the rule teacher on easy mazes. */
export function defaultDesign(overrides: Partial<ExperimentDesign> = {}): ExperimentDesign {
  return {
    version: DESIGN_VERSION,
    name: 'Rule teacher vs retry on mazes',
    envIds: ['maze'],
    presets: ['easy'],
    conditions: [{ kind: 'retry' }, { kind: 'rule-teacher', level: 2 }],
    studentModels: [],
    teacherModels: [],
    tasks: 10,
    taskSeed: 1,
    turnBudget: 5,
    temperature: 0.7,
    seed: 1,
    maxTokens: 256,
    teacherMaxTokens: 160,
    history: 'full',
    leakPolicy: 'regenerate',
    maxLeakRetries: 2,
    demonstration: true,
    replicates: 1,
    samplingSeeds: 'per-episode',
    ...overrides,
  };
}
