/**
 * Knights and knaves: knights always tell the truth, knaves always lie; label each person from what
 * they say. Every puzzle has exactly one consistent labelling (checked by brute force).
 */
import { seededTask } from '../shared/task';
import { knightsDataProblems } from './shape';
import { drawKnights, formatLabels, knightsPrompt } from './generate';
import { hintKnights } from './hint';
import type { KnightsData, KnightsParams } from './types';
import { verifyKnights } from './verify';
import { checkInt, checkObject, checkOneOf } from '../shared/params';
import { neverThrows } from '../shared/verify-guard';
import type { Environment, Task } from '../types';

export type { Atom, KnightsData, KnightsDetail, KnightsParams, Role, Statement } from './types';
export { consistentAssignments, evaluate as evaluateStatement } from './statements';

const ID = 'knights';
/** 2: the prompt's format example no longer depends on the answer (version 1 swapped it when it hit). */
const GENERATOR_VERSION = 2;

/**
 * Check knights params.
 * @throws {RangeError} naming the first parameter out of range.
 */
export function validateKnightsParams(p: KnightsParams): void {
  checkObject(ID, p);
  checkInt(ID, 'people', p.people, 2, 4);
  checkOneOf(ID, 'compound', p.compound, [true, false]);
}

export const knights: Environment<KnightsParams, KnightsData> = {
  id: ID,
  name: 'Knights and knaves',
  description: 'Knights always tell the truth, knaves always lie: label each person from what they say.',
  generatorVersion: GENERATOR_VERSION,
  presets: {
    starter: { people: 2, compound: false },
    easy: { people: 2, compound: false },
    medium: { people: 3, compound: true },
    hard: { people: 4, compound: true },
  },
  defaultPreset: 'medium',

  generate(params, seed, index): Task<KnightsParams, KnightsData> {
    validateKnightsParams(params);
    return seededTask({ id: ID, generatorVersion: GENERATOR_VERSION }, params, seed, index, (rng) => {
      const data = drawKnights(rng, params);
      return { data, prompt: knightsPrompt(data), solution: formatLabels(data.names, data.roles) };
    });
  },

  verify: neverThrows(verifyKnights),
  hint: hintKnights,
  validateParams: validateKnightsParams,
  dataProblems: knightsDataProblems,
};
