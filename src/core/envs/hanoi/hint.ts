/** The Tower of Hanoi rule-based teacher: the first broken rule, then where, then the strategy. */
import { levelledHint, primaryIssue, verdict } from '../shared/hint';
import type { Diagnosis, HintLevel, Issue, Task } from '../types';
import type { HanoiData, HanoiParams } from './types';

const PRIORITY = [
  'format.unparseable',
  'move.same-peg',
  'move.empty-peg',
  'move.wrong-disk',
  'move.larger-on-smaller',
  'state.unsolved',
  'format.incomplete-move',
  'move.undo',
  'format.missing-tag',
];

/**
 * The recursive idea, in words, for this task's pegs. For one or two disks the named version is the
 * whole solution (for two: source to spare, source to target, spare to target), so those towers get
 * the rule behind it without the pegs.
 */
function strategy(data: HanoiData): string {
  if (data.disks <= 2) {
    return 'The largest disk can only move when every smaller disk is off it and off the peg it goes to.';
  }
  const spare = (['A', 'B', 'C'] as const).find((p) => p !== data.source && p !== data.target);
  return `To move the whole tower to peg ${data.target}, first move the ${data.disks - 1} smaller disks to peg ${spare}, then the largest disk to peg ${data.target}, then the smaller disks on top of it.`;
}

function sentences(task: Task<HanoiParams, HanoiData>, issue: Issue): string[] {
  const w = issue.where ?? {};
  const step = issue.step ?? 0;
  switch (issue.code) {
    case 'format.unparseable':
    case 'format.incomplete-move': {
      const format = 'Write each move as FROM>TO, like A>B, separated by spaces, inside <answer></answer>.';
      return ['I could not read all of your moves.', format, format];
    }
    case 'move.same-peg':
      return [
        'One of your moves goes from a peg to the same peg.',
        `Move ${step} goes from peg ${String(w.peg)} to itself.`,
        `Move ${step} goes from peg ${String(w.peg)} to itself. Every move must take a disk to a different peg.`,
      ];
    case 'move.empty-peg':
      return [
        'One of your moves takes a disk from an empty peg.',
        `Move ${step} takes from peg ${String(w.peg)}, which is empty at that point.`,
        `Move ${step} takes from peg ${String(w.peg)}, which is empty at that point. Track where every disk is after each move.`,
      ];
    case 'move.wrong-disk':
      return [
        'One of your moves names a disk that is not on top of its peg.',
        `Move ${step} says it moves disk ${String(w.named)}, but the top disk on peg ${String(w.peg)} is disk ${String(w.disk)}.`,
        `Move ${step} says it moves disk ${String(w.named)}, but the top disk on peg ${String(w.peg)} is disk ${String(w.disk)}. Track where every disk is after each move.`,
      ];
    case 'move.larger-on-smaller':
      return [
        'One of your moves puts a larger disk on a smaller one.',
        `Move ${step} puts disk ${String(w.disk)} on the smaller disk ${String(w.onto)}.`,
        `Move ${step} puts disk ${String(w.disk)} on the smaller disk ${String(w.onto)}. ${strategy(task.data)}`,
      ];
    case 'state.unsolved':
      return [
        'Your moves are legal, but the tower is not finished.',
        `After your last move, ${String(w.onTarget)} of ${String(w.disks)} disks are on peg ${String(w.target)}.`,
        `After your last move, ${String(w.onTarget)} of ${String(w.disks)} disks are on peg ${String(w.target)}. ${strategy(task.data)}`,
      ];
    case 'move.undo':
      return [
        'One move undoes the move before it.',
        `Move ${step} undoes move ${step - 1}.`,
        `Move ${step} undoes move ${step - 1}; drop both.`,
      ];
    default:
      return [issue.message];
  }
}

/** The hint for a diagnosis at a level. Never contains the move list. */
export function hintHanoi(
  task: Task<HanoiParams, HanoiData>,
  diagnosis: Diagnosis,
  level: HintLevel,
): string {
  if (level === 0) return verdict(diagnosis);
  if (diagnosis.correct) {
    const long = diagnosis.issues.find((i) => i.code === 'moves.not-optimal');
    return long
      ? `${verdict(diagnosis)} It can be done in ${String(long.where?.optimal)} moves; can you find a shorter way?`
      : verdict(diagnosis);
  }
  const issue = primaryIssue(diagnosis.issues, PRIORITY);
  if (!issue) return verdict(diagnosis);
  return levelledHint(task.solution, diagnosis, level, sentences(task, issue));
}
