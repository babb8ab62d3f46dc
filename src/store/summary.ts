/**
 * The history's summary record (schema v4): how many episodes are stored in all and per environment,
 * condition, student model and status. Every transaction that adds, deletes or re-statuses an episode
 * updates it in the same transaction, so the History's filter menus and its unfiltered and
 * one-field counts cost one read, however many episodes are stored (an index count walks every key:
 * ~200 ms at 50,000 episodes on disk). `appendTurn` changes none of these fields and leaves it alone.
 */
import type { EpisodeFacets, EpisodeRecord } from './records';

/** The fields the summary counts by, as stored on each episode record. */
export const SUMMARY_FIELDS = ['envId', 'conditionKind', 'studentModel', 'status'] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** The one record of the `summary` store. */
export interface HistorySummary {
  /** The record's key: the store holds this one record. */
  key: typeof SUMMARY_KEY;
  total: number;
  /** Per field, the count of each value present (values whose count reaches 0 are removed). */
  counts: Record<SummaryField, Record<string, number>>;
}

export const SUMMARY_KEY = 'episodes';

/** The summary of an empty history. */
export function emptySummary(): HistorySummary {
  return {
    key: SUMMARY_KEY,
    total: 0,
    counts: { envId: {}, conditionKind: {}, studentModel: {}, status: {} },
  };
}

function bump(counts: Record<string, number>, value: string, by: number): void {
  const next = (counts[value] ?? 0) + by;
  if (next > 0) counts[value] = next;
  else delete counts[value];
}

/**
 * Count `episode` in (`by` = 1) or out (`by` = −1) of `summary`, in place. Counting out a value the
 * summary does not hold leaves it at none (never negative).
 */
export function countEpisode(summary: HistorySummary, episode: EpisodeRecord, by: 1 | -1): void {
  summary.total = Math.max(0, summary.total + by);
  for (const field of SUMMARY_FIELDS) bump(summary.counts[field], episode[field], by);
}

/** Move one episode from status `from` to `to` in `summary`, in place. */
export function moveStatus(summary: HistorySummary, from: string, to: string): void {
  if (from === to) return;
  bump(summary.counts.status, from, -1);
  bump(summary.counts.status, to, 1);
}

const sortedKeys = (counts: Record<string, number>) => Object.keys(counts).sort();

/** The filter menus and total the History shows, from the summary. */
export function facetsOf(summary: HistorySummary): EpisodeFacets {
  return {
    envIds: sortedKeys(summary.counts.envId),
    conditionKinds: sortedKeys(summary.counts.conditionKind),
    studentModels: sortedKeys(summary.counts.studentModel),
    total: summary.total,
  };
}

/**
 * Whether `value` read from the store is a summary this build can use (a damaged or foreign record
 * is not: the store then counts from its indexes instead).
 */
export function isSummary(value: unknown): value is HistorySummary {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<HistorySummary>;
  if (v.key !== SUMMARY_KEY || !Number.isInteger(v.total) || (v.total as number) < 0) return false;
  if (typeof v.counts !== 'object' || v.counts === null) return false;
  return SUMMARY_FIELDS.every((field) => {
    const counts = (v.counts as Record<string, unknown>)[field];
    return (
      typeof counts === 'object' &&
      counts !== null &&
      Object.values(counts).every((n) => Number.isInteger(n) && (n as number) > 0)
    );
  });
}
