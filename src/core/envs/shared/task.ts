/** The one way every environment turns (params, seed, index) into a Task. */
import { createRng, itemSeed, type Rng } from '../../rng';
import type { Task } from '../types';

/**
 * Build task `index` of the stream seeded by `seed`: the item seed is the hash of (env id, generator
 * version, params, seed, index), and `draw` gets a generator seeded with it, so the task is a pure
 * function of those inputs. Params are validated by the caller first.
 */
export function seededTask<P, D>(
  env: { id: string; generatorVersion: number },
  params: P,
  seed: number,
  index: number,
  draw: (rng: Rng) => { data: D; prompt: string; solution: string },
): Task<P, D> {
  const item = itemSeed(env.id, env.generatorVersion, params, seed, index);
  const { data, prompt, solution } = draw(createRng(item));
  return {
    envId: env.id,
    generatorVersion: env.generatorVersion,
    params,
    seed,
    index,
    itemSeed: item,
    prompt,
    solution,
    data,
  };
}
