/** Data shapes of the maze environment, shared by its generator, verifier, teacher and view. */

/**
 * Maze generation parameters.
 *
 * `rows` and `cols` are the size of the character grid the student sees and must be odd (5–41): rooms sit
 * on even (row, col) positions, the cells between two rooms are passages or walls, and the cells at odd
 * (row, col) positions are always walls. There is no outer wall, so a move can leave the grid.
 */
export interface MazeParams {
  rows: number;
  cols: number;
  /** Inclusive range of the BFS shortest-path length from S to G, in moves. */
  minPath: number;
  maxPath: number;
  /** 0–1: fraction of the walls left after carving a perfect maze that are knocked out to create loops. */
  loopiness: number;
}

/** A cell position, 0-based. */
export interface Cell {
  row: number;
  col: number;
}

/** A generated maze. `grid` holds one string per row of `#` wall, `.` open, `S` start, `G` goal. */
export interface MazeData {
  rows: number;
  cols: number;
  grid: string[];
  start: Cell;
  goal: Cell;
  /** BFS shortest-path length from start to goal, in moves. */
  shortest: number;
}

/** The first error-level problem of an attempt (warnings such as `path.revisit` do not count). */
export interface MazeFirstError {
  step: number;
  row: number;
  col: number;
  code: string;
}

/** `Diagnosis.detail` of a maze attempt. */
export interface MazeDetail {
  /** The moves as read, normalised to `U` / `D` / `L` / `R`. */
  moves: string[];
  /** Cells visited, start included, up to the first illegal move (or up to G when the path reaches it). */
  path: Cell[];
  firstError: MazeFirstError | null;
  /** True iff the attempt is correct and as short as the shortest path. */
  optimal: boolean;
}

/** A single move: up one row, down one row, left one column, right one column. */
export type Move = 'U' | 'D' | 'L' | 'R';
