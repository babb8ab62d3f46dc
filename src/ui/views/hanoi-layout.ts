/** Pure helpers for the Tower of Hanoi view: start state, disk colours and per-move marks. */
import type { Peg } from '../../core/envs/hanoi/types';
import type { Issue } from '../../core/envs/types';

/** The start: every disk on `source`, largest at the bottom. */
export function startPegs(disks: number, source: Peg): Record<Peg, number[]> {
  const pegs: Record<Peg, number[]> = { A: [], B: [], C: [] };
  for (let d = disks; d >= 1; d--) pegs[source].push(d);
  return pegs;
}

/** The attempt's pegs when they are well-formed (stored data may come from an older run), else the start. */
export function shownPegs(pegs: unknown, disks: number, source: Peg): Record<Peg, number[]> {
  const p = pegs as Partial<Record<Peg, unknown>> | null | undefined;
  const ok = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isInteger(d));
  if (p && ok(p.A) && ok(p.B) && ok(p.C)) return { A: p.A, B: p.B, C: p.C };
  return startPegs(disks, source);
}

// Distinct hues that avoid the verdict colours (green = right, red = wrong); the number is on the disk too.
const DISK_COLOURS = ['#2357c6', '#0f7c8a', '#6a3fa0', '#a86b00', '#4a5568', '#8a4b2a'];

/** The fill of disk `d` (1 = smallest). */
export const diskColour = (d: number): string => DISK_COLOURS[(d - 1) % DISK_COLOURS.length] ?? '#4a5568';

export type MoveState = 'played' | 'undo' | 'illegal' | 'skipped';

export interface MoveMark {
  /** 1-based move number. */
  step: number;
  /** "A>C". */
  move: string;
  state: MoveState;
}

/**
 * How each move of an attempt is drawn: played, played but undoing the one before, the first illegal
 * move, or after it (never simulated).
 */
export function moveMarks(
  moves: readonly string[],
  illegalAt: number | null,
  issues: readonly Issue[],
): MoveMark[] {
  const undo = new Set(issues.filter((i) => i.code === 'move.undo').map((i) => i.step));
  return moves.map((move, k) => {
    const step = k + 1;
    const state: MoveState =
      illegalAt === null || step < illegalAt
        ? undo.has(step)
          ? 'undo'
          : 'played'
        : step === illegalAt
          ? 'illegal'
          : 'skipped';
    return { step, move, state };
  });
}
