/**
 * A recipe as training batches (src/train/recipe-batches.ts): the same recipe and seed give the same
 * batches, a pass serves every example once (in a seeded order) and drops only its short last batch,
 * and each batch is packed whole at a power-of-two row length (`fitContext`).
 */
import { describe, expect, it } from 'vitest';
import type { DidacticRecipe } from '../../src/core/didactic';
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
    // Distinct examples of lengths 1..22, so each row names its example by its first byte.
    const distinct = Array.from({ length: 22 }, (_, i) => ({
      bytes: Uint8Array.from({ length: i + 1 }, () => i + 1),
      mask: new Uint8Array(i + 1).fill(1),
    }));
    const batches = recipeBatches(distinct, { batch: 4, context: 16, seed: 1 });
    for (let pass = 0; pass < 3; pass++) {
      const served = take(batches, 5).flatMap((batch) => {
        return Array.from({ length: batch.batch }, (_, r) => batch.targets[r * batch.context]!);
      });
      // 22 examples make 5 whole batches of 4: 20 distinct examples, the last 2 left for this pass.
      expect(new Set(served).size).toBe(20);
    }
    for (const batch of take(recipeBatches(examples, { batch: 4, context: 256, seed: 1 }), perPass)) {
      expect(batch.batch).toBe(4);
      expect(batch.truncated).toBe(0);
      expect([32, 64, 128, 256]).toContain(batch.context);
    }
  });

  it('refuses fewer examples than one batch', () => {
    expect(() => recipeBatches(examples.slice(0, 2), { batch: 4, context: 256, seed: 1 }).next()).toThrow(
      RangeError,
    );
  });
});
