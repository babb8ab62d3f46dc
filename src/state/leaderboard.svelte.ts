/**
 * The "Be the teacher" leaderboard of this browser, kept in localStorage. Storage may be missing or
 * throw (a private window, blocked storage, a full quota): then the board lives for this page only,
 * and says so (`persisted`). What is stored is read back through `readLeaderboard` (untrusted).
 */
import { addToLeaderboard, readLeaderboard, type LeaderboardEntry } from '../core/coach/leaderboard';

/** The localStorage key of the entries. */
export const LEADERBOARD_KEY = 'plasticity-lab:coach-leaderboard';

export type LeaderboardStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStorage(): LeaderboardStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export class Leaderboard {
  entries = $state.raw<LeaderboardEntry[]>([]);
  /** Whether the entries are kept for the next visit (false where storage refused). */
  persisted = $state(true);
  /** Stored entries that were not readable and were left out. */
  dropped = $state(0);
  private readonly storage: LeaderboardStorage | null;

  constructor(storage: LeaderboardStorage | null = defaultStorage()) {
    this.storage = storage;
    this.persisted = storage !== null;
    try {
      const text = storage?.getItem(LEADERBOARD_KEY) ?? null;
      const { entries, dropped } = readLeaderboard(text === null ? [] : JSON.parse(text));
      this.entries = entries;
      this.dropped = dropped;
    } catch {
      // Unreadable JSON or storage that throws: start empty, and keep the bad value until a write.
      this.dropped = 1;
    }
  }

  private save(): void {
    try {
      if (!this.storage) return;
      if (this.entries.length === 0) this.storage.removeItem(LEADERBOARD_KEY);
      else this.storage.setItem(LEADERBOARD_KEY, JSON.stringify(this.entries));
      this.persisted = true;
    } catch {
      this.persisted = false;
    }
  }

  /** Add a finished game; its place on the board (1-based), or null when it did not make the board. */
  add(entry: LeaderboardEntry): number | null {
    this.entries = addToLeaderboard(this.entries, entry);
    this.save();
    const place = this.entries.indexOf(entry);
    return place < 0 ? null : place + 1;
  }

  /** Empty the board (a new class). */
  clear(): void {
    this.entries = [];
    this.dropped = 0;
    this.save();
  }
}
