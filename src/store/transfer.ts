/** Export and import of the stored history as JSONL files (the file format lives in jsonl.ts). */
import { ImportRefusedError } from './errors';
import { capped, episodeLine, jsonlBlob, readJsonl, type JsonlProblem } from './jsonl';
import type { ImportEpisodesResult, LabStore, ListEpisodesQuery } from './lab-store';

export interface ExportHistoryOptions {
  appVersion: string;
  /** Milliseconds since the epoch, written to the header. */
  exportedAt: number;
  /** Which episodes (all by default), in this order (oldest first by default, as a log reads). */
  query?: ListEpisodesQuery;
  /** These episodes instead (missing ones left out), oldest first. */
  ids?: readonly string[];
}

/**
 * The stored episodes matching `query` (or listed in `ids`), with their turns, as a JSONL file.
 * @throws {StoreError} when reading fails.
 */
export async function exportHistory(store: LabStore, options: ExportHistoryOptions): Promise<Blob> {
  const { ids } = options;
  const lines: { startedAt: number; line: string }[] = [];
  // One snapshot; each episode becomes its line while the next ones are still being read.
  await store.forEachEpisode(ids ? { ids } : { order: 'oldest', ...options.query }, (item) =>
    lines.push({ startedAt: item.episode.startedAt, line: episodeLine(item) }),
  );
  if (ids) lines.sort((a, b) => a.startedAt - b.startedAt);
  const header = {
    schemaVersion: store.version,
    appVersion: options.appVersion,
    exportedAt: options.exportedAt,
  };
  return jsonlBlob(
    header,
    lines.map((l) => l.line),
  );
}

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
