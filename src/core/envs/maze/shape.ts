/** The shape of a stored maze task's data (see `shared/shape.ts`). */
import { isIntIn, isString, recordProblems } from '../shared/shape';
import type { MazeParams } from './types';

/**
 * What is wrong with `data` as a maze generated from `params` (valid): the grid is `rows` strings of
 * `cols` characters from `# . S G` with one S at `start` and one G at `goal`, and `shortest` a path
 * length in the params' range. Empty when it is right.
 */
export function mazeDataProblems(params: MazeParams, data: unknown): string[] {
  const { rows, cols } = params;
  return recordProblems(data, (check, d) => {
    check.must('rows', d.rows === rows, `the params' rows (${rows})`);
    check.must('cols', d.cols === cols, `the params' cols (${cols})`);
    const cell = (key: 'start' | 'goal') => {
      const c = d[key] as { row?: unknown; col?: unknown } | null;
      const ok =
        c !== null && typeof c === 'object' && isIntIn(c.row, 0, rows - 1) && isIntIn(c.col, 0, cols - 1);
      check.must(key, ok, `a cell { row, col } inside the ${rows}×${cols} grid`);
      return ok ? (c as { row: number; col: number }) : null;
    };
    const start = cell('start');
    const goal = cell('goal');
    const grid = d.grid;
    const lines =
      Array.isArray(grid) &&
      grid.length === rows &&
      grid.every((line) => isString(line) && line.length === cols && /^[#.SG]*$/.test(line));
    if (check.must('grid', lines, `${rows} strings of ${cols} characters from # . S G`) && start && goal) {
      const text = (grid as string[]).join('');
      const at = (c: { row: number; col: number }) => text[c.row * cols + c.col];
      const one = (ch: string) => text.indexOf(ch) !== -1 && text.indexOf(ch) === text.lastIndexOf(ch);
      if (!one('S') || !one('G') || at(start) !== 'S' || at(goal) !== 'G') {
        check.add('grid must hold one S at start and one G at goal');
      }
    }
    check.must(
      'shortest',
      isIntIn(d.shortest, params.minPath, params.maxPath),
      `a path length from ${params.minPath} to ${params.maxPath}`,
    );
  });
}
