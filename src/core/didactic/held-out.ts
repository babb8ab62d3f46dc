/**
 * Evaluation items and the training stream kept apart from them. The held-out items of (environment,
 * preset, seed) are exactly the items an experiment design with that `taskSeed` runs (indexes 0..n-1
 * of the stream seeded by `seed`); training draws from another stream, and drops any item whose item
 * key, or whose prompt, is among the held-out ones (a small preset repeats tasks under new keys:
 * arithmetic's starter has 81 distinct sums).
 */
import { getEnvironment } from '../envs/index';
import type { PresetName, Task } from '../envs/types';

/** Mixed into the seed for the training stream (never 0, so it never is the evaluation stream). */
const TRAINING_STREAM = 0x71a1_d0c0;

/** The seed of the training stream of `seed`: always a different stream from `seed` itself. */
export function trainingStreamSeed(seed: number): number {
  return (seed ^ TRAINING_STREAM) >>> 0;
}

/**
 * The first `n` evaluation items of `envId` at `preset`: `generate(params, seed, 0..n-1)`, the items of
 * an experiment design with `taskSeed: seed` and `tasks: n`.
 * @throws {Error} when the environment is not registered; {RangeError} for a bad seed or n.
 */
export function heldOutItems(envId: string, preset: PresetName, seed: number, n: number): Task[] {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`held-out count must be a whole number ≥ 0, got ${n}`);
  const env = getEnvironment(envId);
  return Array.from({ length: n }, (_, index) => env.generate(env.presets[preset], seed, index));
}

/** What makes a training item one of the held-out items: its item key, or the same prompt. */
export interface HeldOutSet {
  itemSeeds: ReadonlySet<number>;
  prompts: ReadonlySet<string>;
}

/** The item keys and prompts of {@link heldOutItems}. */
export function heldOutSet(envId: string, preset: PresetName, seed: number, n: number): HeldOutSet {
  const items = heldOutItems(envId, preset, seed, n);
  return { itemSeeds: new Set(items.map((t) => t.itemSeed)), prompts: new Set(items.map((t) => t.prompt)) };
}

/** Whether `task` is one of the held-out items (same item key or same prompt). */
export function isHeldOut(task: Task, held: HeldOutSet): boolean {
  return held.itemSeeds.has(task.itemSeed) || held.prompts.has(task.prompt);
}

/**
 * Training item `index` of (environment, preset, seed): from the training stream
 * ({@link trainingStreamSeed}); the caller drops it when {@link isHeldOut}.
 * @throws {Error} when the environment is not registered.
 */
export function trainingItem(envId: string, preset: PresetName, seed: number, index: number): Task {
  const env = getEnvironment(envId);
  return env.generate(env.presets[preset], trainingStreamSeed(seed), index);
}
