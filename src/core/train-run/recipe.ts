/**
 * A training run's recipe: the data (a didactic recipe's fields), the model size and the schedule.
 * Everything a run is a function of, so a run resumed after a reload, or opened from a link in
 * another browser, trains the same model on the same batches. Links are untrusted: the schema
 * bounds every list and number by what the Train page's form offers.
 */
import * as v from 'valibot';
import { PERTURBABLE_ENVS } from '../didactic/perturb';
import { TRANSCRIPT_KINDS, type TranscriptKind } from '../didactic/transcript';
import type { DidacticRecipe } from '../didactic/recipe';
import { HintLevelSchema, PresetNameSchema } from '../protocol/vocabulary';
import type { HintLevel, PresetName } from '../envs/types';

/** The model sizes the Train page offers (`MODEL_PRESETS` in src/train holds their shapes). */
export const TRAIN_MODEL_SIZES = ['tiny', 'small', 'medium'] as const;
export type TrainModelSize = (typeof TRAIN_MODEL_SIZES)[number];

/** Bounds of a recipe: what the form allows, and all a link may ask for. */
export const TRAIN_LIMITS = {
  /** Bytes of rendered training transcripts (10 MB: hours of the medium model here). */
  maxBudget: 10_000_000,
  minBudget: 1_000,
  maxEpochs: 100,
  maxBatch: 64,
  /** Held-out items per environment whose transcripts give the held-out loss. */
  maxHeldOut: 200,
  maxEvalEvery: 10_000,
} as const;

/** What a run trains. */
export interface TrainRecipe {
  /** Environments with a perturber, drawn in turn. */
  envs: string[];
  preset: PresetName;
  kind: TranscriptKind;
  /** Rule-teacher hint levels, one drawn per transcript. */
  levels: HintLevel[];
  model: TrainModelSize;
  /** Training bytes (`DidacticRecipe.budget`). */
  budget: number;
  /** Share of the budget spent first on answers-only examples (`DidacticRecipe.answersShare`). */
  answersShare: number;
  /** Seeds the data (items, held-out set) and the initial weights. */
  seed: number;
  /** Passes over the training set. */
  epochs: number;
  /** Transcripts per step. */
  batch: number;
  /** Held-out items per environment (the evaluation items of an experiment with `taskSeed: seed`). */
  heldOut: number;
  /** Steps between held-out losses. */
  evalEvery: number;
  /** Peak learning rate of the warm-up + cosine schedule. */
  learningRate: number;
}

/** A first run that trains in a few minutes on a laptop's CPU. */
export const DEFAULT_TRAIN_RECIPE: Readonly<TrainRecipe> = Object.freeze<TrainRecipe>({
  envs: ['arithmetic'],
  preset: 'starter',
  kind: 'didactic',
  levels: [1, 2, 3],
  model: 'tiny',
  budget: 60_000,
  answersShare: 0.3,
  seed: 1,
  epochs: 2,
  batch: 8,
  heldOut: 16,
  evalEvery: 20,
  learningRate: 3e-3,
});

const whole = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/** The recipe's schema: strict, every field bounded. */
export const TrainRecipeSchema = v.strictObject({
  envs: v.pipe(
    v.array(v.picklist(PERTURBABLE_ENVS as readonly string[] as [string, ...string[]])),
    v.minLength(1),
    v.maxLength(PERTURBABLE_ENVS.length),
    v.check((ids) => new Set(ids).size === ids.length, 'an environment is named twice'),
  ),
  preset: PresetNameSchema,
  kind: v.picklist(TRANSCRIPT_KINDS),
  levels: v.pipe(v.array(HintLevelSchema), v.minLength(1), v.maxLength(4)),
  model: v.picklist(TRAIN_MODEL_SIZES),
  budget: whole(TRAIN_LIMITS.minBudget, TRAIN_LIMITS.maxBudget),
  answersShare: v.pipe(v.number(), v.minValue(0), v.maxValue(0.9)),
  seed: whole(0, 0xffffffff),
  epochs: whole(1, TRAIN_LIMITS.maxEpochs),
  batch: whole(1, TRAIN_LIMITS.maxBatch),
  heldOut: whole(1, TRAIN_LIMITS.maxHeldOut),
  evalEvery: whole(1, TRAIN_LIMITS.maxEvalEvery),
  learningRate: v.pipe(v.number(), v.minValue(1e-5), v.maxValue(0.1)),
});

/**
 * The first problems of `value` as a recipe, in words; empty when it is one.
 */
export function recipeProblems(value: unknown): string[] {
  const result = v.safeParse(TrainRecipeSchema, value);
  if (result.success) return [];
  return result.issues.slice(0, 3).map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/** The didactic data recipe of a run whose model reads `context` bytes (longer transcripts left out). */
export function didacticRecipeOf(recipe: TrainRecipe, context: number): DidacticRecipe {
  return {
    kind: recipe.kind,
    envs: recipe.envs,
    preset: recipe.preset,
    levels: recipe.levels,
    seed: recipe.seed,
    budget: recipe.budget,
    answersShare: recipe.answersShare,
    heldOut: recipe.heldOut,
    maxBytes: context,
  };
}

/** The three twins of a recipe: the same data, model and schedule, one of each transcript kind. */
export function twinRecipes(recipe: TrainRecipe): TrainRecipe[] {
  return TRANSCRIPT_KINDS.map((kind) => ({ ...recipe, kind }));
}

/** A short name for a run of `recipe`: its kind, environments, preset, model and seed. */
export function recipeName(recipe: TrainRecipe): string {
  return `${recipe.kind} · ${recipe.envs.join('+')} ${recipe.preset} · ${recipe.model} · seed ${recipe.seed}`;
}
