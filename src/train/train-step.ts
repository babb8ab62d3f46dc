/**
 * The training step: masked loss, its gradient by jax-js's reverse-mode autodiff, and the AdamW
 * update, traced once into one jitted function so jax-js fuses its kernels.
 */
import { jit, numpy as np, tree, valueAndGrad, type OwnedFunction } from '@jax-js/jax';
import { maskedCrossEntropy } from './loss';
import { adamWUpdate, type AdamWOptions, type AdamWState } from './optimizer';
import { forward, type Params, type TransformerConfig } from './transformer';

/**
 * (params, state, inputs, targets, mask, learningRate) → [params, state, loss, gradNorm]. Consumes
 * every argument (pass `tree.ref(x)` to keep one); returns new arrays. Call `.dispose()` when done.
 */
export type TrainStep = OwnedFunction<
  (
    params: Params,
    state: AdamWState,
    inputs: np.Array,
    targets: np.Array,
    mask: np.Array,
    learningRate: np.Array,
  ) => [Params, AdamWState, np.Array, np.Array]
>;

/** (params, inputs, targets, mask) → masked loss, without gradients. Consumes every argument. */
export type EvalLoss = OwnedFunction<
  (params: Params, inputs: np.Array, targets: np.Array, mask: np.Array) => np.Array
>;

function lossFor(config: TransformerConfig) {
  return (params: Params, inputs: np.Array, targets: np.Array, mask: np.Array): np.Array =>
    maskedCrossEntropy(forward(params, inputs, config), targets, mask);
}

/** A jitted training step for `config`; it compiles on its first call for each batch shape. */
export function makeTrainStep(config: TransformerConfig, options: AdamWOptions): TrainStep {
  const loss = valueAndGrad(lossFor(config));
  return jit(
    (
      params: Params,
      state: AdamWState,
      inputs: np.Array,
      targets: np.Array,
      mask: np.Array,
      learningRate: np.Array,
    ): [Params, AdamWState, np.Array, np.Array] => {
      const [value, grads] = loss(tree.ref(params), inputs, targets, mask);
      const [next, nextState, gradNorm] = adamWUpdate(params, grads, state, learningRate, options);
      return [next, nextState, value, gradNorm];
    },
  );
}

/** A jitted loss for held-out batches. */
export function makeEvalLoss(config: TransformerConfig): EvalLoss {
  return jit(lossFor(config));
}
