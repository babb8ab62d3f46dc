/** The sudoku rule-based teacher: names the rule broken, then where, then how to look — never a cell's value. */
import { levelledHint, primaryIssue, verdict } from '../shared/hint';
import type { Diagnosis, HintLevel, Issue, Task } from '../types';
import type { SudokuData, SudokuParams } from './types';

const PRIORITY = [
  'format.unparseable',
  'shape.wrong',
  'given.changed',
  'dup.row',
  'dup.col',
  'dup.box',
  'grid.wrong',
  'format.missing-tag',
];

const UNIT_WORDS = {
  'dup.row': ['row', 'Row', 'column and box'],
  'dup.col': ['column', 'Column', 'row and box'],
  'dup.box': ['box', 'Box', 'row and column'],
} as const;

function sentences(task: Task<SudokuParams, SudokuData>, issue: Issue): string[] {
  const n = task.data.size;
  const format = `Write ${n} rows of ${n} digits, separated by spaces, inside <answer></answer>.`;
  const w = issue.where ?? {};
  switch (issue.code) {
    case 'format.unparseable':
      return ['I could not find a grid in your reply.', format, `${format} Use only the digits 1 to ${n}.`];
    case 'shape.wrong':
      return [
        'Your grid does not have the right shape.',
        `Your grid does not have the right shape: ${String(w.reason)}.`,
        `Your grid does not have the right shape: ${String(w.reason)}. ${format}`,
      ];
    case 'given.changed':
      return [
        'You changed one of the given numbers.',
        `Row ${String(w.row)}, column ${String(w.col)} is given; keep it as it is.`,
        `Row ${String(w.row)}, column ${String(w.col)} is given as ${String(w.given)}, but you wrote ${String(w.written)}. Keep every given number and fill only the dots.`,
      ];
    case 'dup.row':
    case 'dup.col':
    case 'dup.box': {
      const [unit, Unit, others] = UNIT_WORDS[issue.code];
      const index = String(w[issue.code.slice(4)]);
      return [
        `Some ${unit} repeats a digit.`,
        `${Unit} ${index} has the digit ${String(w.digit)} more than once.`,
        `${Unit} ${index} has the digit ${String(w.digit)} more than once. For each of those cells, check which digits its ${others} still allow.`,
      ];
    }
    default:
      return [issue.message];
  }
}

/** The hint for a diagnosis at a level. Never contains the solution grid. */
export function hintSudoku(
  task: Task<SudokuParams, SudokuData>,
  diagnosis: Diagnosis,
  level: HintLevel,
): string {
  const issue = primaryIssue(diagnosis.issues, PRIORITY);
  if (level === 0 || !issue) return verdict(diagnosis);
  if (diagnosis.correct) return `${verdict(diagnosis)} Next time put the grid inside <answer></answer>.`;
  return levelledHint(task.solution, diagnosis, level, sentences(task, issue));
}
