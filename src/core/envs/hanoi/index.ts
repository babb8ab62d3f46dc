/**
 * Tower of Hanoi: move a tower of 2–6 disks to the target peg, one top disk at a time, never a larger
 * disk on a smaller one. The verifier simulates the moves; the score rewards short solutions.
 */
import { seededTask } from '../shared/task';
import { hanoiDataProblems } from './shape';
import { drawHanoi, hanoiPrompt } from './generate';
import { hintHanoi } from './hint';
import { formatMoves, optimalMoves } from './moves';
import type { HanoiData, HanoiParams } from './types';
import { verifyHanoi } from './verify';
import { checkInt, checkObject, checkOneOf } from '../shared/params';
import { neverThrows } from '../shared/verify-guard';
import type { Environment, Task } from '../types';

export type { HanoiData, HanoiDetail, HanoiParams, Move, Peg } from './types';
export { optimalMoves } from './moves';

const ID = 'hanoi';
const GENERATOR_VERSION = 1;

/**
 * Check hanoi params.
 * @throws {RangeError} naming the first parameter out of range.
 */
export function validateHanoiParams(p: HanoiParams): void {
  checkObject(ID, p);
  checkInt(ID, 'minDisks', p.minDisks, 2, 6);
  checkInt(ID, 'maxDisks', p.maxDisks, p.minDisks, 6);
  checkOneOf(ID, 'variedPegs', p.variedPegs, [true, false]);
}

export const hanoi: Environment<HanoiParams, HanoiData> = {
  id: ID,
  name: 'Tower of Hanoi',
  description: 'Move a tower of disks to another peg, never putting a larger disk on a smaller one.',
  generatorVersion: GENERATOR_VERSION,
  presets: {
    starter: { minDisks: 2, maxDisks: 2, variedPegs: true },
    easy: { minDisks: 2, maxDisks: 3, variedPegs: false },
    medium: { minDisks: 3, maxDisks: 4, variedPegs: true },
    hard: { minDisks: 4, maxDisks: 5, variedPegs: true },
  },
  defaultPreset: 'medium',

  generate(params, seed, index): Task<HanoiParams, HanoiData> {
    validateHanoiParams(params);
    return seededTask({ id: ID, generatorVersion: GENERATOR_VERSION }, params, seed, index, (rng) => {
      const data = drawHanoi(rng, params);
      return {
        data,
        prompt: hanoiPrompt(data),
        solution: formatMoves(optimalMoves(data.disks, data.source, data.target)),
      };
    });
  },

  verify: neverThrows(verifyHanoi),
  hint: hintHanoi,
  validateParams: validateHanoiParams,
  dataProblems: hanoiDataProblems,
};
