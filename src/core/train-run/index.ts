/** Training runs of the Train page, pure: recipes, batch plans, throughput. Import from here. */
export {
  DEFAULT_TRAIN_RECIPE,
  didacticRecipeOf,
  recipeName,
  recipeProblems,
  TRAIN_LIMITS,
  TRAIN_MODEL_SIZES,
  TrainRecipeSchema,
  twinRecipes,
  type TrainModelSize,
  type TrainRecipe,
} from './recipe';
export { batchIndices, stepsPerEpoch, totalSteps, type BatchPlan } from './plan';
export {
  durationText,
  msLeft,
  throughput,
  THROUGHPUT_WINDOW,
  type Throughput,
  type TimedStep,
} from './throughput';
export { twinGroups, type RunBrief, type TwinGroup } from './twins';
