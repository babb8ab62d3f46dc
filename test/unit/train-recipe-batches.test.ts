/**
 * A recipe as training batches (src/train/recipe-batches.ts): the same recipe and seed give the same
 * batches, a pass serves every example once (in a seeded order) and drops only its short last batch,
 * and each batch is packed at the smallest power-of-two length that holds it.
 */
import { describe, expect, it } from 'vitest';
import type { DidacticRecipe } from '../../src/core/didactic';
import { fitContext } from '../../src/train/batch';
import { recipeBatches, recipeExamples } from '../../src/train/recipe-batches';

const recipe: DidacticRecipe = {
  kind: 'didactic',
  envs: ['arithmetic'],
  preset: 'starter',
  levels: [1, 2],
  seed: 3,
  budget: 4_000,
  answersShare: 0.5,
  maxBytes: 256,
};

const take = <T>(iterator: Iterator<T>, n: number) =>
  Array.from({ length: n }, () => iterator.next().value as T);
const rowKey = (inputs: Int32Array, context: number, row: number) =>
  Array.from(inputs.subarray(row * context, (row + 1) * context)).join(',');

describe('recipeBatches', () => {
  const examples = recipeExamples(recipe);
  const perPass = Math.floor(examples.length / 4);

  it('renders only the corrected attempt as learned, and is the same for the same seed', () => {
    expect(examples.length).toBeGreaterThan(8);
    for (const e of examples) expect(e.mask.some((m) => m === 1)).toBe(true);
    const a = take(recipeBatches(examples, { batch: 4, context: 256, seed: 1 }), perPass + 2);
    const b = take(recipeBatches(recipeExamples(recipe), { batch: 4, context: 256, seed: 1 }), perPass + 2);
    expect(b).toEqual(a);
    const c = take(recipeBatches(examples, { batch: 4, context: 256, seed: 2 }), perPass);
    expect(c.map((x) => Array.from(x.inputs))).not.toEqual(
      a.slice(0, perPass).map((x) => Array.from(x.inputs)),
    );
  });

  it('serves each example once a pass, at the fitted row length', () => {
    const pass = take(recipeBatches(examples, { batch: 4, context: 256, seed: 1 }), perPass);
    // Row r's targets are the example's bytes, then PAD (small presets repeat texts, so the check
    // is by count: no text served more often than the examples hold it).
    const served = pass.flatMap((batch) =>
      Array.from({ length: batch.batch }, (_, r) =>
        rowKey(batch.inputs, batch.context, r)
          .replace(/(,257)+$/, '')
          .replace(/^256,?/, ''),
      ),
    );
    const held = new Map<string, number>();
    for (const e of examples) {
      const key = Array.from(e.bytes).join(',');
      held.set(key, (held.get(key) ?? 0) + 1);
    }
    const counts = new Map<string, number>();
    for (const key of served) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect(served).toHaveLength(perPass * 4);
    for (const [key, n] of counts) expect(n).toBeLessThanOrEqual(held.get(key) ?? 0);
    for (const batch of pass) {
      expect(batch.batch).toBe(4);
      expect([32, 64, 128, 256]).toContain(batch.context);
    }
    const longest = Math.max(...examples.map((e) => e.bytes.length));
    expect(fitContext(examples, 256)).toBeGreaterThanOrEqual(Math.min(256, longest));
  });

  it('refuses fewer examples than one batch', () => {
    expect(() => recipeBatches(examples.slice(0, 2), { batch: 4, context: 256, seed: 1 }).next()).toThrow(
      RangeError,
    );
  });
});
