/** Tower of Hanoi moves: the optimal sequence, and lenient reading of "A>C", "A->C", "AC", "A to C". */
import type { Move, Peg } from './types';

/** The shortest solution moving `disks` disks from `from` to `to`. */
export function optimalMoves(disks: number, from: Peg, to: Peg): Move[] {
  const spare = (['A', 'B', 'C'] as const).find((p) => p !== from && p !== to) as Peg;
  if (disks === 0) return [];
  return [...optimalMoves(disks - 1, from, spare), [from, to], ...optimalMoves(disks - 1, spare, to)];
}

export const formatMoves = (moves: readonly Move[]): string => moves.map(([f, t]) => `${f}>${t}`).join(' ');

export interface ReadMoves {
  moves: Move[];
  /** A peg letter was left without a partner. */
  dangling: boolean;
}

const ARROWS = /-+>|→|=>|⇒|>|–|—|-/g;
const isPeg = (s: string): s is Peg => s === 'A' || s === 'B' || s === 'C';

/**
 * Read moves from text. Inside answer tags letters may be any case; in untagged prose only capital
 * A B C count, so articles ("a") are not mistaken for pegs. Words other than pegs are skipped.
 */
export function readMoves(text: string, anyCase: boolean): ReadMoves {
  const source = (anyCase ? text.toUpperCase() : text).replace(ARROWS, ' ').replace(/\b(?:TO|to)\b/g, ' ');
  const moves: Move[] = [];
  let pending: Peg | null = null;
  let dangling = false;
  for (const word of source.split(/[^A-Za-z]+/)) {
    if (word.length === 1 && isPeg(word)) {
      if (pending) {
        moves.push([pending, word]);
        pending = null;
      } else pending = word;
    } else if (word.length === 2 && isPeg(word[0] ?? '') && isPeg(word[1] ?? '')) {
      if (pending) dangling = true;
      pending = null;
      moves.push([word[0] as Peg, word[1] as Peg]);
    }
  }
  return { moves, dangling: dangling || pending !== null };
}
