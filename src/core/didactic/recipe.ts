/**
 * A data recipe: what `buildDataset` makes, entirely. Twin recipes differ in `kind` only, so they draw
 * the same items with the same wrong attempts and fill the same byte budget.
 */
import { HINT_LEVELS, PRESET_NAMES, type HintLevel, type PresetName } from '../envs/types';
import { getPerturber } from './perturb';
import { TRANSCRIPT_KINDS, type TranscriptKind } from './transcript';

/** Most wrong attempts before the correction in one transcript. */
export const MAX_WRONG_ATTEMPTS = 4;

/** Held-out items per environment when the recipe does not say. */
export const DEFAULT_HELD_OUT = 100;

/** Everything a dataset is a function of. */
export interface DidacticRecipe {
  kind: TranscriptKind;
  /** Environments with a perturber, drawn in turn (one item of each, then the next index). */
  envs: readonly string[];
  preset: PresetName;
  /** Rule-teacher hint levels, one drawn per transcript (drawn for every kind, used by 'didactic'). */
  levels: readonly HintLevel[];
  seed: number;
  /** Total bytes of the rendered examples (`renderChat`, UTF-8): the training budget. */
  budget: number;
  /** Wrong attempts before the correction, one count drawn per transcript; default `[1]`. */
  wrongAttempts?: readonly number[];
  /** Held-out items per environment (`heldOutItems(env, preset, seed, heldOut)`); default 100. */
  heldOut?: number;
  /** Examples whose rendering is longer than this (the model's context) are left out; default none. */
  maxBytes?: number;
  /**
   * The share of the budget (0 ≤ share < 1; default 0) spent first on answers-only examples drawn
   * from a stream of their own, the same for every kind: a model trained from nothing learns to
   * answer a task at all from these (a didactic transcript trains only its corrected attempt, never
   * a first one), and twins still differ only in the rest.
   */
  answersShare?: number;
}

/** A recipe with its defaults filled in. */
export type FullRecipe = Required<Omit<DidacticRecipe, 'maxBytes'>> & { maxBytes: number | null };

const wholeAtLeast = (name: string, value: unknown, min: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new RangeError(`recipe: ${name} must be a whole number ≥ ${min}, got ${String(value)}`);
  return value;
};

/**
 * `recipe` checked, with its defaults.
 * @throws {RangeError} naming the first field out of range; {Error} for an environment without a
 *   perturber.
 */
export function fullRecipe(recipe: DidacticRecipe): FullRecipe {
  if (!(TRANSCRIPT_KINDS as readonly string[]).includes(recipe.kind))
    throw new RangeError(
      `recipe: kind must be one of ${TRANSCRIPT_KINDS.join(', ')}, got ${String(recipe.kind)}`,
    );
  if (!Array.isArray(recipe.envs) || recipe.envs.length === 0)
    throw new RangeError('recipe: envs must name at least one environment');
  for (const id of recipe.envs) getPerturber(id);
  if (!(PRESET_NAMES as readonly string[]).includes(recipe.preset))
    throw new RangeError(
      `recipe: preset must be one of ${PRESET_NAMES.join(', ')}, got ${String(recipe.preset)}`,
    );
  if (!Array.isArray(recipe.levels) || recipe.levels.length === 0)
    throw new RangeError('recipe: levels must hold at least one hint level');
  for (const level of recipe.levels)
    if (!(HINT_LEVELS as readonly number[]).includes(level))
      throw new RangeError(`recipe: a level must be one of ${HINT_LEVELS.join(', ')}, got ${String(level)}`);
  if (!Number.isInteger(recipe.seed))
    throw new RangeError(`recipe: seed must be an integer, got ${recipe.seed}`);
  wholeAtLeast('budget', recipe.budget, 1);
  const wrongAttempts = recipe.wrongAttempts ?? [1];
  if (wrongAttempts.length === 0) throw new RangeError('recipe: wrongAttempts must hold at least one count');
  for (const n of wrongAttempts) {
    wholeAtLeast('a wrongAttempts count', n, 1);
    if (n > MAX_WRONG_ATTEMPTS)
      throw new RangeError(`recipe: a wrongAttempts count must be at most ${MAX_WRONG_ATTEMPTS}, got ${n}`);
  }
  const heldOut = wholeAtLeast('heldOut', recipe.heldOut ?? DEFAULT_HELD_OUT, 0);
  const maxBytes = recipe.maxBytes === undefined ? null : wholeAtLeast('maxBytes', recipe.maxBytes, 1);
  const answersShare = recipe.answersShare ?? 0;
  if (typeof answersShare !== 'number' || !(answersShare >= 0 && answersShare < 1))
    throw new RangeError(`recipe: answersShare must be at least 0 and below 1, got ${String(answersShare)}`);
  return {
    kind: recipe.kind,
    envs: [...recipe.envs],
    preset: recipe.preset,
    levels: [...recipe.levels],
    seed: recipe.seed,
    budget: recipe.budget,
    wrongAttempts: [...wrongAttempts],
    heldOut,
    maxBytes,
    answersShare,
  };
}
