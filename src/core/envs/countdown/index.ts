/**
 * Make the target: combine some of the given numbers with + − × ÷ and brackets to hit a target
 * number. Checked by our own parser with exact rational arithmetic (never eval).
 */
import { seededTask } from '../shared/task';
import { countdownDataProblems } from './shape';
import { countdownPrompt, drawCountdown } from './generate';
import { hintCountdown } from './hint';
import type { CountdownData, CountdownParams } from './types';
import { verifyCountdown } from './verify';
import { checkInt, checkObject } from '../shared/params';
import { neverThrows } from '../shared/verify-guard';
import type { Environment, Task } from '../types';

export type { CountdownData, CountdownDetail, CountdownParams } from './types';
export { solveCountdown } from './solver';

const ID = 'countdown';
/** 2: the prompt's format example no longer depends on the answer (version 1 swapped it when it hit). */
const GENERATOR_VERSION = 2;

/**
 * Check countdown params.
 * @throws {RangeError} naming the first parameter out of range.
 */
export function validateCountdownParams(p: CountdownParams): void {
  checkObject(ID, p);
  checkInt(ID, 'count', p.count, 4, 6);
  checkInt(ID, 'big', p.big, 0, Math.min(4, p.count));
  checkInt(ID, 'maxSmall', p.maxSmall, Math.max(1, p.count - p.big), 25);
  checkInt(ID, 'minTarget', p.minTarget, 1, 9999);
  checkInt(ID, 'maxTarget', p.maxTarget, p.minTarget, 9999);
  checkInt(ID, 'minUsed', p.minUsed, 2, p.count);
}

export const countdown: Environment<CountdownParams, CountdownData> = {
  id: ID,
  name: 'Make the target',
  description: 'Combine some of the given numbers with + − × ÷ and brackets to hit a target.',
  generatorVersion: GENERATOR_VERSION,
  presets: {
    starter: { count: 4, maxSmall: 9, big: 0, minTarget: 5, maxTarget: 20, minUsed: 2 },
    easy: { count: 4, maxSmall: 10, big: 0, minTarget: 10, maxTarget: 50, minUsed: 2 },
    medium: { count: 5, maxSmall: 10, big: 1, minTarget: 20, maxTarget: 200, minUsed: 3 },
    hard: { count: 6, maxSmall: 10, big: 2, minTarget: 100, maxTarget: 999, minUsed: 4 },
  },
  defaultPreset: 'medium',

  generate(params, seed, index): Task<CountdownParams, CountdownData> {
    validateCountdownParams(params);
    return seededTask({ id: ID, generatorVersion: GENERATOR_VERSION }, params, seed, index, (rng) => {
      const { data, solution } = drawCountdown(rng, params);
      return { data, prompt: countdownPrompt(data), solution };
    });
  },

  verify: neverThrows(verifyCountdown),
  hint: hintCountdown,
  validateParams: validateCountdownParams,
  dataProblems: countdownDataProblems,
};
