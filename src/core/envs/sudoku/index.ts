/**
 * Mini sudoku: 4×4 (2×2 boxes) or 6×6 (2×3 boxes) puzzles with a unique solution by construction.
 * The verifier names changed givens and repeated digits by row, column and box.
 */
import { seededTask } from '../shared/task';
import { sudokuDataProblems } from './shape';
import { checkInt, checkObject, checkOneOf } from '../shared/params';
import { neverThrows } from '../shared/verify-guard';
import { drawSudoku, formatGrid, sudokuPrompt } from './generate';
import { hintSudoku } from './hint';
import type { SudokuData, SudokuParams } from './types';
import { verifySudoku } from './verify';
import type { Environment, Task } from '../types';

export type { SudokuData, SudokuDetail, SudokuParams } from './types';
export { countSolutions } from './grid';

const ID = 'sudoku';
/** 2: the prompt's format example no longer depends on the answer (version 1 swapped it when it hit). */
const GENERATOR_VERSION = 2;

/**
 * Check sudoku params.
 * @throws {RangeError} naming the first parameter out of range.
 */
export function validateSudokuParams(p: SudokuParams): void {
  checkObject(ID, p);
  checkOneOf(ID, 'size', p.size, [4, 6]);
  // Fewer givens than this can never pin down a unique solution.
  if (p.size === 4) checkInt(ID, 'givens (size 4)', p.givens, 4, 15);
  else checkInt(ID, 'givens (size 6)', p.givens, 8, 35);
}

export const sudoku: Environment<SudokuParams, SudokuData> = {
  id: ID,
  name: 'Mini sudoku',
  description: 'Fill a 4×4 or 6×6 sudoku; repeated digits are named by row, column and box.',
  generatorVersion: GENERATOR_VERSION,
  presets: {
    starter: { size: 4, givens: 15 },
    easy: { size: 4, givens: 10 },
    medium: { size: 4, givens: 6 },
    hard: { size: 6, givens: 16 },
  },
  defaultPreset: 'medium',

  generate(params, seed, index): Task<SudokuParams, SudokuData> {
    validateSudokuParams(params);
    return seededTask({ id: ID, generatorVersion: GENERATOR_VERSION }, params, seed, index, (rng) => {
      const data = drawSudoku(rng, params);
      return { data, prompt: sudokuPrompt(data), solution: formatGrid(data.solution, data.size) };
    });
  },

  verify: neverThrows(verifySudoku),
  hint: hintSudoku,
  validateParams: validateSudokuParams,
  dataProblems: sudokuDataProblems,
};
