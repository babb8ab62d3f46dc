/** Export and import of the stored history as JSONL text (the file format lives in jsonl.ts). */
import { exportEpisodesJsonl, parseEpisodesJsonl, type JsonlProblem } from './jsonl';
import type { ImportEpisodesResult, LabStore, ListEpisodesQuery } from './lab-store';

export interface ExportHistoryOptions {
  appVersion: string;
  /** Milliseconds since the epoch, written to the header. */
  exportedAt: number;
  /** Which episodes (all by default), in this order (oldest first by default, as a log reads). */
  query?: ListEpisodesQuery;
}

/**
 * The stored episodes matching `query`, with their turns, as JSONL text.
 * @throws {StoreError} when reading fails.
 */
export async function exportHistory(store: LabStore, options: ExportHistoryOptions): Promise<string> {
  const list = await store.listEpisodes({ order: 'oldest', ...options.query });
  // Read the turns in one snapshot; an episode deleted in between is left out.
  const episodes = await store.getEpisodes(list.map((e) => e.id));
  return exportEpisodesJsonl(
    { schemaVersion: store.version, appVersion: options.appVersion, exportedAt: options.exportedAt },
    episodes,
  );
}

export type ImportHistoryResult =
  ({ ok: true } & ImportEpisodesResult) | { ok: false; errors: JsonlProblem[] };

/**
 * Validate a JSONL export and store its episodes all or nothing. An invalid file writes nothing and
 * comes back as `{ ok: false, errors }` (line numbers and reasons for the person to read).
 * @throws {StorageFullError | StoreError} when the write itself fails (nothing is kept).
 */
export async function importHistory(store: LabStore, text: string): Promise<ImportHistoryResult> {
  const parsed = parseEpisodesJsonl(text);
  if (!parsed.ok) return parsed;
  const result = await store.importEpisodes(parsed.episodes);
  return { ok: true, ...result };
}
