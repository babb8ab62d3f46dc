/**
 * Maze students' errors: a wrong step, a skipped move, an extra move, a turn the wrong way. The
 * maze's prompt asks for the moves alone inside the answer tags, so an attempt is just that.
 * Each of these changes where the walk ends (a move more, less or different shifts the last cell),
 * so it cannot end on G unless it passes G first, which the verifier flags (`path.past-goal`): the
 * verifier's check in `perturb` is a guard here, where for arithmetic it does real work.
 */
import type { Rng } from '../rng';
import type { Task } from '../envs/types';
import type { Move } from '../envs/maze';
import type { Perturber } from './perturber';

const MOVES: readonly Move[] = ['U', 'D', 'L', 'R'];
const OPPOSITE: Readonly<Record<Move, Move>> = { U: 'D', D: 'U', L: 'R', R: 'L' };

/** The maze's error kinds. */
export const MAZE_ERRORS = ['wrong-step', 'skipped-move', 'extra-move', 'wrong-turn'] as const;

const moves = (task: Task): Move[] => task.solution.split(/\s+/).filter(Boolean) as Move[];
const written = (path: readonly Move[]): string => `<answer>${path.join(' ')}</answer>`;

/** Where the path changes direction (index of the first move after the turn). */
function turns(path: readonly Move[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < path.length; i++) if (path[i] !== path[i - 1]) out.push(i);
  return out;
}

function mazeAttempt(task: Task, kind: string, rng: Rng): string | null {
  const path = moves(task);
  if (path.length === 0) return null;
  const at = rng.int(0, path.length - 1);
  switch (kind) {
    case 'wrong-step': {
      const other = MOVES.filter((m) => m !== path[at]);
      return written(path.map((m, i) => (i === at ? rng.pick(other) : m)));
    }
    case 'skipped-move':
      // A one-move path would become an empty answer: a format slip, not a skipped move.
      return path.length < 2 ? null : written(path.filter((_, i) => i !== at));
    case 'extra-move': {
      const where = rng.int(0, path.length);
      return written([...path.slice(0, where), rng.pick(MOVES), ...path.slice(where)]);
    }
    case 'wrong-turn': {
      // At a bend, turning the other way; a straight path's first move taken backwards.
      const bends = turns(path);
      const i = bends.length > 0 ? rng.pick(bends) : 0;
      return written(path.map((m, j) => (j === i ? OPPOSITE[m] : m)));
    }
    default:
      return null;
  }
}

/** The maze perturber. */
export const mazePerturber: Perturber = {
  envId: 'maze',
  kinds: MAZE_ERRORS,
  reference: (task) => written(moves(task)),
  attempt: mazeAttempt,
};
