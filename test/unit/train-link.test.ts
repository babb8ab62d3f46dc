/** The Train page's recipe link: round trip, and untrusted input refused in words. */
import { describe, expect, it } from 'vitest';
import { encodeLinkValue } from '../../src/core/links/compressed-json';
import { decodeTrainLink, encodeTrainLink } from '../../src/core/links/train-link';
import { DEFAULT_TRAIN_RECIPE, twinRecipes } from '../../src/core/train-run';

describe('train recipe links', () => {
  it('round-trips a recipe', () => {
    const recipe = {
      ...DEFAULT_TRAIN_RECIPE,
      envs: ['maze', 'arithmetic'],
      model: 'small' as const,
      seed: 9,
    };
    expect(decodeTrainLink(encodeTrainLink(recipe))).toEqual(recipe);
  });

  it('refuses damaged, newer, unknown and out-of-range recipes, naming why', () => {
    expect(() => decodeTrainLink('')).toThrow('holds no training recipe');
    expect(() => decodeTrainLink('%%%')).toThrow('damaged');
    expect(() => decodeTrainLink(encodeLinkValue({ version: 2, recipe: {} }))).toThrow(
      'newer Plasticity Lab',
    );
    const bad = (recipe: object) =>
      encodeLinkValue({ version: 1, recipe: { ...DEFAULT_TRAIN_RECIPE, ...recipe } });
    expect(() => decodeTrainLink(bad({ envs: ['sudoku'] }))).toThrow('envs');
    expect(() => decodeTrainLink(bad({ budget: 1e12 }))).toThrow('budget');
    expect(() => decodeTrainLink(bad({ model: 'huge' }))).toThrow('model');
    expect(() => decodeTrainLink(bad({ envs: ['maze', 'maze'] }))).toThrow('twice');
    expect(() => decodeTrainLink(bad({ extra: 1 }))).toThrow('not valid');
  });

  it('makes three twins that differ in kind only', () => {
    const twins = twinRecipes(DEFAULT_TRAIN_RECIPE);
    expect(twins.map((t) => t.kind)).toEqual(['didactic', 'answers-only', 'retry']);
    for (const twin of twins) expect({ ...twin, kind: 'didactic' }).toEqual(DEFAULT_TRAIN_RECIPE);
  });
});
