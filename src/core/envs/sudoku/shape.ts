/** The shape of a stored sudoku task's data (see `shared/shape.ts`). */
import { isArrayOf, isIntIn, recordProblems } from '../shared/shape';
import type { SudokuParams } from './types';

/**
 * What is wrong with `data` as a sudoku generated from `params` (valid): the params' size and its
 * boxes, a solution of `size²` digits 1..size, and a puzzle whose filled cells are the solution's.
 * Empty when it is right.
 */
export function sudokuDataProblems(params: SudokuParams, data: unknown): string[] {
  const n = params.size;
  const [boxRows, boxCols] = n === 6 ? [2, 3] : [2, 2];
  return recordProblems(data, (check, d) => {
    check.must('size', d.size === n, `the params' size (${n})`);
    check.must('boxRows', d.boxRows === boxRows, String(boxRows));
    check.must('boxCols', d.boxCols === boxCols, String(boxCols));
    const cells = { min: n * n, max: n * n };
    const digit =
      (min: number) =>
      (x: unknown): x is number =>
        isIntIn(x, min, n);
    const solution = check.must(
      'solution',
      isArrayOf(d.solution, digit(1), cells),
      `${n * n} digits from 1 to ${n}`,
    );
    const puzzle = check.must(
      'puzzle',
      isArrayOf(d.puzzle, digit(0), cells),
      `${n * n} digits from 0 (empty) to ${n}`,
    );
    if (solution && puzzle) {
      const [given, solved] = [d.puzzle as number[], d.solution as number[]];
      if (given.some((x, i) => x !== 0 && x !== solved[i]))
        check.add("puzzle's filled cells must be the solution's");
    }
  });
}
