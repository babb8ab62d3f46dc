/** Parameter and data shapes of the mini-sudoku environment. */

export interface SudokuParams {
  /** 4 (2×2 boxes) or 6 (boxes of 2 rows × 3 columns). */
  size: 4 | 6;
  /**
   * How many cells to keep filled: 4–15 for size 4, 8–35 for size 6. The generator removes cells only
   * while the solution stays unique, so a puzzle may keep a few more when no further removal is safe.
   */
  givens: number;
}

export interface SudokuData {
  size: number;
  /** Rows per box and columns per box. */
  boxRows: number;
  boxCols: number;
  /** Row-major cells, 0 for empty. */
  puzzle: number[];
  /** Row-major cells of the unique solution. */
  solution: number[];
}

export interface SudokuDetail {
  /** The grid as read (row-major), or null when its shape is wrong. */
  grid: number[] | null;
  /** Row-major indices of cells in a repeated digit of some row, column or box. */
  conflicts: number[];
  /** Row-major indices of given cells the answer changed. */
  changed: number[];
}
