/**
 * The rule-based maze teacher. Each level adds to the one below: 0 the verdict, 1 the kind of problem,
 * 2 where it happens, 3 a nudge (distance left, open neighbours) that still hides the path.
 *
 * Leak discipline: a hint names at most one move letter (the student's own failed move, or a one-move
 * format example that is blocked from S), so it can never spell out the reference path or a run of it.
 * Neighbouring cells are named by coordinates, not by direction.
 */
import type { Diagnosis, HintLevel, Issue, Task } from '../types';
import { COL_DELTA, MOVES, ROW_DELTA, distancesToGoal, isOpenCell } from './grid';
import { MAZE_ISSUE } from './issues';
import { singleMoveExample } from './prompt';
import type { MazeData, MazeDetail, MazeParams } from './types';

const at = (row: unknown, col: unknown) => `row ${String(row)}, col ${String(col)}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function num(issue: Issue, key: string): number {
  const v = issue.where?.[key];
  return typeof v === 'number' ? v : -1;
}

function openNeighbours(data: MazeData, row: number, col: number): string {
  const cells = MOVES.map((m) => [row + ROW_DELTA[m], col + COL_DELTA[m]] as const)
    .filter(([r, c]) => isOpenCell(data, r, c))
    .map(([r, c]) => at(r, c));
  if (cells.length === 0) return 'it has no open neighbours';
  if (cells.length === 1) return `its only open neighbour is ${cells[0]}`;
  return `its open neighbours are ${cells.slice(0, -1).join('; ')} and ${cells[cells.length - 1]}`;
}

function distanceLeft(data: MazeData, row: number, col: number): string {
  const d = distancesToGoal(data)[row * data.cols + col] ?? -1;
  return d >= 0 ? `G is still ${plural(d, 'move')} away` : 'G cannot be reached from there';
}

function formatHint(task: Task<MazeParams, MazeData>, issue: Issue, level: HintLevel): string {
  const verdict = 'Not quite: I could not read any moves in your answer.';
  if (level === 0) return verdict;
  const example = `<answer>${singleMoveExample(task.data)}</answer>`;
  const parts = [verdict];
  parts.push(
    issue.code === MAZE_ISSUE.empty
      ? `Your answer tag is empty: put your moves inside it, e.g. ${example} for a single move.`
      : `Inside the answer tags write only the move letters, e.g. ${example} for a single move.`,
  );
  if (level >= 2) parts.push('Put one letter per move and separate the moves with spaces; add no words.');
  if (level >= 3) parts.push('Start from S, end on G, and use the move letters defined in the task.');
  return parts.join(' ');
}

function correctHint(diagnosis: Diagnosis, data: MazeData, level: HintLevel): string {
  const detail = diagnosis.detail as MazeDetail | undefined;
  const length = detail?.moves.length ?? data.shortest;
  const optimal = detail?.optimal ?? length === data.shortest;
  if (level === 0) return 'Correct.';
  const parts = [optimal ? 'Correct: that is a shortest path.' : 'Correct, but there is a shorter path.'];
  if (!optimal && level >= 2) {
    parts.push(`Yours takes ${plural(length, 'move')}; the shortest takes ${plural(data.shortest, 'move')}.`);
  }
  if (!optimal && level >= 3) {
    const revisit = diagnosis.issues.find((i) => i.code === MAZE_ISSUE.revisit);
    parts.push(
      revisit
        ? `You pass ${at(revisit.where?.row, revisit.where?.col)} twice (move ${revisit.step}), so part of your path is a loop you can cut.`
        : 'Look for a route with fewer moves.',
    );
  }
  return parts.join(' ');
}

function pathHint(task: Task<MazeParams, MazeData>, issue: Issue, level: HintLevel): string {
  const data = task.data;
  const row = num(issue, 'row');
  const col = num(issue, 'col');
  const move = String(issue.where?.direction ?? '');
  switch (issue.code) {
    case MAZE_ISSUE.wall:
    case MAZE_ISSUE.outOfBounds: {
      const wall = issue.code === MAZE_ISSUE.wall;
      const parts = ['Not quite: your path does not reach the goal.'];
      if (level >= 1) parts.push(wall ? 'Your path runs into a wall (#).' : 'Your path leaves the grid.');
      if (level >= 2) {
        parts.push(
          wall
            ? `Move ${issue.step} goes ${move} from ${at(row, col)} into the wall at ${at(num(issue, 'toRow'), num(issue, 'toCol'))}.`
            : `Move ${issue.step} goes ${move} from ${at(row, col)}, off the edge of the grid.`,
        );
      }
      if (level >= 3)
        parts.push(
          `From ${at(row, col)} ${distanceLeft(data, row, col)}; ${openNeighbours(data, row, col)}.`,
        );
      return parts.join(' ');
    }
    case MAZE_ISSUE.short: {
      const parts = ['Not quite: your path does not reach the goal.'];
      if (level >= 1) parts.push('Your path stops before it reaches G.');
      if (level >= 2) parts.push(`It ends at ${at(row, col)} after ${plural(issue.step ?? 0, 'move')}.`);
      if (level >= 3)
        parts.push(`From there ${distanceLeft(data, row, col)}; ${openNeighbours(data, row, col)}.`);
      return parts.join(' ');
    }
    case MAZE_ISSUE.pastGoal: {
      const parts = ['Not quite: your path does not stop on the goal.'];
      if (level >= 1) parts.push('Your path reaches G but keeps going after it.');
      if (level >= 2) {
        const extra = num(issue, 'extra');
        parts.push(
          `You reach G on move ${num(issue, 'reachedAt')}; drop the ${plural(extra, 'move')} after it.`,
        );
      }
      if (level >= 3) parts.push('End your answer with the move that lands on G.');
      return parts.join(' ');
    }
    case MAZE_ISSUE.jump: {
      const parts = ['Not quite: your path does not reach the goal.'];
      if (level >= 1) parts.push('Two cells next to each other in your list are not neighbours in the grid.');
      if (level >= 2) {
        parts.push(
          `Step ${issue.step} goes from ${at(row, col)} straight to ${at(num(issue, 'toRow'), num(issue, 'toCol'))}; each cell must be one move from the one before.`,
        );
      }
      if (level >= 3) parts.push(`From ${at(row, col)} ${openNeighbours(data, row, col)}.`);
      return parts.join(' ');
    }
    default:
      return 'Not quite: your path does not reach the goal.';
  }
}

const PATH_CODES: readonly string[] = [
  MAZE_ISSUE.wall,
  MAZE_ISSUE.outOfBounds,
  MAZE_ISSUE.pastGoal,
  MAZE_ISSUE.jump,
  MAZE_ISSUE.short,
];

/**
 * The rule-based teacher's message for a maze diagnosis. Never contains the reference path (see the
 * module comment); when moves were read without answer tags it adds a reminder about the format.
 */
export function mazeHint(task: Task<MazeParams, MazeData>, diagnosis: Diagnosis, level: HintLevel): string {
  const issues = diagnosis.issues ?? [];
  const unreadable = issues.find((i) => i.code === MAZE_ISSUE.unparseable || i.code === MAZE_ISSUE.empty);
  if (unreadable) return formatHint(task, unreadable, level);
  let text: string;
  if (diagnosis.correct) {
    text = correctHint(diagnosis, task.data, level);
  } else {
    const problem = issues.find((i) => PATH_CODES.includes(i.code));
    text = problem ? pathHint(task, problem, level) : 'Not quite: your path does not reach the goal.';
  }
  const tag = issues.find((i) => i.code === MAZE_ISSUE.missingTag);
  if (tag && level >= 1) {
    // No example here: the message above may already name one move, and the moves were readable anyway.
    text +=
      tag.where?.unclosed === true
        ? ' Also close your answer with </answer>.'
        : ' Also put your moves inside <answer></answer> tags.';
  }
  return text;
}
