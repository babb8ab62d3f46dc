/**
 * The sudoku generator: a full grid from a shuffled pattern, then cells removed in random order,
 * each removal kept only while the solution counter still finds exactly one solution. Uniqueness
 * holds by construction.
 */
import type { Rng } from '../../rng';
import { countSolutions, randomFullGrid, type Shape } from './grid';
import type { SudokuData, SudokuParams } from './types';

/** Fresh grids to try when removal gets stuck above the wanted number of givens. */
const MAX_GRIDS = 6;

export const shapeOf = (size: number): Shape =>
  size === 6 ? { n: 6, boxRows: 2, boxCols: 3 } : { n: 4, boxRows: 2, boxCols: 2 };

function carve(rng: Rng, solution: readonly number[], s: Shape, givens: number): number[] {
  const puzzle = solution.slice();
  let filled = puzzle.length;
  for (const cell of rng.shuffle(puzzle.map((_, i) => i))) {
    if (filled <= givens) break;
    const keep = puzzle[cell] as number;
    puzzle[cell] = 0;
    if (countSolutions(puzzle, s, 2) === 1) filled--;
    else puzzle[cell] = keep;
  }
  return puzzle;
}

/** Draw a puzzle with a unique solution. Params must already be valid. */
export function drawSudoku(rng: Rng, p: SudokuParams): SudokuData {
  const s = shapeOf(p.size);
  let best: { puzzle: number[]; solution: number[]; filled: number } | null = null;
  for (let attempt = 0; attempt < MAX_GRIDS; attempt++) {
    const solution = randomFullGrid(rng, s);
    const puzzle = carve(rng, solution, s, p.givens);
    const filled = puzzle.filter((v) => v !== 0).length;
    if (!best || filled < best.filled) best = { puzzle, solution, filled };
    if (filled <= p.givens) break;
  }
  const { puzzle, solution } = best as { puzzle: number[]; solution: number[] };
  return { size: s.n, boxRows: s.boxRows, boxCols: s.boxCols, puzzle, solution };
}

/** Rows of digits separated by spaces: the answer format. */
export function formatGrid(cells: readonly number[], n: number): string {
  const rows: string[] = [];
  for (let r = 0; r < n; r++) rows.push(cells.slice(r * n, r * n + n).join(''));
  return rows.join(' ');
}

/** The student's prompt, with the puzzle drawn one row per line and one fixed format example per size. */
export function sudokuPrompt(data: SudokuData): string {
  const { size: n, boxRows, boxCols } = data;
  // The same example for every puzzle of a size, and never a solution (every row is 1 to n, so the
  // columns repeat): one that changed when it was the solution told the reader the solution.
  const example = formatGrid(
    Array.from({ length: n * n }, (_, i) => (i % n) + 1),
    n,
  );
  const rows: string[] = [];
  for (let r = 0; r < n; r++) {
    rows.push(
      data.puzzle
        .slice(r * n, r * n + n)
        .map((v) => (v === 0 ? '.' : String(v)))
        .join(' '),
    );
  }
  const box =
    boxRows === boxCols
      ? `${boxRows}×${boxCols} box`
      : `${boxRows}×${boxCols} box (${boxRows} rows, ${boxCols} columns)`;
  return (
    `Fill in this ${n}×${n} sudoku: every row, column and ${box} must hold the digits 1–${n} once each. Dots are empty cells.\n` +
    `${rows.join('\n')}\n` +
    `Answer with the full grid inside answer tags: ${n} rows of ${n} digits, rows separated by spaces, e.g. <answer>${example}</answer>.`
  );
}
