/**
 * The sudoku verifier: read the grid, then report changed givens and repeated digits per row, column
 * and box. Score is the fraction of cells that match the solution.
 */
import { extractAnswer } from '../shared/answer-tag';
import { missingTagIssue, unparseableIssue } from '../shared/issues';
import type { Diagnosis, Issue, Task } from '../types';
import { formatGrid, shapeOf } from './generate';
import { boxOf } from './grid';
import { findGrid, readGrid } from './parse';
import type { SudokuData, SudokuDetail, SudokuParams } from './types';

type Unit = 'row' | 'col' | 'box';

/** Verify an attempt. Never throws. */
export function verifySudoku(task: Task<SudokuParams, SudokuData>, studentText: string): Diagnosis {
  const { size: n, puzzle, solution } = task.data;
  const s = shapeOf(n);
  const issues: Issue[] = [];
  const detail: SudokuDetail = { grid: null, conflicts: [], changed: [] };
  const fail = (): Diagnosis => ({ correct: false, score: 0, issues, parsed: null, detail });

  const { content, tagged } = extractAnswer(studentText);
  if (!tagged) issues.push(missingTagIssue());
  let grid: number[] | null = null;
  if (content !== null) {
    const read = tagged ? readGrid(content, n) : { kind: 'none' as const };
    if (read.kind === 'ok') grid = read.cells;
    else if (read.kind === 'shape') {
      issues.push({
        code: 'shape.wrong',
        message: `The grid has the wrong shape: ${read.reason}.`,
        where: { reason: read.reason },
      });
      return fail();
    } else if (!tagged) grid = findGrid(content, n);
  }
  if (!grid) {
    issues.push(unparseableIssue('grid'));
    return fail();
  }
  detail.grid = grid;

  puzzle.forEach((given, i) => {
    if (given !== 0 && grid[i] !== given) {
      detail.changed.push(i);
      issues.push({
        code: 'given.changed',
        message: `Row ${Math.floor(i / n) + 1}, column ${(i % n) + 1} was given as ${given} but the answer has ${grid[i]}.`,
        where: { row: Math.floor(i / n) + 1, col: (i % n) + 1, given, written: grid[i] ?? null },
      });
    }
  });

  const conflicts = new Set<number>();
  const units: Record<Unit, number[][]> = { row: [], col: [], box: [] };
  for (let i = 0; i < n * n; i++) {
    const r = Math.floor(i / n);
    const c = i % n;
    (units.row[r] ??= []).push(i);
    (units.col[c] ??= []).push(i);
    (units.box[boxOf(s, r, c)] ??= []).push(i);
  }
  const names: Record<Unit, string> = { row: 'Row', col: 'Column', box: 'Box' };
  for (const unit of ['row', 'col', 'box'] as const) {
    units[unit].forEach((cells, u) => {
      for (let digit = 1; digit <= n; digit++) {
        const hits = cells.filter((i) => grid[i] === digit);
        if (hits.length < 2) continue;
        hits.forEach((i) => conflicts.add(i));
        issues.push({
          code: `dup.${unit}`,
          message: `${names[unit]} ${u + 1} has the digit ${digit} ${hits.length} times.`,
          where: { [unit]: u + 1, digit, count: hits.length },
        });
      }
    });
  }
  detail.conflicts = [...conflicts].sort((a, b) => a - b);

  const right = grid.filter((v, i) => v === solution[i]).length;
  const correct = grid.every((v, i) => v === solution[i]);
  if (!correct && !issues.some((i) => i.code !== 'format.missing-tag')) {
    // Unreachable for a unique puzzle (a complete valid grid that keeps the givens is the solution); kept as a guard.
    issues.push({ code: 'grid.wrong', message: 'The grid is not the solution of this puzzle.' });
  }
  return {
    correct,
    score: right / grid.length,
    issues,
    parsed: formatGrid(grid, n),
    detail,
  };
}
