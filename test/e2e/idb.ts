/**
 * Reads the lab's IndexedDB from inside the page with the raw IndexedDB API, so the tests check what
 * was really stored, independently of the store code under test.
 */
import type { Page } from 'playwright-core';

/** The fields of a stored episode most tests read (the records hold every field). */
export interface DumpedEpisode {
  id: string;
  status: string;
  turnsDone: number;
  solvedAtTurn: number | null;
  conditionKind: string;
}

/** The fields of a stored turn most tests read, with its episode's id. */
export interface DumpedTurn {
  episodeId: string;
  turn: number;
  attempt: string;
  feedback: { source: string; text: string } | null;
}

export interface DbDump<E = DumpedEpisode, T = DumpedTurn> {
  episodes: E[];
  /** Every stored turn, each with its episode's id, in episode-then-turn order. */
  turns: T[];
}

/** Every stored episode and turn; the type parameters name the fields a test reads. */
export function dumpDb<E = DumpedEpisode, T = DumpedTurn>(page: Page): Promise<DbDump<E, T>> {
  return page.evaluate(
    () =>
      new Promise<DbDump<E, T>>((resolve, reject) => {
        const open = indexedDB.open('plasticity-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['episodes', 'transcripts'], 'readonly');
          const episodes = tx.objectStore('episodes').getAll();
          const transcripts = tx.objectStore('transcripts').getAll();
          tx.oncomplete = () => {
            db.close();
            // One transcript record per episode holds its turns (schema v2).
            const turns = (transcripts.result as { episodeId: string; turns: object[] }[]).flatMap((t) =>
              t.turns.map((turn) => ({ ...turn, episodeId: t.episodeId })),
            );
            resolve({ episodes: episodes.result, turns } as DbDump<E, T>);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
