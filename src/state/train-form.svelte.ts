/**
 * The Train page's recipe form: every field of a `TrainRecipe`, its problems in words, and its link
 * (`#/train/recipe/<code>`), which the page keeps in the address bar so a shared or reloaded page
 * shows the same recipe.
 */
import { PERTURBABLE_ENVS } from '../core/didactic';
import { encodeTrainLink } from '../core/links/train-link';
import { routeHash } from './route-path';
import {
  DEFAULT_TRAIN_RECIPE,
  recipeProblems,
  type TrainModelSize,
  type TrainRecipe,
} from '../core/train-run';
import type { TranscriptKind } from '../core/didactic';
import type { HintLevel, PresetName } from '../core/envs/types';

/** Environments a recipe can draw from: those with a perturber (wrong attempts made the way students err). */
export const TRAIN_ENVS: readonly string[] = PERTURBABLE_ENVS;

export class TrainForm {
  envs = $state<string[]>([...DEFAULT_TRAIN_RECIPE.envs]);
  preset = $state<PresetName>(DEFAULT_TRAIN_RECIPE.preset);
  kind = $state<TranscriptKind>(DEFAULT_TRAIN_RECIPE.kind);
  levels = $state<HintLevel[]>([...DEFAULT_TRAIN_RECIPE.levels]);
  model = $state<TrainModelSize>(DEFAULT_TRAIN_RECIPE.model);
  budget = $state(DEFAULT_TRAIN_RECIPE.budget);
  answersShare = $state(DEFAULT_TRAIN_RECIPE.answersShare);
  seed = $state(DEFAULT_TRAIN_RECIPE.seed);
  epochs = $state(DEFAULT_TRAIN_RECIPE.epochs);
  batch = $state(DEFAULT_TRAIN_RECIPE.batch);
  heldOut = $state(DEFAULT_TRAIN_RECIPE.heldOut);
  evalEvery = $state(DEFAULT_TRAIN_RECIPE.evalEvery);
  learningRate = $state(DEFAULT_TRAIN_RECIPE.learningRate);

  /** The recipe as the form holds it (environments in the registry's order). */
  get recipe(): TrainRecipe {
    return {
      envs: TRAIN_ENVS.filter((id) => this.envs.includes(id)),
      preset: this.preset,
      kind: this.kind,
      levels: [...this.levels].sort((a, b) => a - b),
      model: this.model,
      budget: this.budget,
      answersShare: this.answersShare,
      seed: this.seed,
      epochs: this.epochs,
      batch: this.batch,
      heldOut: this.heldOut,
      evalEvery: this.evalEvery,
      learningRate: this.learningRate,
    };
  }

  /** What stops the recipe from training, in words; empty when it can. */
  get problems(): string[] {
    return recipeProblems(this.recipe);
  }

  /** The hash of a link to this recipe; null while it is not a valid one. */
  get linkHash(): string | null {
    return this.problems.length > 0 ? null : routeHash('train', 'recipe', encodeTrainLink(this.recipe));
  }

  /** Fill the form from a recipe (a link's, or a stored run's). */
  load(recipe: TrainRecipe): void {
    this.envs = [...recipe.envs];
    this.preset = recipe.preset;
    this.kind = recipe.kind;
    this.levels = [...recipe.levels];
    this.model = recipe.model;
    this.budget = recipe.budget;
    this.answersShare = recipe.answersShare;
    this.seed = recipe.seed;
    this.epochs = recipe.epochs;
    this.batch = recipe.batch;
    this.heldOut = recipe.heldOut;
    this.evalEvery = recipe.evalEvery;
    this.learningRate = recipe.learningRate;
  }
}
