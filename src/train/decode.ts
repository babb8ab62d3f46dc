/**
 * Decoding one token at a time with a key/value cache: each step computes the new token's keys and
 * values only and attends over the cached ones, so a byte costs about one token's forward pass rather
 * than the whole window's (measured ≈ 60× fewer FLOPs at a 300-byte prompt and context 512).
 *
 * Shapes are fixed (the cache spans the whole context, positions past `pos` masked out), so the
 * jitted step compiles once. The cache is written without a scatter (jax-js 0.1.25 cannot jit one):
 * a one-hot row selects the position, `cache·(1 − onehot) + new·onehot`.
 */
import { nn, numpy as np } from '@jax-js/jax';
import { layerNorm, mlp, param, type Params, type TransformerConfig } from './transformer';

/** Keys and values of every block so far: [1, heads, context, headDim] each, zero past the position. */
export type KvCache = { keys: np.Array[]; values: np.Array[] };

/** An empty cache for `config`. */
export function emptyCache(config: TransformerConfig): KvCache {
  const shape = [1, config.heads, config.context, config.dModel / config.heads];
  const layers = Array.from({ length: config.layers }, () => 0);
  return { keys: layers.map(() => np.zeros(shape)), values: layers.map(() => np.zeros(shape)) };
}

/** `cache` with `row` ([1, H, 1, hd]) written at the position `slot` ([1, 1, C, 1] one-hot) marks. */
function write(cache: np.Array, row: np.Array, slot: np.Array): np.Array {
  return cache.mul(slot.ref.neg().add(1)).add(row.mul(slot));
}

/**
 * One token through the model at position `pos`: the logits of the next token [1, vocabSize] and
 * the cache with this token's keys and values added. `token` and `pos` are int32 scalars; positions
 * must be filled in order from 0. Consumes every argument.
 */
export function decodeStep(
  params: Params,
  cache: KvCache,
  token: np.Array,
  pos: np.Array,
  config: TransformerConfig,
): [np.Array, KvCache] {
  const { context, dModel: d, heads, vocabSize } = config;
  const headDim = d / heads;
  const wte = param(params, 'wte');
  const place = nn.oneHot(pos.ref, context); // [C]
  let x = np.matmul(nn.oneHot(token.reshape([1]), vocabSize), wte.ref); // [1, d]
  x = x.add(np.matmul(place.ref.reshape([1, context]), param(params, 'wpe')));
  const slot = place.ref.reshape([1, 1, context, 1]);
  // Positions after `pos` hold nothing yet: they take no part in attention.
  const visible = np.arange(context).lessEqual(pos.astype(np.float32)).reshape([1, 1, 1, context]);
  place.dispose();
  const next: KvCache = { keys: [], values: [] };
  for (let i = 0; i < config.layers; i++) {
    const h = `h.${i}`;
    const a = layerNorm(x.ref, param(params, `${h}.ln1.g`), param(params, `${h}.ln1.b`));
    const head = (w: string) =>
      np
        .matmul(a.ref, param(params, `${h}.attn.${w}`))
        .reshape([1, 1, heads, headDim])
        .transpose([0, 2, 1, 3]); // [1, H, 1, hd]
    const [q, k, v] = [head('wq'), head('wk'), head('wv')];
    a.dispose();
    const keys = write(cache.keys[i]!, k, slot.ref);
    const values = write(cache.values[i]!, v, slot.ref);
    next.keys.push(keys.ref);
    next.values.push(values.ref);
    const scores = np.matmul(q, keys.transpose([0, 1, 3, 2])).mul(1 / Math.sqrt(headDim)); // [1, H, 1, C]
    const weights = nn.softmax(np.where(visible.ref, scores, -Infinity), -1);
    const mixed = np.matmul(weights, values).transpose([0, 2, 1, 3]).reshape([1, d]);
    x = x.add(np.matmul(mixed, param(params, `${h}.attn.wo`)));
    const m = layerNorm(x.ref, param(params, `${h}.ln2.g`), param(params, `${h}.ln2.b`));
    x = x.add(mlp(m, params, `${h}.mlp`));
  }
  slot.dispose();
  visible.dispose();
  x = layerNorm(x, param(params, 'lnf.g'), param(params, 'lnf.b'));
  return [np.matmul(x, wte.transpose()), next];
}
