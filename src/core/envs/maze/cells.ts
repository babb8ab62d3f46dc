/**
 * A maze answer written as the cells it passes through ("(0,0) → (0,1)", "[(0,0),(0,1)]",
 * "r0c0 r0c1"), each as (row, col) like the prompt's "row 0, col 1", turned into moves.
 */
import type { Cell, Move } from './types';

/** One cell: "(r, c)", "[r, c]", "r0c1", "row 0, col 1". */
const CELL =
  /\(\s*(\d+)\s*,\s*(\d+)\s*\)|\[\s*(\d+)\s*,\s*(\d+)\s*\]|\b[rR](\d+)\s*[cC](\d+)\b|\brow\s*(\d+)\s*,?\s*col(?:umn)?\s*(\d+)\b/g;
/** What may stand between cells: arrows, commas, list brackets, a label, "start"/"goal" words. */
const FILLER = /\b(?:then|to|and|from|start|goal|path|cells?|S|G)\b|[\s,;:.|→⟶⇒➡\->=[\]()]/gi;

/** The cells of a text that is nothing but a list of them; null when it is anything else. */
export function readCells(text: string): Cell[] | null {
  const cells: Cell[] = [];
  const rest = text.replace(CELL, (...m: string[]) => {
    const [row, col] = m.slice(1, 9).filter((g) => g !== undefined);
    cells.push({ row: Number(row), col: Number(col) });
    return ' ';
  });
  if (cells.length === 0 || rest.replace(FILLER, '') !== '') return null;
  return cells;
}

/** Where a list of cells skips: the two cells, and the step the move between them would have been. */
export interface CellJump {
  step: number;
  from: Cell;
  to: Cell;
  /** Steps the list still takes from `from` on (the jump itself included). */
  remaining: number;
}

/**
 * The moves of a path of cells from `start`. A list that does not begin on `start` is read as
 * beginning after it. Stops at the first two consecutive cells that are not next to each other.
 */
export function movesFromCells(
  cells: readonly Cell[],
  start: Cell,
): { moves: Move[]; jump: CellJump | null } {
  const first = cells[0];
  const path = first && first.row === start.row && first.col === start.col ? cells : [start, ...cells];
  const moves: Move[] = [];
  for (let i = 1; i < path.length; i++) {
    const from = path[i - 1] as Cell;
    const to = path[i] as Cell;
    const dr = to.row - from.row;
    const dc = to.col - from.col;
    const move: Move | null =
      dr === -1 && dc === 0
        ? 'U'
        : dr === 1 && dc === 0
          ? 'D'
          : dr === 0 && dc === -1
            ? 'L'
            : dr === 0 && dc === 1
              ? 'R'
              : null;
    if (!move) return { moves, jump: { step: i, from, to, remaining: path.length - i } };
    moves.push(move);
  }
  return { moves, jump: null };
}
