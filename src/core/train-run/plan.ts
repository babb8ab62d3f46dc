/**
 * A run's schedule of batches: how many steps, and which examples each step trains on. A pure
 * function of (example count, recipe), so a run resumed from a checkpoint at step s trains the
 * same batch at s as one that never stopped.
 */
import { canonicalJson, createRng, hashString } from '../rng';

/** How the examples are walked. */
export interface BatchPlan {
  examples: number;
  batch: number;
  epochs: number;
  seed: number;
}

/** Steps in one pass over the examples (the last batch of a pass may be short). */
export function stepsPerEpoch(plan: BatchPlan): number {
  return Math.ceil(plan.examples / plan.batch);
}

/** Steps of the whole run. */
export function totalSteps(plan: BatchPlan): number {
  return stepsPerEpoch(plan) * plan.epochs;
}

const orders = new Map<string, number[]>();

/** The example order of one pass: a seeded shuffle, different every pass (cached: the last few). */
function epochOrder(plan: BatchPlan, epoch: number): number[] {
  const key = canonicalJson([plan.examples, plan.seed, epoch]);
  const cached = orders.get(key);
  if (cached) return cached;
  const rng = createRng(hashString(canonicalJson(['train-epoch', plan.seed, epoch])));
  const order = rng.shuffle(Array.from({ length: plan.examples }, (_, i) => i));
  if (orders.size > 8) orders.clear();
  orders.set(key, order);
  return order;
}

/**
 * Indexes of the examples of the 0-based `step`.
 * @throws {RangeError} for a step outside the run or a plan without examples.
 */
export function batchIndices(plan: BatchPlan, step: number): number[] {
  if (plan.examples < 1) throw new RangeError('The training set has no examples.');
  if (!Number.isInteger(step) || step < 0 || step >= totalSteps(plan))
    throw new RangeError(`Step ${step} is outside the run's ${totalSteps(plan)} steps`);
  const perEpoch = stepsPerEpoch(plan);
  const epoch = Math.floor(step / perEpoch);
  const at = (step % perEpoch) * plan.batch;
  return epochOrder(plan, epoch).slice(at, at + plan.batch);
}
