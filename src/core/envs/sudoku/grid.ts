/** Sudoku grids: a seeded full grid from a shuffled pattern, and a bitmask solution counter. */
import type { Rng } from '../../rng';

/** Geometry of an n×n grid with boxes of `boxRows` × `boxCols` cells. */
export interface Shape {
  n: number;
  boxRows: number;
  boxCols: number;
}

export const boxOf = (s: Shape, r: number, c: number): number =>
  Math.floor(r / s.boxRows) * (s.n / s.boxCols) + Math.floor(c / s.boxCols);

/**
 * A random full grid: the classic pattern, then a shuffle of digits, of row bands and the rows inside
 * them, of column stacks and the columns inside them (and a transpose when boxes are square). Every
 * such shuffle keeps all rows, columns and boxes valid.
 */
export function randomFullGrid(rng: Rng, s: Shape): number[] {
  const { n, boxRows: br, boxCols: bc } = s;
  const digits = rng.shuffle(Array.from({ length: n }, (_, i) => i + 1));
  const permuteGroups = (groups: number, width: number): number[] =>
    rng
      .shuffle(Array.from({ length: groups }, (_, g) => g))
      .flatMap((g) => rng.shuffle(Array.from({ length: width }, (_, i) => g * width + i)));
  const rows = permuteGroups(n / br, br);
  const cols = permuteGroups(n / bc, bc);
  const transpose = br === bc && rng.chance(0.5);
  const grid: number[] = new Array<number>(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const pr = rows[r] as number;
      const pc = cols[c] as number;
      const [x, y] = transpose ? [pc, pr] : [pr, pc];
      grid[r * n + c] = digits[(bc * (x % br) + Math.floor(x / br) + y) % n] as number;
    }
  }
  return grid;
}

/** The unshuffled pattern grid (used as the prompt's format example). */
export function patternGrid(s: Shape): number[] {
  const { n, boxRows: br, boxCols: bc } = s;
  return Array.from({ length: n * n }, (_, i) => {
    const r = Math.floor(i / n);
    return ((bc * (r % br) + Math.floor(r / br) + (i % n)) % n) + 1;
  });
}

/** Count solutions of a puzzle (0 = empty cell), stopping at `limit`. Depth-first, fewest candidates first. */
export function countSolutions(puzzle: readonly number[], s: Shape, limit = 2): number {
  const { n } = s;
  const full = (1 << (n + 1)) - 2;
  const rows = new Int32Array(n);
  const cols = new Int32Array(n);
  const boxes = new Int32Array(n);
  const empties: number[] = [];
  for (let i = 0; i < n * n; i++) {
    const v = puzzle[i] as number;
    const r = Math.floor(i / n);
    const c = i % n;
    if (v === 0) {
      empties.push(i);
      continue;
    }
    const bit = 1 << v;
    const b = boxOf(s, r, c);
    if ((rows[r] as number) & bit || (cols[c] as number) & bit || (boxes[b] as number) & bit) return 0;
    rows[r] = (rows[r] as number) | bit;
    cols[c] = (cols[c] as number) | bit;
    boxes[b] = (boxes[b] as number) | bit;
  }
  const boxIndex = empties.map((i) => boxOf(s, Math.floor(i / n), i % n));
  let count = 0;
  const solve = (left: number): void => {
    if (left === 0) {
      count++;
      return;
    }
    // Pick the open cell with the fewest candidates.
    let best = -1;
    let bestMask = 0;
    let bestCount = n + 1;
    for (let k = 0; k < left; k++) {
      const i = empties[k] as number;
      const mask =
        full &
        ~(
          (rows[Math.floor(i / n)] as number) |
          (cols[i % n] as number) |
          (boxes[boxIndex[k] as number] as number)
        );
      let bits = 0;
      for (let m = mask; m; m &= m - 1) bits++;
      if (bits < bestCount) {
        best = k;
        bestMask = mask;
        bestCount = bits;
        if (bits <= 1) break;
      }
    }
    if (bestCount === 0) return;
    // Move the chosen cell to the end of the open list so the first `left - 1` stay open.
    const last = left - 1;
    [empties[best], empties[last]] = [empties[last] as number, empties[best] as number];
    [boxIndex[best], boxIndex[last]] = [boxIndex[last] as number, boxIndex[best] as number];
    const i = empties[last] as number;
    const r = Math.floor(i / n);
    const c = i % n;
    const b = boxIndex[last] as number;
    for (let m = bestMask; m && count < limit; m &= m - 1) {
      const bit = m & -m;
      rows[r] = (rows[r] as number) | bit;
      cols[c] = (cols[c] as number) | bit;
      boxes[b] = (boxes[b] as number) | bit;
      solve(last);
      rows[r] = (rows[r] as number) & ~bit;
      cols[c] = (cols[c] as number) & ~bit;
      boxes[b] = (boxes[b] as number) & ~bit;
    }
  };
  solve(empties.length);
  return count;
}
