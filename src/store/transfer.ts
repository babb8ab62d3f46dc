/** Export and import of the stored history as JSONL text (the file format lives in jsonl.ts). */
import { ImportRefusedError } from './errors';
import { JSONL_TYPE, capped, episodeLine, headerLine, readJsonl, type JsonlProblem } from './jsonl';
import type { ImportEpisodesResult, LabStore, ListEpisodesQuery } from './lab-store';

export interface ExportHistoryOptions {
  appVersion: string;
  /** Milliseconds since the epoch, written to the header. */
  exportedAt: number;
  /** Which episodes (all by default), in this order (oldest first by default, as a log reads). */
  query?: ListEpisodesQuery;
}

/**
 * The stored episodes matching `query`, with their turns, as a JSONL file.
 * @throws {StoreError} when reading fails.
 */
export async function exportHistory(store: LabStore, options: ExportHistoryOptions): Promise<Blob> {
  // One snapshot; each episode becomes its line, and every few hundred lines become bytes, while
  // the next episodes are still being read (so the encoding overlaps the reading).
  const chunks: Blob[] = [];
  let parts: string[] = [];
  const count = await store.forEachEpisode({ order: 'oldest', ...options.query }, (item) => {
    parts.push(episodeLine(item), '\n');
    if (parts.length >= 2 * LINES_PER_CHUNK) {
      chunks.push(new Blob(parts));
      parts = [];
    }
  });
  chunks.push(new Blob(parts));
  const header = {
    schemaVersion: store.version,
    appVersion: options.appVersion,
    exportedAt: options.exportedAt,
  };
  return new Blob([headerLine(header, count), '\n', ...chunks], { type: JSONL_TYPE });
}

/** Episode lines encoded together into one part of an export file. */
const LINES_PER_CHUNK = 500;

export type ImportHistoryResult =
  ({ ok: true } & ImportEpisodesResult) | { ok: false; errors: JsonlProblem[] };

/**
 * Validate a JSONL export (its text, or the file itself) and store its episodes all or nothing. An invalid file writes nothing and
 * comes back as `{ ok: false, errors }` (line numbers and reasons for the person to read).
 * @throws {StorageFullError | StoreError} when the write itself fails (nothing is kept).
 */
export async function importHistory(store: LabStore, input: string | Blob): Promise<ImportHistoryResult> {
  const file = readJsonl(typeof input === 'string' ? input : await input.text());
  if (!file.ok) return file;
  // Each line is parsed, checked and written in turn, in one transaction; any problem in the file
  // aborts it at the end, so nothing is written.
  const check = () => {
    if (file.problems.length > 0) throw new ImportRefusedError();
  };
  try {
    return { ok: true, ...(await store.importEpisodes(file.episodes(), { check })) };
  } catch (error) {
    if (error instanceof ImportRefusedError) return { ok: false, errors: capped(file.problems) };
    throw error;
  }
}
