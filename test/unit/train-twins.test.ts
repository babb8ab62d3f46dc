/** The judge's twins on the Train page: finished runs of one recipe that differ only in their kind. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_RECIPE, twinGroups, type TrainRecipe } from '../../src/core/train-run';

const run = (id: string, kind: TrainRecipe['kind'], updatedAt: number, over: Partial<TrainRecipe> = {}) => ({
  id,
  recipe: { ...DEFAULT_TRAIN_RECIPE, ...over, kind },
  status: 'finished',
  updatedAt,
});

describe('twinGroups', () => {
  it('pairs a didactic run with its answers-only (and retry) twin of the same recipe', () => {
    const groups = twinGroups([run('d', 'didactic', 1), run('a', 'answers-only', 2), run('r', 'retry', 3)]);
    expect(groups).toHaveLength(1);
    expect([groups[0]!.didactic.id, groups[0]!.answersOnly.id, groups[0]!.retry?.id]).toEqual([
      'd',
      'a',
      'r',
    ]);
    expect(groups[0]!.recipe.kind).toBe('didactic');
  });

  it('leaves out unfinished runs, imported weights and runs of another recipe', () => {
    const paused = { ...run('a', 'answers-only', 2), status: 'paused' };
    expect(twinGroups([run('d', 'didactic', 1), paused])).toEqual([]);
    expect(twinGroups([run('d', 'didactic', 1), run('a', 'answers-only', 2, { seed: 9 })])).toEqual([]);
    expect(twinGroups([{ id: 'w', recipe: null, status: 'imported', updatedAt: 1 }])).toEqual([]);
  });

  it('takes the latest run of a kind, and lists the latest group first', () => {
    const groups = twinGroups([
      run('d1', 'didactic', 1),
      run('d2', 'didactic', 5),
      run('a', 'answers-only', 2),
      run('d9', 'didactic', 10, { seed: 9 }),
      run('a9', 'answers-only', 11, { seed: 9 }),
    ]);
    expect(groups.map((g) => [g.didactic.id, g.answersOnly.id])).toEqual([
      ['d9', 'a9'],
      ['d2', 'a'],
    ]);
  });
});
