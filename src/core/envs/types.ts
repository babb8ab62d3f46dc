/**
 * The environment contract. Every environment is a pure, deterministic module:
 * `generate` is a function of (params, seed, index) only, and everything it returns is plain JSON so
 * tasks can cross the worker boundary and be stored in IndexedDB unchanged.
 */
import type { HintLevel, PresetName } from '../protocol/vocabulary';

// Presets and hint levels are part of the lab's vocabulary (one list each, with their schemas).
export { PRESET_NAMES, HINT_LEVELS } from '../protocol/vocabulary';
export type { PresetName, HintLevel };

/** One thing wrong with an attempt. `code` is stable (tests and metrics key on it); `message` is for people. */
export interface Issue {
  code: string;
  message: string;
  /** 1-based index of the step (move, term, …) where the issue occurs, when it has one. */
  step?: number;
  /** Environment-specific location data (a maze cell, a sudoku row …); plain JSON. */
  where?: Record<string, string | number | boolean | null>;
}

/** The verifier's structured verdict on one attempt. */
export interface Diagnosis {
  correct: boolean;
  /**
   * Partial credit in [0, 1]. Kept apart from `correct`: a correct answer may score below 1 (a valid but
   * longer maze path or Hanoi solution), and an incorrect one may earn partial credit.
   */
  score: number;
  issues: Issue[];
  /** The answer as the verifier read it, normalised (for repeat detection and display); null when unparseable. */
  parsed: string | null;
  /** Environment-specific extra data for the view (e.g. the cells a path visits); plain JSON. */
  detail?: unknown;
}

/** A generated task item. `data` is environment-specific and plain JSON. */
export interface Task<P = unknown, D = unknown> {
  envId: string;
  generatorVersion: number;
  params: P;
  seed: number;
  index: number;
  /** Hash of (env id, generator version, canonical params, seed, index): the item's identity. */
  itemSeed: number;
  /** The text the student sees, with the answer format spelled out. */
  prompt: string;
  /** A reference answer, exactly as it would appear inside `<answer>…</answer>`. */
  solution: string;
  data: D;
}

/** An environment: generator, verifier and rule-based teacher. */
export interface Environment<P = unknown, D = unknown> {
  readonly id: string;
  readonly name: string;
  /** One line for the environment picker. */
  readonly description: string;
  /** Bumped whenever `generate` would produce different items for the same inputs. */
  readonly generatorVersion: number;
  readonly presets: Record<PresetName, P>;
  readonly defaultPreset: PresetName;
  /**
   * Generate task `index` of the stream seeded by `seed`. Pure and deterministic.
   * @throws {RangeError} when params are out of range.
   */
  generate(params: P, seed: number, index: number): Task<P, D>;
  /**
   * Check params that come from outside (an imported file, a stored record), as `generate` does.
   * @throws {RangeError} naming the first parameter out of range.
   */
  validateParams(params: unknown): void;
  /**
   * What is wrong with `data` as the data of a task generated from `params` (valid, per
   * `validateParams`), one sentence each naming the field (`"grid must be …"`); empty when its shape
   * is what `generate` makes. A stored task is untrusted: the import refuses one with problems, so
   * the verifier, the hints and the views can rely on the shape. Lives in the environment's
   * `shape.ts`.
   */
  dataProblems(params: P, data: unknown): string[];
  /** Check a student's raw text (with or without `<answer>` tags). Never throws on bad input. */
  verify(task: Task<P, D>, studentText: string): Diagnosis;
  /**
   * The same check where it may run elsewhere (the code environment's sandbox worker, with a
   * wall-clock deadline); the episode protocol prefers it when an environment has it. Never rejects.
   */
  verifyAsync?(task: Task<P, D>, studentText: string): Promise<Diagnosis>;
  /** The rule-based teacher's message for a diagnosis. Must never reveal `task.solution`. */
  hint(task: Task<P, D>, diagnosis: Diagnosis, level: HintLevel): string;
  /**
   * Optional one-time asynchronous set-up, called once before the first `verify`; environments that
   * need wasm load it here (the code environment's sandbox). Idempotent: later calls resolve at once
   * once it is ready. `verify` stays synchronous; called before `prepare` resolved it returns a
   * diagnosis saying so instead of throwing.
   * @throws {Error} (as a rejected promise) when the set-up cannot load.
   */
  prepare?(): Promise<void>;
}
