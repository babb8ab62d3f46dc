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
  /** disks[i]: the disk move i says it moves ("move disk 2 from A to C"), or null when it names none. */
  disks: Array<number | null>;
  /** A peg letter was left without a partner. */
  dangling: boolean;
}

const ARROWS = /-+>|→|=>|⇒|>|–|—|-/g;
const isPeg = (s: string): s is Peg => s === 'A' || s === 'B' || s === 'C';
/** Pegs numbered 1–3 name A–C, the pegs every prompt names ("on pegs A, B and C"). */
const NUMBERED: Record<string, Peg> = { '1': 'A', '2': 'B', '3': 'C' };
/** Stands for "disk N" while the words around it are read; a private-use character no reply holds. */
const DISK_MARK = '\uE000';
/** "Peg 2", "rod 3", "peg A": the word goes, the peg stays (as a letter). */
const PEG_WORD = /\b(?:peg|pole|rod|tower|stick)s?\s*(?:#\s*)?([123A-Ca-c])\b/gi;
/** "disk 2", "disc #3" (the digits kept behind the mark). */
const DISK_WORD = /\b(?:disk|disc|ring)\s*(?:#\s*)?(\d+)\b/gi;
/** "a disk", "the top disk": the article is not peg A, and such a disk is no particular one. */
const SOME_DISK =
  /\b(?:a|an|the|top|one)\s+(?:(?:top|smallest|largest|next)\s+)?(?:disk|disc|ring)s?\b(?!\s*(?:#\s*)?\d)/gi;
/** "from 1 to 3", "1 -> 3": bare numbers as pegs, only where they plainly are. */
const NUMBER_MOVE = /(?<![\d\uE000])([123])\s*(?:to|-+>|→|=>|⇒|>)\s*([123])(?!\d)/gi;
const TOKENS = /\uE000\d+|[A-Za-z]+/g;

/**
 * Read moves from text. Inside answer tags letters may be any case; in untagged prose only capital
 * A B C count, so articles ("a") are not mistaken for pegs. Words other than pegs are skipped. Pegs may
 * be numbered ("peg 1" is A) and a move may name its disk ("move disk 1 from A to C"): a disk named
 * right after a move that names none belongs to it ("A>C (disk 1)"), otherwise to the next move.
 */
export function readMoves(text: string, anyCase: boolean): ReadMoves {
  const named = text
    .replace(SOME_DISK, ' ')
    .replace(PEG_WORD, (_, peg: string) => ` ${NUMBERED[peg] ?? peg.toUpperCase()} `)
    .replace(DISK_WORD, (_, disk: string) => ` ${DISK_MARK}${disk} `)
    .replace(NUMBER_MOVE, (_, a: string, b: string) => ` ${NUMBERED[a]}>${NUMBERED[b]} `);
  const source = (anyCase ? named.toUpperCase() : named).replace(ARROWS, ' ').replace(/\b(?:TO|to)\b/g, ' ');
  const moves: Move[] = [];
  const disks: Array<number | null> = [];
  let pending: Peg | null = null;
  let dangling = false;
  let disk: number | null = null;
  /** Whether the last token closed a move (a disk named right after it may belong to it). */
  let justMoved = false;
  const push = (move: Move) => {
    moves.push(move);
    disks.push(disk);
    disk = null;
    justMoved = true;
  };
  for (const word of source.match(TOKENS) ?? []) {
    if (word.startsWith(DISK_MARK)) {
      const n = Number(word.slice(1));
      if (justMoved && disks[disks.length - 1] === null && pending === null) disks[disks.length - 1] = n;
      else disk = n;
      justMoved = false;
      continue;
    }
    justMoved = false;
    if (word.length === 1 && isPeg(word)) {
      if (pending) {
        push([pending, word]);
        pending = null;
      } else pending = word;
    } else if (word.length === 2 && isPeg(word[0] ?? '') && isPeg(word[1] ?? '')) {
      if (pending) dangling = true;
      pending = null;
      push([word[0] as Peg, word[1] as Peg]);
    }
  }
  return { moves, disks, dangling: dangling || pending !== null };
}
