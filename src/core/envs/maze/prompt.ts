/**
 * The text the student sees for a maze, and its format examples. An example depends on the walls
 * around S (which the reader sees anyway), never on the answer: one that changed when it hit the
 * answer would tell the reader the answer.
 */
import { COL_DELTA, MOVES, ROW_DELTA, isOpenCell } from './grid';
import type { MazeData, Move } from './types';

/** Three-move format examples, tried in order; see `formatExample`. */
const EXAMPLES = ['R R D', 'D D R', 'L L U', 'U U L', 'D R R', 'R D D', 'U L L', 'L U U'];

function blockedFromStart(data: MazeData, move: Move): boolean {
  return !isOpenCell(data, data.start.row + ROW_DELTA[move], data.start.col + COL_DELTA[move]);
}

/**
 * A format example for this maze that is never a valid path: the first of the list whose first move
 * is blocked from S; when S is open on all four sides, enough U moves to leave the grid.
 */
export function formatExample(data: MazeData): string {
  const blocked = EXAMPLES.find((e) => blockedFromStart(data, e[0] as Move));
  return blocked ?? Array.from({ length: data.start.row + 1 }, () => 'U').join(' ');
}

/** A one-move format example for hints: a blocked move from S, or else U. */
export function singleMoveExample(data: MazeData): Move {
  return MOVES.find((m) => blockedFromStart(data, m)) ?? 'U';
}

/** The grid with a column header and row labels (0-based), cells separated by spaces. */
export function renderLabelledGrid(data: MazeData): string {
  const cw = String(data.cols - 1).length;
  const rw = String(data.rows - 1).length;
  const header = Array.from({ length: data.cols }, (_, c) => String(c).padStart(cw)).join(' ');
  const lines = [`${' '.repeat(rw)} ${header}`];
  data.grid.forEach((row, r) => {
    lines.push(`${String(r).padStart(rw)} ${Array.from(row, (ch) => ch.padStart(cw)).join(' ')}`);
  });
  return lines.join('\n');
}

/** The student's prompt: the maze, the symbols, the move convention and the answer format. */
export function mazePrompt(data: MazeData): string {
  const { start, goal } = data;
  return [
    'Find a path through the maze from S (start) to G (goal). # is a wall, . is open.',
    renderLabelledGrid(data),
    `Rows and columns are numbered from 0. S is at row ${start.row}, col ${start.col}; G is at row ${goal.row}, col ${goal.col}.`,
    'Moves: U = up one row, D = down one row, L = left one column, R = right one column. You cannot enter # or leave the grid.',
    `Give the moves from S to G separated by spaces inside answer tags, with nothing else inside, e.g. <answer>${formatExample(data)}</answer>`,
  ].join('\n');
}
