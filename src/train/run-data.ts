/**
 * The data of a run, made from its recipe: the didactic training set rendered for the byte model,
 * and transcripts of the same kind on the held-out items for the held-out loss. A pure function of
 * the recipe, so a run rebuilt after a reload trains on the same bytes.
 */
import { buildDataset, heldOutTranscripts, renderTraining } from '../core/didactic';
import { didacticRecipeOf, type BatchPlan, type TrainRecipe } from '../core/train-run';
import type { RunData } from './run';
import type { RunDataset } from './train-api';

/** A run's examples, its batch plan and what its dataset holds. */
export interface BuiltRunData {
  data: RunData;
  plan: BatchPlan;
  dataset: RunDataset;
}

/**
 * Builds the data of `recipe` for a model of `context` bytes (longer transcripts are left out),
 * with up to `heldOutPerEnv` held-out transcripts per environment.
 * @throws {RangeError} when the recipe is out of range or yields no example.
 */
export function buildRunData(recipe: TrainRecipe, context: number, heldOutPerEnv: number): BuiltRunData {
  const didactic = didacticRecipeOf(recipe, context);
  const dataset = buildDataset(didactic);
  if (dataset.examples.length === 0)
    throw new RangeError(`The budget of ${recipe.budget} bytes holds no whole transcript: raise the budget.`);
  const train = dataset.examples.map((e) => renderTraining(e.messages, e.trained));
  const heldOut = heldOutTranscripts(didactic, Math.min(heldOutPerEnv, recipe.heldOut));
  return {
    data: { train, heldOut },
    plan: { examples: train.length, batch: recipe.batch, epochs: recipe.epochs, seed: recipe.seed },
    dataset: {
      examples: train.length,
      bytes: dataset.bytes,
      trainedBytes: dataset.trainedBytes,
      heldOutExamples: heldOut.length,
    },
  };
}
