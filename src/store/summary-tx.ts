/**
 * Reading and writing the history's summary record (summary.ts) inside a transaction, and counting it
 * afresh from the episode indexes where it is missing (the v4 upgrade, a damaged record).
 */
import type { IDBPObjectStore, StoreNames } from 'idb';
import { EPISODE_INDEXES, STORES } from './constants';
import type { LabDbSchema } from './schema';
import { SUMMARY_FIELDS, SUMMARY_KEY, emptySummary, isSummary, type HistorySummary } from './summary';

/** The index of each summary field (one key per episode, the field's value). */
const FIELD_INDEX = {
  envId: EPISODE_INDEXES.envId,
  conditionKind: EPISODE_INDEXES.conditionKind,
  studentModel: EPISODE_INDEXES.studentModel,
  status: EPISODE_INDEXES.status,
} as const;

type Stores = ArrayLike<StoreNames<LabDbSchema>>;
type EpisodesStore = IDBPObjectStore<LabDbSchema, Stores, typeof STORES.episodes, IDBTransactionMode>;
type SummaryStore<Mode extends IDBTransactionMode> = IDBPObjectStore<
  LabDbSchema,
  Stores,
  typeof STORES.summary,
  Mode
>;

/**
 * The summary counted from the episode indexes: one seek per distinct value (after reading a value
 * the cursor jumps past its duplicates, `continue(key + '\0')`, the least string above it) and one
 * index count per value, so it costs O(values × log n) requests rather than a walk over every key.
 */
export async function countSummary(episodes: EpisodesStore): Promise<HistorySummary> {
  const summary = emptySummary();
  const tally = async (field: (typeof SUMMARY_FIELDS)[number]) => {
    const index = episodes.index(FIELD_INDEX[field]);
    let cursor = await index.openKeyCursor(null, 'next');
    const values: string[] = [];
    while (cursor !== null) {
      const value = String(cursor.key);
      values.push(value);
      cursor = await cursor.continue(`${value}\u0000`);
    }
    const counts = await Promise.all(values.map((value) => index.count(value)));
    values.forEach((value, i) => (summary.counts[field][value] = counts[i] as number));
  };
  const [total] = await Promise.all([episodes.count(), ...SUMMARY_FIELDS.map(tally)]);
  summary.total = total;
  return summary;
}

/**
 * The stored summary, or (missing or damaged) one counted from the indexes. Call it before the
 * transaction changes any episode, so a recount sees the history as it was.
 */
export async function readSummary(
  summaries: SummaryStore<IDBTransactionMode>,
  episodes: EpisodesStore,
): Promise<HistorySummary> {
  const stored: unknown = await summaries.get(SUMMARY_KEY);
  return isSummary(stored) ? stored : countSummary(episodes);
}
