/**
 * Tower of Hanoi students' errors: a move to the wrong peg, two moves in the wrong order, a skipped
 * move, an extra move. The prompt asks for FROM>TO moves inside the answer tags, so an attempt is
 * just that.
 */
import type { Rng } from '../rng';
import type { Task } from '../envs/types';
import type { Peg } from '../envs/hanoi';
import type { Perturber } from './perturber';

/** The hanoi error kinds. */
export const HANOI_ERRORS = ['wrong-peg', 'swapped-moves', 'skipped-move', 'extra-move'] as const;

const PEGS: readonly Peg[] = ['A', 'B', 'C'];
const moves = (task: Task): string[] => task.solution.split(/\s+/).filter(Boolean);
const written = (path: readonly string[]): string => `<answer>${path.join(' ')}</answer>`;

function hanoiAttempt(task: Task, kind: string, rng: Rng): string | null {
  const path = moves(task);
  if (path.length === 0) return null;
  const at = rng.int(0, path.length - 1);
  switch (kind) {
    case 'wrong-peg': {
      const [from, to] = (path[at] as string).split('>') as [Peg, Peg];
      const other = PEGS.find((p) => p !== from && p !== to) as Peg;
      return written(path.map((m, i) => (i === at ? `${from}>${other}` : m)));
    }
    case 'swapped-moves': {
      if (path.length < 2) return null;
      const i = Math.min(at, path.length - 2);
      const next = [...path];
      [next[i], next[i + 1]] = [path[i + 1] as string, path[i] as string];
      return written(next);
    }
    case 'skipped-move':
      return path.length < 2 ? null : written(path.filter((_, i) => i !== at));
    case 'extra-move': {
      const from = rng.pick(PEGS);
      const to = rng.pick(PEGS.filter((p) => p !== from));
      const where = rng.int(0, path.length);
      return written([...path.slice(0, where), `${from}>${to}`, ...path.slice(where)]);
    }
    default:
      return null;
  }
}

/** The hanoi perturber. */
export const hanoiPerturber: Perturber = {
  envId: 'hanoi',
  kinds: HANOI_ERRORS,
  reference: (task) => written(moves(task)),
  attempt: hanoiAttempt,
};
