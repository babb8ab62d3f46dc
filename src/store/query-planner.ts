/**
 * The episode query planner: which index answers a list or a count, over which key range, and which
 * filters are left to run in memory. `planList` and `planCount` are pure (plain data, unit-tested
 * without a database); `listIn`, `idsIn` and `countIn` carry a plan out inside a transaction the
 * caller (`LabStore`) opened, so a page and its count come from one snapshot.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { IndexedQuery } from '../core/episode-query';
import { EPISODE_INDEXES, STORES } from './constants';
import type { EpisodeRecord } from './records';
import type { LabDbSchema } from './schema';
import type { HistorySummary, SummaryField } from './summary';

type EpisodeIndex = (typeof EPISODE_INDEXES)[keyof typeof EPISODE_INDEXES];
/** The indexes whose keys are ordered by startedAt (ties by the primary key, the id). */
type DatedIndex =
  | typeof EPISODE_INDEXES.startedAt
  | typeof EPISODE_INDEXES.envCondition
  | typeof EPISODE_INDEXES.envStarted
  | typeof EPISODE_INDEXES.conditionStarted
  | typeof EPISODE_INDEXES.studentModelStarted
  | typeof EPISODE_INDEXES.statusStarted;
/** The indexes keyed by one field's value. */
type FieldIndex = Exclude<EpisodeIndex, DatedIndex | typeof EPISODE_INDEXES.solvedStarted>;

/** A key range as plain data (`IDBKeyRange.bound(lower, upper)`); null is the whole index. */
export type KeyBounds = { lower: IDBValidKey; upper: IDBValidKey } | null;

/** How a list of matches is read. Every plan's rows still pass `matcherOf(query)` in memory. */
export type ListPlan =
  /** The date range is empty (`from` after `to`): nothing matches, nothing is read. */
  | { read: 'nothing' }
  /**
   * Walk an index already in startedAt order over `bounds`, stopping at the limit. `exact`: the range
   * alone applies every filter, so its keys are the answer (ids without reading a record).
   */
  | { read: 'ordered'; index: DatedIndex; bounds: KeyBounds; exact: boolean }
  /** Read the records of one field's value, then filter, sort and cut in memory. */
  | { read: 'candidates'; index: FieldIndex; key: string | undefined };

/** How a count is made: from an index or the store's own count where one applies every filter. */
export type CountPlan =
  | { count: 'nothing' }
  | { count: 'store' }
  /** The count of one field index's key. */
  | { count: 'key'; index: FieldIndex; key: string }
  /** The count of a dated index's range. */
  | { count: 'range'; index: DatedIndex; bounds: NonNullable<KeyBounds> }
  /** No index applies every filter: list the matches and count them. */
  | { count: 'list' };

/** The query's startedAt bounds, open ends as ±Infinity (both valid IndexedDB keys). */
function dateBounds(query: IndexedQuery): [from: number, to: number] {
  return [query.from ?? -Infinity, query.to ?? Infinity];
}

/** The [envId, conditionKind, startedAt] range of one pair started between `from` and `to`. */
function envConditionBounds(envId: string, conditionKind: string, from: number, to: number) {
  return { lower: [envId, conditionKind, from], upper: [envId, conditionKind, to] };
}

/** The `[field, startedAt]` index of each field a page may filter on alone, in the order tried. */
function datedField(query: IndexedQuery): { index: DatedIndex; key: string } | undefined {
  const { envId, conditionKind, studentModel, status } = query;
  if (envId !== undefined) return { index: EPISODE_INDEXES.envStarted, key: envId };
  if (conditionKind !== undefined) return { index: EPISODE_INDEXES.conditionStarted, key: conditionKind };
  if (studentModel !== undefined) return { index: EPISODE_INDEXES.studentModelStarted, key: studentModel };
  if (status !== undefined) return { index: EPISODE_INDEXES.statusStarted, key: status };
  return undefined;
}

/** How many of the filters that have an index are set (dates aside). */
function filterCount(query: IndexedQuery): number {
  const { envId, conditionKind, status, experimentId, studentModel } = query;
  return [envId, conditionKind, status, experimentId, studentModel].filter((x) => x !== undefined).length;
}

/**
 * The plan for listing `query`'s matches: an index in startedAt order wherever one serves, so a page
 * reads its rows in order and stops at the limit: none (dates only), environment + condition, or the
 * `[field, startedAt]` index of one field (exact when it is the only filter; with more, the others
 * are applied in memory as the walk goes). An experiment's episodes (few) are read by its index and
 * sorted in memory.
 */
export function planList(query: IndexedQuery): ListPlan {
  const { envId, conditionKind, experimentId } = query;
  const [from, to] = dateBounds(query);
  if (from > to) return { read: 'nothing' };
  const filters = filterCount(query);
  if (experimentId !== undefined)
    return { read: 'candidates', index: EPISODE_INDEXES.experimentId, key: experimentId };
  if (envId !== undefined && conditionKind !== undefined) {
    const bounds = envConditionBounds(envId, conditionKind, from, to);
    return { read: 'ordered', index: EPISODE_INDEXES.envCondition, bounds, exact: filters === 2 };
  }
  const field = datedField(query);
  if (field === undefined) {
    const whole = from === -Infinity && to === Infinity;
    const bounds = whole ? null : { lower: from, upper: to };
    return { read: 'ordered', index: EPISODE_INDEXES.startedAt, bounds, exact: true };
  }
  const bounds = { lower: [field.key, from], upper: [field.key, to] };
  return { read: 'ordered', index: field.index, bounds, exact: filters === 1 };
}

/**
 * The plan for counting `query`'s matches: an index count when no filter or a single one (or
 * environment + condition together) is set, the date range only with none or with that pair;
 * otherwise the matches are listed and counted.
 */
export function planCount(query: IndexedQuery): CountPlan {
  const { envId, conditionKind, status, experimentId, studentModel } = query;
  const [from, to] = dateBounds(query);
  if (from > to) return { count: 'nothing' };
  const dated = from !== -Infinity || to !== Infinity;
  const fields: [FieldIndex, string | undefined][] = [
    [EPISODE_INDEXES.envId, envId],
    [EPISODE_INDEXES.conditionKind, conditionKind],
    [EPISODE_INDEXES.status, status],
    [EPISODE_INDEXES.experimentId, experimentId],
    [EPISODE_INDEXES.studentModel, studentModel],
  ];
  const set = fields.filter((f): f is [FieldIndex, string] => f[1] !== undefined);
  if (set.length === 0) {
    if (!dated) return { count: 'store' };
    return { count: 'range', index: EPISODE_INDEXES.startedAt, bounds: { lower: from, upper: to } };
  }
  if (set.length === 2 && envId !== undefined && conditionKind !== undefined) {
    const bounds = envConditionBounds(envId, conditionKind, from, to);
    return { count: 'range', index: EPISODE_INDEXES.envCondition, bounds };
  }
  const [only] = set;
  if (set.length === 1 && only && !dated) return { count: 'key', index: only[0], key: only[1] };
  const field = datedField(query);
  if (set.length === 1 && field !== undefined) {
    return {
      count: 'range',
      index: field.index,
      bounds: { lower: [field.key, from], upper: [field.key, to] },
    };
  }
  return { count: 'list' };
}

/** The in-memory test every listed record passes: all of `query`'s filters. */
export function matcherOf(query: IndexedQuery): (e: EpisodeRecord) => boolean {
  const { envId, conditionKind, status, experimentId, studentModel } = query;
  const [from, to] = dateBounds(query);
  return (e) =>
    (envId === undefined || e.envId === envId) &&
    (conditionKind === undefined || e.conditionKind === conditionKind) &&
    (status === undefined || e.status === status) &&
    (experimentId === undefined || e.experimentId === experimentId) &&
    (studentModel === undefined || e.studentModel === studentModel) &&
    e.startedAt >= from &&
    e.startedAt <= to;
}

type EpisodeTx = IDBPTransaction<LabDbSchema, StoreNames<LabDbSchema>[], IDBTransactionMode>;

function keyRange(bounds: KeyBounds): IDBKeyRange | null {
  return bounds === null ? null : IDBKeyRange.bound(bounds.lower, bounds.upper);
}

/** Ordered as the store lists: by startedAt, ties by id, newest or oldest first. */
function byStarted(newest: boolean) {
  const sign = newest ? -1 : 1;
  return (a: EpisodeRecord, b: EpisodeRecord): number =>
    sign * (a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The episodes matching `query`, in its order, `offset` skipped and at most `limit` after them, read
 * within `tx` (see `LabStore.listEpisodes`).
 */
export async function listIn(tx: EpisodeTx, query: IndexedQuery): Promise<EpisodeRecord[]> {
  const plan = planList(query);
  if (plan.read === 'nothing') return [];
  const newest = (query.sort ?? 'newest') === 'newest';
  const skip = query.offset ?? 0;
  // Read up to the page's end; the rows before it are dropped at the end.
  const max = skip + (query.limit ?? Infinity);
  const matches = matcherOf(query);
  const episodes = tx.objectStore(STORES.episodes);
  if (plan.read === 'candidates') {
    const candidates = await episodes.index(plan.index).getAll(plan.key);
    return candidates.filter(matches).sort(byStarted(newest)).slice(skip, max);
  }
  const index = episodes.index(plan.index);
  const range = keyRange(plan.bounds);
  if (max === Infinity) {
    // Everything: one getAll (in index order) is far faster than a cursor step per record.
    const all = (await index.getAll(range)).filter(matches);
    return (newest ? all.reverse() : all).slice(skip);
  }
  const found: EpisodeRecord[] = [];
  let cursor = await index.openCursor(range, newest ? 'prev' : 'next');
  while (cursor !== null && found.length < max) {
    if (matches(cursor.value)) found.push(cursor.value);
    cursor = await cursor.continue();
  }
  return found.slice(skip);
}

/** The ids of `listIn(tx, query)`, from index keys alone where an ordered index applies every filter. */
export async function idsIn(tx: EpisodeTx, query: IndexedQuery): Promise<string[]> {
  const plan = planList(query);
  if (plan.read !== 'ordered' || !plan.exact) return (await listIn(tx, query)).map((e) => e.id);
  const index = tx.objectStore(STORES.episodes).index(plan.index);
  const keys = await index.getAllKeys(keyRange(plan.bounds));
  if ((query.sort ?? 'newest') === 'newest') keys.reverse();
  const skip = query.offset ?? 0;
  return keys.slice(skip, skip + (query.limit ?? Infinity));
}

/** The summary field (summary.ts) each field index counts by. */
const SUMMARY_FIELD_OF: Partial<Record<FieldIndex, SummaryField>> = {
  [EPISODE_INDEXES.envId]: 'envId',
  [EPISODE_INDEXES.conditionKind]: 'conditionKind',
  [EPISODE_INDEXES.studentModel]: 'studentModel',
  [EPISODE_INDEXES.status]: 'status',
};

/**
 * How many episodes match `query`'s filters (its paging ignored), counted within `tx`. With
 * `summary` (the history's summary record, read in the same transaction), a count of everything or
 * of one field's value is read from it instead of an index count, which walks every key it counts.
 */
export async function countIn(
  tx: EpisodeTx,
  query: IndexedQuery,
  summary?: () => Promise<HistorySummary>,
): Promise<number> {
  const plan = planCount(query);
  const episodes = tx.objectStore(STORES.episodes);
  switch (plan.count) {
    case 'nothing':
      return 0;
    case 'store':
      return summary ? (await summary()).total : episodes.count();
    case 'key': {
      const field = SUMMARY_FIELD_OF[plan.index];
      if (summary && field) return (await summary()).counts[field][plan.key] ?? 0;
      return episodes.index(plan.index).count(plan.key);
    }
    case 'range':
      return episodes.index(plan.index).count(IDBKeyRange.bound(plan.bounds.lower, plan.bounds.upper));
    case 'list':
      return (await listIn(tx, { ...query, offset: undefined, limit: undefined })).length;
  }
}
