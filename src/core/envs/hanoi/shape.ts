/** The shape of a stored Tower of Hanoi task's data (see `shared/shape.ts`). */
import { isIntIn, recordProblems } from '../shared/shape';
import type { HanoiParams } from './types';

const PEGS = ['A', 'B', 'C'];

/**
 * What is wrong with `data` as a Hanoi item generated from `params` (valid): a disk count in range,
 * two different pegs, and the optimal length 2^disks − 1. Empty when it is right.
 */
export function hanoiDataProblems(params: HanoiParams, data: unknown): string[] {
  return recordProblems(data, (check, d) => {
    const disks = check.must(
      'disks',
      isIntIn(d.disks, params.minDisks, params.maxDisks),
      `from ${params.minDisks} to ${params.maxDisks}`,
    );
    check.must('source', PEGS.includes(d.source as string), 'A, B or C');
    check.must(
      'target',
      PEGS.includes(d.target as string) && d.target !== d.source,
      'A, B or C, not the source',
    );
    if (disks)
      check.must(
        'optimal',
        d.optimal === 2 ** (d.disks as number) - 1,
        `2^disks − 1 (${2 ** (d.disks as number) - 1})`,
      );
  });
}
