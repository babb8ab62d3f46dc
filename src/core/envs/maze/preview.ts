/**
 * The path a person is typing, drawn on the board as they type (issue 13: "a live path preview on the
 * maze"). It is their own input walked on the board they can see, with no verdict: it stops where a
 * move would leave the grid or enter a wall (which the person sees on the board anyway), and says
 * nothing about the goal, so fair play under right/wrong feedback holds.
 */
import { COL_DELTA, ROW_DELTA, isOpenCell } from './grid';
import { parseMoves } from './parse';
import type { Cell, MazeData } from './types';

/**
 * The cells visited from S by the moves in `draft` (as the answer box reads them), up to the first
 * move that leaves the grid or enters a wall; just S when nothing reads as moves yet.
 */
export function previewPath(data: MazeData, draft: string): Cell[] {
  const path: Cell[] = [{ ...data.start }];
  for (const move of parseMoves(draft) ?? []) {
    const at = path.at(-1)!;
    const next = { row: at.row + ROW_DELTA[move], col: at.col + COL_DELTA[move] };
    if (!isOpenCell(data, next.row, next.col)) break;
    path.push(next);
  }
  return path;
}
