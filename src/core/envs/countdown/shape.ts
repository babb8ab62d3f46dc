/** The shape of a stored countdown task's data (see `shared/shape.ts`). */
import { isArrayOf, isIntIn, recordProblems } from '../shared/shape';
import type { CountdownParams } from './types';

const BIG = [25, 50, 75, 100];

/**
 * What is wrong with `data` as a countdown item generated from `params` (valid): `count` numbers, each
 * a small one up to `maxSmall` or a big one, and a target in range. Empty when it is right.
 */
export function countdownDataProblems(params: CountdownParams, data: unknown): string[] {
  return recordProblems(data, (check, d) => {
    const number = (x: unknown): x is number => isIntIn(x, 1, params.maxSmall) || BIG.includes(x as number);
    const length = { min: params.count, max: params.count };
    check.must(
      'numbers',
      isArrayOf(d.numbers, number, length),
      `${params.count} numbers from 1 to ${params.maxSmall} or 25, 50, 75, 100`,
    );
    check.must(
      'target',
      isIntIn(d.target, params.minTarget, params.maxTarget),
      `a whole number from ${params.minTarget} to ${params.maxTarget}`,
    );
  });
}
