/**
 * The class leaderboard of "Be the teacher": one entry per finished game, ranked by the student's
 * gain over retry. Entries are kept in this browser (localStorage), so they are read back as
 * untrusted: anything that does not have an entry's shape is dropped, and text is bounded.
 */
import * as v from 'valibot';
import { PresetNameSchema } from '../protocol/vocabulary';
import { COACH_LIMITS } from './plan';
import type { CoachScore } from './score';

/** At most this many entries are kept (the best ones). */
export const LEADERBOARD_SIZE = 50;
/** A player's name is at most this long. */
export const PLAYER_NAME_MAX = 40;

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000));
const share = v.pipe(v.number(), v.minValue(-1), v.maxValue(1));

export const LeaderboardEntrySchema = v.object({
  player: v.pipe(v.string(), v.minLength(1), v.maxLength(PLAYER_NAME_MAX)),
  envId: v.pipe(v.string(), v.maxLength(40)),
  preset: PresetNameSchema,
  studentModel: v.pipe(v.string(), v.maxLength(300)),
  tasks: count,
  solvedWithYou: count,
  solvedWithRetry: count,
  /** Gain over retry (a share, −1..1) and its paired 95% interval. */
  gain: share,
  low: share,
  high: share,
  messages: count,
  leaksCaught: count,
  /** When the game ended (ms since the epoch). */
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The game's episodes, for the History. */
  episodeIds: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(2 * COACH_LIMITS.tasks.max)),
});
export type LeaderboardEntry = v.InferOutput<typeof LeaderboardEntrySchema>;

/** A player's name as entered: trimmed, inner runs of space as one, cut to the limit. */
export function playerName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').slice(0, PLAYER_NAME_MAX);
}

/**
 * The entry for a finished game; null when no task was scored on both sides (nothing to rank).
 */
export function leaderboardEntry(
  game: Pick<LeaderboardEntry, 'player' | 'envId' | 'preset' | 'studentModel' | 'at' | 'episodeIds'>,
  score: CoachScore,
): LeaderboardEntry | null {
  if (score.gain === null) return null;
  return {
    ...game,
    player: playerName(game.player) || 'Anonymous',
    tasks: score.tasks,
    solvedWithYou: score.solvedWithYou,
    solvedWithRetry: score.solvedWithRetry,
    gain: score.gain.estimate,
    low: score.gain.low,
    high: score.gain.high,
    messages: score.messages,
    leaksCaught: score.leaksCaught,
  };
}

/**
 * Best first: the larger gain; on a tie, fewer leaks caught (teaching without giving it away), then
 * more tasks, then the earlier game.
 */
export function rankLeaderboard(entries: readonly LeaderboardEntry[]): LeaderboardEntry[] {
  return [...entries].sort(
    (a, b) => b.gain - a.gain || a.leaksCaught - b.leaksCaught || b.tasks - a.tasks || a.at - b.at,
  );
}

/** Read stored entries: the valid ones, ranked and capped, and how many were dropped as malformed. */
export function readLeaderboard(raw: unknown): { entries: LeaderboardEntry[]; dropped: number } {
  const list = Array.isArray(raw) ? raw : [];
  const entries: LeaderboardEntry[] = [];
  for (const item of list.slice(0, LEADERBOARD_SIZE * 2)) {
    const parsed = v.safeParse(LeaderboardEntrySchema, item);
    if (parsed.success) entries.push(parsed.output);
  }
  const dropped = (Array.isArray(raw) ? list.length : raw == null ? 0 : 1) - entries.length;
  return { entries: rankLeaderboard(entries).slice(0, LEADERBOARD_SIZE), dropped };
}

/** Add an entry: ranked, capped at `LEADERBOARD_SIZE`. */
export function addToLeaderboard(
  entries: readonly LeaderboardEntry[],
  entry: LeaderboardEntry,
): LeaderboardEntry[] {
  return rankLeaderboard([...entries, entry]).slice(0, LEADERBOARD_SIZE);
}
