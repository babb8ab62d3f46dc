/** The text the student sees for a maze, and the format examples that must never equal the answer. */
import { COL_DELTA, MOVES, ROW_DELTA, isOpenCell } from './grid';
import type { MazeData, Move } from './types';

/** Three-move format examples, tried in order; see `formatExample`. */
const EXAMPLES = ['R R D', 'D D R', 'L L U', 'U U L', 'D R R', 'R D D', 'U L L', 'L U U'];

function blockedFromStart(data: MazeData, move: Move): boolean {
  return !isOpenCell(data, data.start.row + ROW_DELTA[move], data.start.col + COL_DELTA[move]);
}

/**
 * A format example for this maze that is not its answer: its first move is blocked from S when any
 * move is, so it is not even a prefix of a valid path, and it never equals `solution`.
 */
export function formatExample(data: MazeData, solution: string): string {
  const blocked = EXAMPLES.find((e) => e !== solution && blockedFromStart(data, e[0] as Move));
  return blocked ?? (EXAMPLES.find((e) => e !== solution) as string);
}

/** A one-move format example for hints: a blocked move from S, or else any move that is not the answer. */
export function singleMoveExample(data: MazeData, solution: string): Move {
  return MOVES.find((m) => blockedFromStart(data, m)) ?? (MOVES.find((m) => m !== solution) as Move);
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
export function mazePrompt(data: MazeData, solution: string): string {
  const { start, goal } = data;
  return [
    'Find a path through the maze from S (start) to G (goal). # is a wall, . is open.',
    renderLabelledGrid(data),
    `Rows and columns are numbered from 0. S is at row ${start.row}, col ${start.col}; G is at row ${goal.row}, col ${goal.col}.`,
    'Moves: U = up one row, D = down one row, L = left one column, R = right one column. You cannot enter # or leave the grid.',
    `Give the moves from S to G separated by spaces inside answer tags, with nothing else inside, e.g. <answer>${formatExample(data, solution)}</answer>`,
  ].join('\n');
}
