/**
 * The floors of export and import, timed with nothing of the lab in the way: the stored records read
 * raw, the same records written raw into an empty database of the lab's schema, and finished lines
 * handed to the browser as a file. Export can be no faster than the read floor plus the file floor,
 * import no faster than the write floor. Shared by the in-memory store benchmark and the on-disk one.
 */
import { openDB } from 'idb';
import { jsonlBlob, openLabStore, SCHEMA_VERSION, STORES } from '../../src/store';

/** What an export reads: each episode and its transcript. */
export const READ_STORES = [STORES.episodes, STORES.transcripts] as const;
/** What an import writes per episode: the episode, its transcript and its search text. */
export const WRITTEN_STORES = [STORES.episodes, STORES.transcripts, STORES.search] as const;

/** Every record of `stores` in database `name`, read raw in one readonly transaction. */
export async function readRecordsRaw(name: string, stores: readonly string[]): Promise<unknown[][]> {
  const db = await openDB(name);
  try {
    const tx = db.transaction([...stores], 'readonly');
    return await Promise.all(stores.map((s) => tx.objectStore(s).getAll()));
  } finally {
    db.close();
  }
}

/** Create database `name`, empty, with the lab's schema (its indexes included). */
export async function emptyLabDatabase(name: string): Promise<void> {
  (await openLabStore({ name })).close();
}

/**
 * Write `records` (one list per store of `stores`) raw into database `name` (see
 * {@link emptyLabDatabase}), in one transaction; resolves once it committed.
 */
export async function writeRecordsRaw(
  name: string,
  stores: readonly string[],
  records: readonly unknown[][],
): Promise<void> {
  const db = await openDB(name);
  try {
    const tx = db.transaction([...stores], 'readwrite');
    stores.forEach((s, i) => records[i]!.forEach((record) => void tx.objectStore(s).put(record)));
    await tx.done;
  } finally {
    db.close();
  }
}

/** The ready lines made into an export file, read back to its last byte (so its data is there). */
export async function fileFloor(lines: readonly string[]): Promise<void> {
  const blob = jsonlBlob({ schemaVersion: SCHEMA_VERSION, appVersion: 'bench', exportedAt: 0 }, lines);
  if ((await blob.slice(-1).text()) !== '\n') throw new Error('The file does not end in a line end.');
}
