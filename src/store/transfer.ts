/** Export and import of the stored history as JSONL files (the file format lives in jsonl.ts). */
import { ImportRefusedError } from './errors';
import { JSONL_TYPE, episodeLine, jsonlBlob, openJsonl, type JsonlProblem } from './jsonl';
import type { ImportEpisodesResult, LabStore } from './lab-store';
import type { EpisodeWithTurns } from './records';
import type { IndexedQuery } from '../core/episode-query';
import { TrainingDataWriter, type TrainingOptions, type TrainingReport } from '../core/training-data';

export interface ExportHistoryOptions {
  appVersion: string;
  /** Milliseconds since the epoch, written to the header. */
  exportedAt: number;
  /** Which episodes (all by default), in this order (oldest first by default, as a log reads). */
  query?: IndexedQuery;
  /** These episodes instead (missing ones left out), oldest first. */
  ids?: readonly string[];
}

/**
 * The stored episodes matching `query` (or listed in `ids`), with their turns, as a JSONL file.
 * @throws {StoreError} when reading fails.
 */
export async function exportHistory(store: LabStore, options: ExportHistoryOptions): Promise<Blob> {
  const { ids, query } = options;
  const lines: { startedAt: number; id: string; line: string }[] = [];
  // One snapshot; each episode becomes its line while the next ones are still being read.
  const add = (item: EpisodeWithTurns) =>
    lines.push({ startedAt: item.episode.startedAt, id: item.episode.id, line: episodeLine(item) });
  const everything = !ids && (query === undefined || Object.values(query).every((v) => v === undefined));
  if (everything) await store.forEveryEpisode(add);
  else await store.forEachEpisode(ids ? { ids } : { sort: 'oldest', ...query }, add);
  // Oldest first, ties by id (the date index's order): the whole history comes in id order.
  if (ids || everything)
    lines.sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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

/** A training-data file and what went into it. */
export interface TrainingExport {
  file: Blob;
  report: TrainingReport;
}

/**
 * Training examples (SFT, critique or preference JSONL, see core/training-data) from the stored
 * episodes listed in `ids`, or from every episode. No header line: trainers read every line as an
 * example. Oldest first, so the same selection always gives the same file.
 * @throws {StoreError} when reading fails.
 */
export async function exportTrainingData(
  store: LabStore,
  options: TrainingOptions,
  ids?: readonly string[],
): Promise<TrainingExport> {
  const found: { startedAt: number; lines: string[] }[] = [];
  const writer = new TrainingDataWriter(options);
  await store.forEachEpisode(ids ? { ids } : { sort: 'oldest' }, (item) =>
    found.push({ startedAt: item.episode.startedAt, lines: writer.add(item) }),
  );
  if (ids) found.sort((a, b) => a.startedAt - b.startedAt);
  const parts = found.flatMap((f) => f.lines.flatMap((line) => [line, '\n']));
  return { file: new Blob(parts, { type: JSONL_TYPE }), report: writer.report };
}

export type ImportHistoryResult =
  ({ ok: true } & ImportEpisodesResult) | { ok: false; errors: JsonlProblem[] };

/**
 * Validate a JSONL export (its text, or the file itself) and store its episodes all or nothing. The
 * file is read as a stream, so its size is not limited by what one string can hold. An invalid file
 * writes nothing and comes back as `{ ok: false, errors }` (line numbers and reasons for the person
 * to read).
 * @throws {StorageFullError | StoreError} when the write itself fails (nothing is kept).
 */
export async function importHistory(store: LabStore, input: string | Blob): Promise<ImportHistoryResult> {
  const file = await openJsonl(typeof input === 'string' ? new Blob([input]) : input);
  if (!file.ok) return file;
  // Batches are parsed, checked and written in turn, in one transaction; the first problem aborts
  // it (nothing is written), and the rest of the file is then read on, outside it, so the person
  // sees every problem at once.
  const check = () => {
    if (file.refused) throw new ImportRefusedError();
  };
  try {
    return { ok: true, ...(await store.importEpisodes(file.batches, { check })) };
  } catch (error) {
    if (!(error instanceof ImportRefusedError)) throw error;
    for await (const batch of file.batches) void batch;
    return { ok: false, errors: file.errors() };
  } finally {
    await file.batches.return(undefined);
  }
}
