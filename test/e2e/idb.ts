/**
 * Reads the lab's IndexedDB from inside the page with the raw IndexedDB API, so the tests check what
 * was really stored, independently of the store code under test.
 */
import type { Page } from 'playwright-core';

export interface DbDump {
  episodes: {
    id: string;
    status: string;
    turnsDone: number;
    solvedAtTurn: number | null;
    conditionKind: string;
  }[];
  turns: {
    episodeId: string;
    turn: number;
    attempt: string;
    feedback: { source: string; text: string } | null;
  }[];
}

export function dumpDb(page: Page): Promise<DbDump> {
  return page.evaluate(
    () =>
      new Promise<DbDump>((resolve, reject) => {
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
            resolve({ episodes: episodes.result, turns } as DbDump);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
