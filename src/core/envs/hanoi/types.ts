/** Parameter and data shapes of the Tower of Hanoi environment. */

export type Peg = 'A' | 'B' | 'C';
export type Move = [Peg, Peg];

export interface HanoiParams {
  /** Fewest disks, 2–6. */
  minDisks: number;
  /** Most disks, minDisks–6. */
  maxDisks: number;
  /** Draw the source and target pegs per item instead of always A → C. */
  variedPegs: boolean;
}

export interface HanoiData {
  disks: number;
  source: Peg;
  target: Peg;
  /** Length of the shortest solution, 2^disks − 1. */
  optimal: number;
}

export interface HanoiDetail {
  /** The moves as read, normalised ("A>C"). */
  moves: string[];
  /** 1-based number of the first illegal move, or null. */
  illegalAt: number | null;
  /** Disks on each peg (bottom first) after the last legal move. */
  pegs: Record<Peg, number[]>;
}
