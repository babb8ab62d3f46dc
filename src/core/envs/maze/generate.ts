/** Maze generation: carve a perfect maze, knock out extra walls, then place S and G at a set distance. */
import type { Rng } from '../../rng';
import { bfs } from './grid';
import type { Cell } from './types';

/** How many random start cells to try before falling back to a start that is sure to work. */
const START_TRIES = 12;

/**
 * Carve a maze into a flat 0/1 mask (1 = open). Rooms sit on even (row, col) positions; a randomised
 * depth-first search opens the passage cells between them (a perfect maze), then a `loopiness` share of
 * the remaining passage walls is opened to give alternative routes.
 */
export function carveMaze(rows: number, cols: number, loopiness: number, rng: Rng): Uint8Array {
  const open = new Uint8Array(rows * cols);
  const roomRows = (rows + 1) >> 1;
  const roomCols = (cols + 1) >> 1;
  const nRooms = roomRows * roomCols;
  const seen = new Uint8Array(nRooms);
  const stack = new Int32Array(nRooms);
  const options = new Int32Array(4);
  let top = 0;
  const first = rng.int(0, nRooms - 1);
  stack[top++] = first;
  seen[first] = 1;
  open[2 * Math.floor(first / roomCols) * cols + 2 * (first % roomCols)] = 1;
  while (top > 0) {
    const room = stack[top - 1] as number;
    const rr = (room / roomCols) | 0;
    const rc = room - rr * roomCols;
    let n = 0;
    if (rr > 0 && seen[room - roomCols] === 0) options[n++] = room - roomCols;
    if (rr < roomRows - 1 && seen[room + roomCols] === 0) options[n++] = room + roomCols;
    if (rc > 0 && seen[room - 1] === 0) options[n++] = room - 1;
    if (rc < roomCols - 1 && seen[room + 1] === 0) options[n++] = room + 1;
    if (n === 0) {
      top--;
      continue;
    }
    const next = options[n === 1 ? 0 : rng.int(0, n - 1)] as number;
    const nr = (next / roomCols) | 0;
    const nc = next - nr * roomCols;
    seen[next] = 1;
    open[2 * nr * cols + 2 * nc] = 1;
    open[(rr + nr) * cols + (rc + nc)] = 1; // the passage between the two rooms
    stack[top++] = next;
  }
  if (loopiness > 0) {
    // Closed passage cells: one coordinate even, the other odd.
    const closed: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = (r & 1) === 0 ? 1 : 0; c < cols; c += 2) {
        if (open[r * cols + c] === 0) closed.push(r * cols + c);
      }
    }
    const knock = Math.round(loopiness * closed.length);
    // Partial Fisher–Yates: the first `knock` entries become a uniform random subset.
    for (let i = 0; i < knock; i++) {
      const j = rng.int(i, closed.length - 1);
      const pick = closed[j] as number;
      closed[j] = closed[i] as number;
      open[pick] = 1;
    }
  }
  return open;
}

/** Start, goal and the BFS distance between them. */
export interface Endpoints {
  start: Cell;
  goal: Cell;
  shortest: number;
}

function goalInRange(
  dist: Int32Array,
  minPath: number,
  maxPath: number,
  rng: Rng,
  cols: number,
): Cell | null {
  let count = 0;
  for (let i = 0; i < dist.length; i++) {
    const d = dist[i] as number;
    if (d >= minPath && d <= maxPath) count++;
  }
  if (count === 0) return null;
  let k = rng.int(0, count - 1);
  for (let i = 0; i < dist.length; i++) {
    const d = dist[i] as number;
    if (d >= minPath && d <= maxPath && k-- === 0) return { row: (i / cols) | 0, col: i % cols };
  }
  return null;
}

/**
 * Place S and G so that their BFS distance lies in [minPath, maxPath]. Random starts are tried first;
 * if none works, the cell farthest from the top-left room is used: it is at least rows + cols - 2 moves
 * from that room and every smaller distance occurs along the way, so (with validated params) some goal
 * is always in range and this terminates.
 * @throws {RangeError} only if params were not validated (minPath beyond the maze's reach).
 */
export function placeEndpoints(
  open: Uint8Array,
  rows: number,
  cols: number,
  minPath: number,
  maxPath: number,
  rng: Rng,
): Endpoints {
  const openCells: number[] = [];
  for (let i = 0; i < open.length; i++) if (open[i] === 1) openCells.push(i);
  const tryStart = (s: number): Endpoints | null => {
    const start = { row: (s / cols) | 0, col: s % cols };
    const dist = bfs(open, rows, cols, start);
    const goal = goalInRange(dist, minPath, maxPath, rng, cols);
    return goal ? { start, goal, shortest: dist[goal.row * cols + goal.col] as number } : null;
  };
  for (let t = 0; t < START_TRIES; t++) {
    const found = tryStart(rng.pick(openCells));
    if (found) return found;
  }
  const fromCorner = bfs(open, rows, cols, { row: 0, col: 0 });
  let far = 0;
  for (let i = 1; i < fromCorner.length; i++)
    if ((fromCorner[i] as number) > (fromCorner[far] as number)) far = i;
  const found = tryStart(far);
  if (!found) throw new RangeError(`maze: no start/goal pair with a shortest path of ${minPath}–${maxPath}`);
  return found;
}

/** Render a mask and endpoints as grid strings of `#`, `.`, `S`, `G`. */
export function renderGrid(open: Uint8Array, rows: number, cols: number, start: Cell, goal: Cell): string[] {
  const grid: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      if (r === start.row && c === start.col) line += 'S';
      else if (r === goal.row && c === goal.col) line += 'G';
      else line += open[r * cols + c] === 1 ? '.' : '#';
    }
    grid.push(line);
  }
  return grid;
}
