/** The maze verifier: read the moves, walk them on the grid, and say precisely what went wrong. */
import type { Diagnosis, Issue, Task } from '../types';
import { COL_DELTA, ROW_DELTA, distancesToGoal, inBounds } from './grid';
import { movesFromCells, type CellJump } from './cells';
import { MAZE_ISSUE } from './issues';
import { parseAnswer } from './parse';
import type { Cell, MazeData, MazeDetail, MazeFirstError, MazeParams } from './types';

/** Incorrect attempts never earn more than this, so `score === 1` always means solved. */
const MAX_PARTIAL = 0.99;

function clampPartial(x: number): number {
  return Number.isFinite(x) ? Math.min(MAX_PARTIAL, Math.max(0, x)) : 0;
}

function formatIssues(source: string): Issue[] {
  if (source === 'tag') return [];
  const unclosed = source === 'unclosed-tag';
  return [
    {
      code: MAZE_ISSUE.missingTag,
      message: unclosed
        ? 'The <answer> tag is never closed with </answer>.'
        : 'The moves are not inside <answer></answer> tags.',
      where: { unclosed },
    },
  ];
}

/**
 * Verify a maze attempt. Reaching G ends the walk: any moves after it are flagged `path.past-goal` and
 * make the attempt incorrect (the answer must stop on G), though it earns partial credit. A path that
 * revisits cells is still correct if it ends on G; it is simply not optimal. Never throws.
 *
 * Score: 1 for a shortest path; shortest/length for any other correct path; for incorrect attempts
 * 1 - (distance left from the last legal cell)/(shortest), or shortest/length for `path.past-goal`,
 * clamped to [0, 0.99].
 */
export function verifyMaze(task: Task<MazeParams, MazeData>, studentText: string): Diagnosis {
  const data = task.data;
  const { rows, cols, start, goal, shortest } = data;
  const answer = parseAnswer(studentText);
  const issues = formatIssues(answer.source);
  const fromCells = answer.cells ? movesFromCells(answer.cells, start) : null;
  const moves = fromCells ? fromCells.moves : answer.moves;
  const jump: CellJump | null = fromCells?.jump ?? null;
  // The steps the answer takes: a list of cells that skips still meant its later cells.
  const intended = (moves?.length ?? 0) + (jump?.remaining ?? 0);
  if (!moves) {
    issues.push(
      answer.empty
        ? { code: MAZE_ISSUE.empty, message: 'The answer tag is empty.' }
        : { code: MAZE_ISSUE.unparseable, message: 'No moves could be read from the answer.' },
    );
    const detail: MazeDetail = { moves: [], path: [{ ...start }], firstError: null, optimal: false };
    return { correct: false, score: 0, issues, parsed: null, detail };
  }

  const path: Cell[] = [{ row: start.row, col: start.col }];
  const visited = new Uint8Array(rows * cols);
  visited[start.row * cols + start.col] = 1;
  let r = start.row;
  let c = start.col;
  let firstError: MazeFirstError | null = null;
  let reachedAt = 0; // step on which G was entered; 0 = never
  let revisitSeen = false;
  for (let i = 0; i < moves.length; i++) {
    const move = moves[i] as keyof typeof ROW_DELTA;
    const step = i + 1;
    const nr = r + ROW_DELTA[move];
    const nc = c + COL_DELTA[move];
    const where = { row: r, col: c, direction: move, toRow: nr, toCol: nc };
    if (!inBounds(rows, cols, nr, nc)) {
      issues.push({
        code: MAZE_ISSUE.outOfBounds,
        message: `Move ${step} (${move}) from row ${r}, col ${c} leaves the grid.`,
        step,
        where,
      });
      firstError = { step, row: r, col: c, code: MAZE_ISSUE.outOfBounds };
      break;
    }
    if (data.grid[nr]?.[nc] === '#') {
      issues.push({
        code: MAZE_ISSUE.wall,
        message: `Move ${step} (${move}) from row ${r}, col ${c} runs into the wall at row ${nr}, col ${nc}.`,
        step,
        where,
      });
      firstError = { step, row: r, col: c, code: MAZE_ISSUE.wall };
      break;
    }
    r = nr;
    c = nc;
    path.push({ row: r, col: c });
    const idx = r * cols + c;
    if (visited[idx] === 1 && !revisitSeen) {
      // Only the first revisit is reported: one loop is enough to point at, and it keeps issues short.
      revisitSeen = true;
      issues.push({
        code: MAZE_ISSUE.revisit,
        message: `Move ${step} returns to row ${r}, col ${c}, which the path has already visited.`,
        step,
        where: { row: r, col: c },
      });
    }
    visited[idx] = 1;
    if (r === goal.row && c === goal.col) {
      reachedAt = step;
      break;
    }
  }

  let correct = false;
  let score: number;
  if (firstError === null && reachedAt === 0 && jump) {
    issues.push({
      code: MAZE_ISSUE.jump,
      message: `Step ${jump.step} jumps from row ${jump.from.row}, col ${jump.from.col} to row ${jump.to.row}, col ${jump.to.col}, which is not next to it.`,
      step: jump.step,
      where: { row: jump.from.row, col: jump.from.col, toRow: jump.to.row, toCol: jump.to.col },
    });
    firstError = { step: jump.step, row: r, col: c, code: MAZE_ISSUE.jump };
  }
  if (firstError === null && reachedAt > 0 && reachedAt < intended) {
    const extra = intended - reachedAt;
    issues.push({
      code: MAZE_ISSUE.pastGoal,
      message: `The path reaches G at move ${reachedAt} but goes on for ${extra} more move${extra === 1 ? '' : 's'}.`,
      step: reachedAt + 1,
      where: { row: goal.row, col: goal.col, reachedAt, extra },
    });
    firstError = { step: reachedAt + 1, row: goal.row, col: goal.col, code: MAZE_ISSUE.pastGoal };
    score = clampPartial(shortest / intended);
  } else if (firstError === null && reachedAt > 0) {
    correct = true;
    score = shortest / moves.length;
  } else {
    const remaining = distancesToGoal(data)[r * cols + c] ?? -1;
    if (firstError === null) {
      issues.push({
        code: MAZE_ISSUE.short,
        message: `The path stops at row ${r}, col ${c}, ${remaining} move${remaining === 1 ? '' : 's'} short of G.`,
        step: moves.length,
        where: { row: r, col: c, remaining },
      });
      firstError = { step: moves.length, row: r, col: c, code: MAZE_ISSUE.short };
    }
    score = remaining < 0 || shortest <= 0 ? 0 : clampPartial(1 - remaining / shortest);
  }
  const optimal = correct && moves.length === shortest;
  const detail: MazeDetail = { moves: moves.slice(), path, firstError, optimal };
  return { correct, score, issues, parsed: moves.join(' '), detail };
}
