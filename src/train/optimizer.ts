/**
 * AdamW (decoupled weight decay, Loshchilov & Hutter) with clipping by global norm, in jax-js array
 * ops so the whole update fuses into the jitted training step. jax-js's own optimizers live in
 * `@jax-js/optax`, which is not published to the npm registry this project installs from; this is
 * the same arithmetic (optax's `adamw` with bias correction), not an autodiff of our own.
 */
import { numpy as np } from '@jax-js/jax';
import type { Params } from './transformer';

/** AdamW's constants. The learning rate is not here: it is an input of every step, for schedules. */
export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled decay, applied to matrices and embeddings only (never to LayerNorm gains and biases). */
  weightDecay: number;
  /** Gradients whose global L2 norm exceeds this are scaled down to it; null: no clipping. */
  clipNorm: number | null;
}

/** nanoGPT's settings for small models (β₂ 0.95 steadies the short runs a browser affords). */
export const DEFAULT_ADAMW: AdamWOptions = {
  beta1: 0.9,
  beta2: 0.95,
  eps: 1e-8,
  weightDecay: 0.1,
  clipNorm: 1,
};

/**
 * The optimizer's state: the step count (float32 scalar, for the bias correction) and the first and
 * second moments under the parameters' own names.
 */
export type AdamWState = { count: np.Array; mu: Params; nu: Params };

/** Zero moments shaped like `params`. Reads only their shapes: `params` is not consumed. */
export function initAdamW(params: Params): AdamWState {
  const mu: Params = {};
  const nu: Params = {};
  for (const [name, value] of Object.entries(params)) {
    mu[name] = np.zeros(value.shape);
    nu[name] = np.zeros(value.shape);
  }
  return { count: np.zeros([]), mu, nu };
}

function moment(name: string, tree: Params): np.Array {
  const value = tree[name];
  if (!value) throw new Error(`AdamW: no optimizer state for parameter "${name}"`);
  return value;
}

/** Global L2 norm of all gradients, a float32 scalar. Does not consume `grads`. */
function globalNorm(grads: Params): np.Array {
  const squares = Object.values(grads).map((g) => np.square(g.ref).sum());
  return np.sqrt(squares.reduce((total, s) => total.add(s)));
}

/**
 * One AdamW step: new parameters and state, and the gradients' global norm before clipping (for the
 * progress display). `learningRate` is a float32 scalar. Consumes every argument.
 */
export function adamWUpdate(
  params: Params,
  grads: Params,
  state: AdamWState,
  learningRate: np.Array,
  options: AdamWOptions,
): [Params, AdamWState, np.Array] {
  const { beta1, beta2, eps, weightDecay, clipNorm } = options;
  const norm = globalNorm(grads);
  // min(1, clip / norm): the epsilon keeps an all-zero gradient (nothing masked in) finite.
  const scale = clipNorm === null ? np.ones([]) : np.minimum(np.divide(clipNorm, norm.ref.add(1e-6)), 1);
  const count = state.count.add(1);
  const correction1 = np.power(beta1, count.ref).neg().add(1); // 1 - β₁ᵗ
  const correction2 = np.power(beta2, count.ref).neg().add(1); // 1 - β₂ᵗ
  const next: Params = {};
  const mu: Params = {};
  const nu: Params = {};
  for (const [name, p] of Object.entries(params)) {
    const g = moment(name, grads).mul(scale.ref);
    const m = moment(name, state.mu)
      .mul(beta1)
      .add(g.ref.mul(1 - beta1));
    const v = moment(name, state.nu)
      .mul(beta2)
      .add(np.square(g).mul(1 - beta2));
    let update = m.ref.div(correction1.ref).div(np.sqrt(v.ref.div(correction2.ref)).add(eps));
    // Decay only what is a matrix: gains and biases pulled toward 0 would fight the LayerNorms.
    if (weightDecay !== 0 && p.ndim >= 2) update = update.add(p.ref.mul(weightDecay));
    next[name] = p.sub(update.mul(learningRate.ref));
    mu[name] = m;
    nu[name] = v;
  }
  scale.dispose();
  correction1.dispose();
  correction2.dispose();
  learningRate.dispose();
  return [next, { count, mu, nu }, norm];
}
