/**
 * The Tower of Hanoi verifier: simulate the moves, stop at the first illegal one, and check the final
 * state. Correct iff every move is legal and the tower ends on the target; optimality is kept apart
 * in the score (shortest length / length).
 */
import { extractAnswer } from '../shared/answer-tag';
import { missingTagIssue, unparseableIssue } from '../shared/issues';
import type { Diagnosis, Issue, Task } from '../types';
import { readMoves } from './moves';
import type { HanoiData, HanoiDetail, HanoiParams, Peg } from './types';

/** Verify an attempt. Never throws. */
export function verifyHanoi(task: Task<HanoiParams, HanoiData>, studentText: string): Diagnosis {
  const { disks, source, target, optimal } = task.data;
  const issues: Issue[] = [];
  const pegs: Record<Peg, number[]> = { A: [], B: [], C: [] };
  for (let d = disks; d >= 1; d--) pegs[source].push(d);
  const detail: HanoiDetail = { moves: [], illegalAt: null, pegs };

  const { content, tagged } = extractAnswer(studentText);
  if (!tagged) issues.push(missingTagIssue());
  const read = content === null ? { moves: [], disks: [], dangling: false } : readMoves(content, tagged);
  if (read.moves.length === 0) {
    issues.push(unparseableIssue('moves'));
    return { correct: false, score: 0, issues, parsed: null, detail };
  }
  detail.moves = read.moves.map(([f, t]) => `${f}>${t}`);
  if (read.dangling) {
    issues.push({
      code: 'format.incomplete-move',
      message: 'A peg letter has no partner: every move needs FROM>TO.',
    });
  }

  for (let i = 0; i < read.moves.length; i++) {
    const [from, to] = read.moves[i] as [Peg, Peg];
    const step = i + 1;
    if (from === to) {
      issues.push({
        code: 'move.same-peg',
        message: `Move ${step} (${from}>${to}) goes nowhere.`,
        step,
        where: { peg: from },
      });
      detail.illegalAt = step;
      break;
    }
    const disk = pegs[from][pegs[from].length - 1];
    if (disk === undefined) {
      issues.push({
        code: 'move.empty-peg',
        message: `Move ${step} (${from}>${to}) takes from peg ${from}, which is empty.`,
        step,
        where: { peg: from },
      });
      detail.illegalAt = step;
      break;
    }
    const named = read.disks[i];
    if (named !== null && named !== undefined && named !== disk) {
      // The move says which disk it moves and is wrong about it: the student's picture of the pegs
      // has gone astray here, even if the letters alone would make a legal move.
      issues.push({
        code: 'move.wrong-disk',
        message: `Move ${step} (${from}>${to}) says it moves disk ${named}, but the top disk on peg ${from} is disk ${disk}.`,
        step,
        where: { named, disk, peg: from },
      });
      detail.illegalAt = step;
      break;
    }
    const below = pegs[to][pegs[to].length - 1];
    if (below !== undefined && below < disk) {
      issues.push({
        code: 'move.larger-on-smaller',
        message: `Move ${step} (${from}>${to}) puts disk ${disk} on the smaller disk ${below}.`,
        step,
        where: { disk, onto: below, peg: to },
      });
      detail.illegalAt = step;
      break;
    }
    const prev = read.moves[i - 1];
    if (prev && prev[0] === to && prev[1] === from) {
      issues.push({
        code: 'move.undo',
        message: `Move ${step} (${from}>${to}) undoes the move before it.`,
        step,
        where: { move: `${from}>${to}` },
      });
    }
    pegs[from].pop();
    pegs[to].push(disk);
  }

  const solved = detail.illegalAt === null && pegs[target].length === disks;
  if (detail.illegalAt === null && !solved) {
    issues.push({
      code: 'state.unsolved',
      message: `After the last move ${pegs[target].length} of ${disks} disks are on peg ${target}.`,
      where: { onTarget: pegs[target].length, disks, target },
    });
  }
  if (solved && read.moves.length > optimal) {
    issues.push({
      code: 'moves.not-optimal',
      message: `Solved in ${read.moves.length} moves; the shortest solution has ${optimal}.`,
      where: { moves: read.moves.length, optimal },
    });
  }
  return {
    correct: solved,
    score: solved ? optimal / read.moves.length : 0,
    issues,
    parsed: detail.moves.join(' '),
    detail,
  };
}
