import { numpy as np, tree } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { startBackend } from '../../src/train/backend';
import { VOCAB_SIZE } from '../../src/train/byte-tokens';
import { decodeStep, emptyCache } from '../../src/train/decode';
import { maskedCrossEntropy } from '../../src/train/loss';
import { adamWUpdate, DEFAULT_ADAMW, initAdamW } from '../../src/train/optimizer';
import {
  forward,
  initParams,
  MODEL_PRESETS,
  parameterCount,
  validateConfig,
  type TransformerConfig,
} from '../../src/train/transformer';

const tiny: TransformerConfig = {
  vocabSize: VOCAB_SIZE,
  context: 8,
  layers: 2,
  dModel: 16,
  heads: 2,
  mlpRatio: 2,
};

beforeAll(async () => {
  expect(await startBackend('auto')).toBe('wasm'); // Node has no WebGPU
});

async function values(tree: Record<string, np.Array>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [name, array] of Object.entries(tree)) out[name] = Array.from(await array.ref.data());
  return out;
}

describe('transformer config and initialisation', () => {
  it('counts its parameters: the presets are about 1.1 M and 3.3 M', () => {
    expect(parameterCount(MODEL_PRESETS.small)).toBe(1_084_416);
    expect(parameterCount(MODEL_PRESETS.medium)).toBe(3_347_456);
    const params = initParams(tiny, 1);
    const total = Object.values(params).reduce((n, p) => n + p.size, 0);
    expect(total).toBe(parameterCount(tiny));
    tree.dispose(params);
  });

  it('refuses shapes it cannot build', () => {
    expect(() => validateConfig({ ...tiny, heads: 3 })).toThrow(/multiple of heads/);
    expect(() => validateConfig({ ...tiny, layers: 0 })).toThrow(/layers/);
    expect(() => validateConfig({ ...tiny, dModel: 16.5 })).toThrow(/dModel/);
  });

  it('is a pure function of the seed, with one stream per tensor', async () => {
    const [a, b, c] = [initParams(tiny, 1), initParams(tiny, 1), initParams(tiny, 2)];
    const deeper = initParams({ ...tiny, layers: 3 }, 1);
    const [va, vb, vc, vd] = [await values(a), await values(b), await values(c), await values(deeper)];
    expect(va).toEqual(vb);
    expect(va.wte).not.toEqual(vc.wte);
    expect(vd.wte).toEqual(va.wte); // another layer leaves the embedding as it was
    const wte = va.wte!;
    const std = Math.sqrt(wte.reduce((s, x) => s + x * x, 0) / wte.length);
    expect(std).toBeGreaterThan(0.018);
    expect(std).toBeLessThan(0.022);
    expect(va['h.0.ln1.g']!.every((x) => x === 1)).toBe(true);
    tree.dispose([a, b, c, deeper]);
  });
});

describe('forward', () => {
  it('is causal: a later token never changes an earlier position’s logits', async () => {
    const params = initParams(tiny, 3);
    const run = (ids: number[]) =>
      forward(tree.ref(params), np.array(new Int32Array(ids), { shape: [1, 8], dtype: np.int32 }), tiny);
    const first = await run([256, 1, 2, 3, 4, 5, 6, 7]).data();
    const changed = await run([256, 1, 2, 3, 9, 9, 9, 9]).data();
    expect(first.length).toBe(8 * VOCAB_SIZE);
    const before = 4 * VOCAB_SIZE;
    for (let i = 0; i < before; i++) expect(changed[i]).toBeCloseTo(first[i]!, 6);
    let differs = 0;
    for (let i = before; i < first.length; i++) if (Math.abs(changed[i]! - first[i]!) > 1e-6) differs++;
    expect(differs).toBeGreaterThan(0);
    tree.dispose(params);
  });

  it('decodes token by token through the key/value cache to the full pass’s logits', async () => {
    const params = initParams(tiny, 3);
    const ids = [256, 10, 20, 30, 40, 50];
    const full = await forward(
      tree.ref(params),
      np.array(new Int32Array([...ids, 0, 0]), { shape: [1, 8], dtype: np.int32 }),
      tiny,
    ).data();
    let cache = emptyCache(tiny);
    for (const [pos, id] of ids.entries()) {
      const token = np.array(id, { dtype: np.int32 });
      const [logits, next] = decodeStep(
        tree.ref(params),
        cache,
        token,
        np.array(pos, { dtype: np.int32 }),
        tiny,
      );
      cache = next;
      const row = await logits.data();
      expect(row.length).toBe(VOCAB_SIZE);
      for (let i = 0; i < VOCAB_SIZE; i++) expect(row[i]).toBeCloseTo(full[pos * VOCAB_SIZE + i]!, 4);
    }
    tree.dispose([params, cache]);
  });
});

describe('maskedCrossEntropy', () => {
  it('averages the NLL of the masked targets only, and is 0 with nothing masked', async () => {
    // Two positions over a vocabulary of 2: logits [0, ln 3] → p = [1/4, 3/4].
    const logits = () => np.array(new Float32Array([0, Math.log(3), 0, Math.log(3)]), { shape: [1, 2, 2] });
    const targets = () => np.array(new Int32Array([0, 1]), { shape: [1, 2], dtype: np.int32 });
    const loss = (mask: number[]) =>
      maskedCrossEntropy(logits(), targets(), np.array(new Float32Array(mask), { shape: [1, 2] })).jsAsync();
    expect(await loss([1, 1])).toBeCloseTo((Math.log(4) + Math.log(4 / 3)) / 2, 5);
    expect(await loss([1, 0])).toBeCloseTo(Math.log(4), 5);
    expect(await loss([0, 1])).toBeCloseTo(Math.log(4 / 3), 5);
    expect(await loss([0, 0])).toBe(0);
  });
});

describe('adamWUpdate', () => {
  it('takes Adam’s first step (−lr·sign g), decays matrices only, and reports the pre-clip norm', async () => {
    const params = { w: np.array(new Float32Array([1, 1, 1, 1]), { shape: [2, 2] }), g: np.array([1, 1]) };
    const grads = { w: np.array(new Float32Array([3, -3, 3, -3]), { shape: [2, 2] }), g: np.array([4, 0]) };
    const options = { ...DEFAULT_ADAMW, weightDecay: 0.5, clipNorm: 1 };
    const [next, state, norm] = adamWUpdate(params, grads, initAdamW(params), np.array(0.1), options);
    expect(await norm.jsAsync()).toBeCloseTo(Math.sqrt(4 * 9 + 16), 4);
    // w: 1 − 0.1·(±1 + 0.5·1); g (a gain, not decayed): 1 − 0.1·1 where the gradient is nonzero.
    expect(Array.from(await next.w!.data())).toEqual(
      [0.85, 1.05, 0.85, 1.05].map((x) => expect.closeTo(x, 5)),
    );
    expect(Array.from(await next.g!.data())).toEqual([expect.closeTo(0.9, 5), 1]);
    expect(await state.count.ref.jsAsync()).toBe(1);
    tree.dispose(state);
  });
});
