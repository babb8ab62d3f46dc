/** Grid geometry shared by the maze generator, verifier and teacher: moves, bounds, walls and BFS. */
import type { Cell, MazeData, Move } from './types';

/** The moves in the fixed order every tie-break uses. */
export const MOVES: readonly Move[] = ['U', 'D', 'L', 'R'];

export const ROW_DELTA: Readonly<Record<Move, number>> = { U: -1, D: 1, L: 0, R: 0 };
export const COL_DELTA: Readonly<Record<Move, number>> = { U: 0, D: 0, L: -1, R: 1 };

/** True when (row, col) lies inside the grid. */
export function inBounds(rows: number, cols: number, row: number, col: number): boolean {
  return row >= 0 && row < rows && col >= 0 && col < cols;
}

/** True when (row, col) is inside the grid and not a wall. */
export function isOpenCell(data: MazeData, row: number, col: number): boolean {
  if (!inBounds(data.rows, data.cols, row, col)) return false;
  const ch = data.grid[row]?.[col];
  return ch !== undefined && ch !== '#';
}

/** The grid as a flat 0/1 array (1 = open), row-major. */
export function openMask(data: MazeData): Uint8Array {
  const mask = new Uint8Array(data.rows * data.cols);
  for (let r = 0; r < data.rows; r++) {
    const line = data.grid[r] ?? '';
    for (let c = 0; c < data.cols; c++) {
      const ch = line[c];
      if (ch !== undefined && ch !== '#') mask[r * data.cols + c] = 1;
    }
  }
  return mask;
}

/**
 * BFS distances (in moves) from `from` over the open cells of a flat mask; -1 marks unreachable cells
 * and walls. Typed arrays keep the hot path allocation-light.
 */
export function bfs(open: Uint8Array, rows: number, cols: number, from: Cell): Int32Array {
  const n = rows * cols;
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const s = from.row * cols + from.col;
  if (!inBounds(rows, cols, from.row, from.col) || open[s] !== 1) return dist;
  dist[s] = 0;
  let head = 0;
  let tail = 0;
  queue[tail++] = s;
  while (head < tail) {
    const i = queue[head++] as number;
    const r = (i / cols) | 0;
    const c = i - r * cols;
    const d = (dist[i] as number) + 1;
    if (r > 0 && open[i - cols] === 1 && dist[i - cols] === -1) {
      dist[i - cols] = d;
      queue[tail++] = i - cols;
    }
    if (r < rows - 1 && open[i + cols] === 1 && dist[i + cols] === -1) {
      dist[i + cols] = d;
      queue[tail++] = i + cols;
    }
    if (c > 0 && open[i - 1] === 1 && dist[i - 1] === -1) {
      dist[i - 1] = d;
      queue[tail++] = i - 1;
    }
    if (c < cols - 1 && open[i + 1] === 1 && dist[i + 1] === -1) {
      dist[i + 1] = d;
      queue[tail++] = i + 1;
    }
  }
  return dist;
}

/**
 * A shortest path from `start` to the cell whose BFS distances are `distToGoal`, as moves. Ties are
 * broken in the fixed order U, D, L, R so the reference answer is deterministic.
 * @throws {RangeError} when the start cannot reach the goal.
 */
export function shortestPathMoves(distToGoal: Int32Array, rows: number, cols: number, start: Cell): Move[] {
  let r = start.row;
  let c = start.col;
  let d = distToGoal[r * cols + c] ?? -1;
  if (d < 0) throw new RangeError(`maze: start (${r}, ${c}) cannot reach the goal`);
  const moves: Move[] = [];
  while (d > 0) {
    let stepped = false;
    for (const m of MOVES) {
      const nr = r + ROW_DELTA[m];
      const nc = c + COL_DELTA[m];
      if (inBounds(rows, cols, nr, nc) && distToGoal[nr * cols + nc] === d - 1) {
        moves.push(m);
        r = nr;
        c = nc;
        d -= 1;
        stepped = true;
        break;
      }
    }
    // Unreachable for a genuine BFS field; guards against a corrupted one looping forever.
    if (!stepped) throw new RangeError('maze: inconsistent distance field');
  }
  return moves;
}

/** Distance-to-goal fields, memoised per maze: verify runs many times on the same task. */
const goalDistanceCache = new WeakMap<MazeData, Int32Array>();

/** BFS distances from the goal of `data` (memoised on the data object, which is never mutated). */
export function distancesToGoal(data: MazeData): Int32Array {
  let dist = goalDistanceCache.get(data);
  if (!dist) {
    dist = bfs(openMask(data), data.rows, data.cols, data.goal);
    goalDistanceCache.set(data, dist);
  }
  return dist;
}
