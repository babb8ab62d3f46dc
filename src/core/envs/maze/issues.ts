/** The maze verifier's issue codes. Tests and metrics key on these exact strings. */

export const MAZE_ISSUE = {
  /** No `<answer>` tag, or one that never closes; the moves may still have been read leniently. */
  missingTag: 'format.missing-tag',
  /** Something was there, but it does not read as moves. */
  unparseable: 'format.unparseable',
  /** The answer tag holds nothing. */
  empty: 'format.empty',
  /** A move walks into `#`. Simulation stops there. */
  wall: 'move.wall',
  /** A move leaves the grid. Simulation stops there. */
  outOfBounds: 'move.out-of-bounds',
  /** The path enters a cell it has already visited. A warning: it does not make a path wrong by itself. */
  revisit: 'path.revisit',
  /** The moves run out before G. */
  short: 'path.short',
  /** The path reaches G and then keeps going: incorrect, because the answer must stop on G. */
  pastGoal: 'path.past-goal',
  /** An answer written as cells skips: two consecutive cells are not next to each other. Walk stops there. */
  jump: 'path.not-adjacent',
} as const;

export type MazeIssueCode = (typeof MAZE_ISSUE)[keyof typeof MAZE_ISSUE];

/** Issue codes that never make an attempt incorrect on their own. */
export const MAZE_WARNING_CODES: ReadonlySet<string> = new Set([MAZE_ISSUE.revisit, MAZE_ISSUE.missingTag]);
