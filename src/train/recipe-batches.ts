/**
 * A data recipe as training batches: `buildDataset` rendered with the chat template and its loss mask
 * (only the corrected attempt is learned), then served in a seeded order, one shuffle per pass over
 * the data, each batch packed at the smallest power-of-two row length that holds it (`fitContext`).
 * A pure function of (recipe, batch size, context, seed), so twins trained from the same seed see
 * batches of the same shape in the same positions of their streams.
 */
import { buildDataset, renderTraining, type DidacticRecipe } from '../core/didactic';
import { createRng } from '../core/rng';
import { fitContext, packBatch, type Example, type HostBatch } from './batch';

/** The recipe's examples, rendered for training (bytes and loss mask), in dataset order. */
export function recipeExamples(recipe: DidacticRecipe): Example[] {
  return buildDataset(recipe).examples.map((e) => renderTraining(e.messages, e.trained));
}

/** How batches are cut. */
export interface BatchOptions {
  /** Rows per batch. */
  batch: number;
  /** The model's context: no row is longer. */
  context: number;
  /** Seed of the shuffles. */
  seed: number;
}

/**
 * Endless batches over `examples`: each pass a new seeded shuffle, cut into batches of `batch` rows
 * (a pass's last, short batch is dropped so every step has the same number of rows).
 * @throws {RangeError} when there are fewer examples than one batch.
 */
export function* recipeBatches(examples: readonly Example[], options: BatchOptions): Generator<HostBatch> {
  const { batch, context, seed } = options;
  if (!Number.isInteger(batch) || batch < 1 || examples.length < batch)
    throw new RangeError(
      `recipeBatches: need at least one batch of ${batch} from ${examples.length} examples`,
    );
  const rng = createRng(seed);
  for (;;) {
    const order = rng.shuffle([...examples.keys()]);
    for (let start = 0; start + batch <= order.length; start += batch) {
      const rows = order.slice(start, start + batch).map((i) => examples[i]!);
      yield packBatch(rows, fitContext(rows, context));
    }
  }
}
