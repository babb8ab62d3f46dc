/**
 * A small decoder-only transformer over byte tokens (GPT-2 shape): token and learned position
 * embeddings, `layers` pre-LayerNorm blocks of causal multi-head attention and a GELU MLP, a final
 * LayerNorm, and an output head tied to the token embedding.
 *
 * Written with jax-js array ops, so jax-js differentiates it. jax-js arrays are reference counted and
 * every op takes ownership of its inputs: each function here consumes its arguments exactly once
 * (`.ref` where a value is used twice), or jit and grad would free an array still in use.
 */
import { nn, numpy as np } from '@jax-js/jax';
import { createRng, hashString } from '../core/rng';
import { VOCAB_SIZE } from './byte-tokens';
import type { TrainModelSize } from '../core/train-run/recipe';

/** The model's shape. Every field is a positive integer. */
export interface TransformerConfig {
  /** Ids in the embedding table (`VOCAB_SIZE` for byte tokens). */
  vocabSize: number;
  /** Longest sequence the model reads (positions it has embeddings for). */
  context: number;
  /** Transformer blocks. */
  layers: number;
  /** Width of the residual stream; a multiple of `heads`. */
  dModel: number;
  /** Attention heads per block. */
  heads: number;
  /** Width of the MLP's hidden layer, as a multiple of `dModel`. */
  mlpRatio: number;
}

/**
 * The weights as a flat jax-js pytree: names are stable (`wte`, `h.0.attn.wq`, …) because checkpoints
 * store tensors under them. A `type`, not an `interface`: jax-js's `JsTree` accepts only the former.
 */
export type Params = { [name: string]: np.Array };

/**
 * Shapes worth training in a browser, all at context 512: tiny (about 0.15 M parameters, a
 * classroom run of minutes), small (about 1.1 M) and medium (about 3.3 M).
 */
export const MODEL_PRESETS = {
  tiny: { vocabSize: VOCAB_SIZE, context: 512, layers: 2, dModel: 64, heads: 4, mlpRatio: 4 },
  small: { vocabSize: VOCAB_SIZE, context: 512, layers: 5, dModel: 128, heads: 4, mlpRatio: 4 },
  medium: { vocabSize: VOCAB_SIZE, context: 512, layers: 4, dModel: 256, heads: 8, mlpRatio: 4 },
} as const satisfies Record<TrainModelSize, TransformerConfig>;

/** @throws {RangeError} when a field is not a positive integer or `dModel` is not a multiple of `heads`. */
export function validateConfig(config: TransformerConfig): void {
  for (const [field, value] of Object.entries(config)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`Model config: ${field} must be a positive integer, got ${String(value)}`);
    }
  }
  if (config.dModel % config.heads !== 0) {
    throw new RangeError(`Model config: dModel ${config.dModel} is not a multiple of heads ${config.heads}`);
  }
}

/** One parameter tensor: its checkpoint name, shape and initialisation. */
export interface ParamSpec {
  name: string;
  shape: number[];
  /** Standard deviation of a normal init; absent: a constant `fill`. */
  std?: number;
  fill?: number;
}

/** Every parameter, in a fixed order, with its shape and initialisation. */
export function parameterSpecs(config: TransformerConfig): ParamSpec[] {
  const { vocabSize: v, context: c, layers, dModel: d, mlpRatio } = config;
  const hidden = d * mlpRatio;
  // GPT-2's init: N(0, 0.02), with the projections back into the residual stream scaled by
  // 1/sqrt(2·layers) so the stream's variance does not grow with depth.
  const std = 0.02;
  const residualStd = std / Math.sqrt(2 * layers);
  const specs: ParamSpec[] = [
    { name: 'wte', shape: [v, d], std },
    { name: 'wpe', shape: [c, d], std },
  ];
  for (let i = 0; i < layers; i++) {
    const h = `h.${i}`;
    specs.push(
      { name: `${h}.ln1.g`, shape: [d], fill: 1 },
      { name: `${h}.ln1.b`, shape: [d], fill: 0 },
      { name: `${h}.attn.wq`, shape: [d, d], std },
      { name: `${h}.attn.wk`, shape: [d, d], std },
      { name: `${h}.attn.wv`, shape: [d, d], std },
      { name: `${h}.attn.wo`, shape: [d, d], std: residualStd },
      { name: `${h}.ln2.g`, shape: [d], fill: 1 },
      { name: `${h}.ln2.b`, shape: [d], fill: 0 },
      { name: `${h}.mlp.w1`, shape: [d, hidden], std },
      { name: `${h}.mlp.w2`, shape: [hidden, d], std: residualStd },
    );
  }
  specs.push({ name: 'lnf.g', shape: [d], fill: 1 }, { name: 'lnf.b', shape: [d], fill: 0 });
  return specs;
}

/** Number of trainable parameters (the tied head counts once). */
export function parameterCount(config: TransformerConfig): number {
  validateConfig(config);
  return parameterSpecs(config).reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * Values of one tensor: drawn on the host from sfc32, so a seed gives the same weights on every
 * backend; each tensor has its own stream (seed and name), so adding a layer leaves the others as they were.
 */
function initialValues(spec: ParamSpec, seed: number): Float32Array<ArrayBuffer> {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (spec.std === undefined) return out.fill(spec.fill ?? 0);
  const rng = createRng((seed ^ hashString(spec.name)) >>> 0);
  for (let i = 0; i < size; i += 2) {
    // Box–Muller: two normals from two uniforms; 1 - u keeps the log finite.
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const theta = 2 * Math.PI * rng.next();
    out[i] = r * Math.cos(theta) * spec.std;
    if (i + 1 < size) out[i + 1] = r * Math.sin(theta) * spec.std;
  }
  return out;
}

/** Fresh weights for `config`, a pure function of `seed` (a 32-bit integer). */
export function initParams(config: TransformerConfig, seed: number): Params {
  validateConfig(config);
  const params: Params = {};
  for (const spec of parameterSpecs(config)) {
    params[spec.name] = np.array(initialValues(spec, seed), { shape: spec.shape });
  }
  return params;
}

/** Takes a parameter out of the tree by name; a missing one is a checkpoint or config mismatch. */
export function param(params: Params, name: string): np.Array {
  const value = params[name];
  if (!value) throw new Error(`Model parameters: missing tensor "${name}"`);
  return value;
}

/** LayerNorm over the last axis with a learned gain and bias. Consumes its arguments. */
export function layerNorm(x: np.Array, gain: np.Array, bias: np.Array): np.Array {
  return nn.standardize(x, -1, { epsilon: 1e-5 }).mul(gain).add(bias);
}

/**
 * Causal multi-head self-attention on `x` [B, T, d]. Written with matmul rather than
 * `nn.dotProductAttention`, which goes through `einsum`, whose parser needs iterator helpers that
 * Node 20 lacks.
 */
function attention(x: np.Array, params: Params, prefix: string, config: TransformerConfig): np.Array {
  const [batch = 1, time = 1, d = config.dModel] = x.shape;
  const heads = config.heads;
  const headDim = d / heads;
  const split = (a: np.Array) => a.reshape([batch, time, heads, headDim]);
  const q = split(np.matmul(x.ref, param(params, `${prefix}.wq`))).transpose([0, 2, 1, 3]);
  const k = split(np.matmul(x.ref, param(params, `${prefix}.wk`))).transpose([0, 2, 3, 1]);
  const v = split(np.matmul(x, param(params, `${prefix}.wv`))).transpose([0, 2, 1, 3]);
  const scores = np.matmul(q, k).mul(1 / Math.sqrt(headDim)); // [B, H, T, T]
  const causal = np.tri(time, time, 0, { dtype: np.bool });
  const weights = nn.softmax(np.where(causal, scores, -Infinity), -1);
  const mixed = np.matmul(weights, v).transpose([0, 2, 1, 3]).reshape([batch, time, d]);
  return np.matmul(mixed, param(params, `${prefix}.wo`));
}

/** The block's MLP, GELU between two projections. Consumes `x` and the block's two MLP weights. */
export function mlp(x: np.Array, params: Params, prefix: string): np.Array {
  const hidden = nn.gelu(np.matmul(x, param(params, `${prefix}.w1`)));
  return np.matmul(hidden, param(params, `${prefix}.w2`));
}

/**
 * Logits for every position of `tokens` (int32 [B, T], T ≤ context): [B, T, vocabSize]. Consumes
 * `params` and `tokens`.
 */
export function forward(params: Params, tokens: np.Array, config: TransformerConfig): np.Array {
  const time = tokens.shape[1] ?? 1;
  if (time > config.context) {
    throw new RangeError(`forward: ${time} tokens exceed the model's context of ${config.context}`);
  }
  const wte = param(params, 'wte');
  // A one-hot matmul, not a gather: jax-js cannot jit the gather's gradient (a scatter) in 0.1.25.
  let x = np.matmul(nn.oneHot(tokens, config.vocabSize), wte.ref);
  x = x.add(param(params, 'wpe').slice([0, time]));
  for (let i = 0; i < config.layers; i++) {
    const h = `h.${i}`;
    const a = layerNorm(x.ref, param(params, `${h}.ln1.g`), param(params, `${h}.ln1.b`));
    x = x.add(attention(a, params, `${h}.attn`, config));
    const m = layerNorm(x.ref, param(params, `${h}.ln2.g`), param(params, `${h}.ln2.b`));
    x = x.add(mlp(m, params, `${h}.mlp`));
  }
  x = layerNorm(x, param(params, 'lnf.g'), param(params, 'lnf.b'));
  return np.matmul(x, wte.transpose());
}
