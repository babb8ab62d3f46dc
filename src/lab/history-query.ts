/**
 * The History page's queries over the store, run in the worker: the filter the store cannot index
 * (text search), sorting by the solving turn, and one page of rows at a time, so the page never
 * receives more than it shows even with tens of thousands of stored episodes. A status filter goes by
 * the status an episode reads as: one stored 'running' that no live context runs is shown settled
 * (`stranded.ts`), so it matches what it is shown as, never 'running'.
 */
import { indexedPart, withoutBlanks, type DateSort, type EpisodeQuery } from '../core/episode-query';
import type { EpisodeRecord, LabStore } from '../store';
import type { HistoryPage, HistorySelection } from './lab-api';
import { settledItem, settledRows } from './stranded';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** From this many episodes to read, a search reads every episode's search text in one request. */
const SEARCH_CHUNK = 2_000;

/** Whether `query` filters nothing (no choice, dates or text): it only sorts and pages. */
function onlySorted(query: EpisodeQuery): boolean {
  const { sort: _sort, offset: _offset, limit: _limit, ...filters } = query;
  return Object.values(filters).every((value) => value === undefined);
}

/** Whether `query`'s only filter is its text. */
function onlySearched(query: EpisodeQuery): boolean {
  return onlySorted({ ...query, text: undefined });
}

function compareSolved(direction: 1 | -1) {
  return (a: EpisodeRecord, b: EpisodeRecord): number => {
    if (a.solvedAtTurn === null || b.solvedAtTurn === null) {
      if (a.solvedAtTurn !== b.solvedAtTurn) return a.solvedAtTurn === null ? 1 : -1;
    } else if (a.solvedAtTurn !== b.solvedAtTurn) {
      return direction * (a.solvedAtTurn - b.solvedAtTurn);
    }
    return b.startedAt - a.startedAt;
  };
}

/**
 * Answers History queries. Keeps the search text of ended episodes in memory (their turns no longer
 * change), so a search lists candidates from index keys and reads only what it has not seen; running
 * episodes are read again each time.
 */
export class HistoryIndex {
  readonly #text = new Map<string, string>();

  /**
   * The ids of every episode matching `query`'s filters (paging ignored), in the query's order; with
   * their records when that order (by solving turn) needed them read.
   * @throws {StoreError} when reading fails.
   */
  async #matching(
    store: LabStore,
    query: EpisodeQuery,
    live: ReadonlySet<string>,
  ): Promise<{ ids: string[]; records?: EpisodeRecord[] }> {
    const sort = query.sort ?? 'newest';
    const order = sort === 'oldest' ? 'oldest' : 'newest';
    const needle = query.text?.toLowerCase();
    let ids: string[];
    if (needle && onlySearched(query)) {
      // A search of the whole history: the store reads every search text once and orders the matches.
      ids = await store.searchAll(needle, order);
    } else {
      ids = await this.#listIds(store, query, order, live);
      if (needle) ids = await this.#search(store, ids, needle);
    }
    if (sort !== 'solved-soonest' && sort !== 'solved-latest') return { ids };
    // Sorted as they read: a stranded episode its last turn solved is sorted by that turn.
    const records = (await settledRows(store, await store.getEpisodeRecords(ids), live)).sort(
      compareSolved(sort === 'solved-soonest' ? 1 : -1),
    );
    return { ids: records.map((e) => e.id), records };
  }

  /** Ids stored 'running' that no live context runs: they read as settled (`stranded.ts`). */
  async #stranded(store: LabStore, live: ReadonlySet<string>): Promise<Set<string>> {
    const running = await store.listEpisodeIds({ status: 'running' });
    return new Set(running.filter((id) => !live.has(id)));
  }

  /**
   * The ids matching the indexed filters, in `order`, the status going by what each episode reads as.
   * Without stranded episodes (the usual case) that is the status index; with some, those are
   * settled (their turns read: they are few) and put where their status puts them.
   */
  async #listIds(
    store: LabStore,
    query: EpisodeQuery,
    order: DateSort,
    live: ReadonlySet<string>,
  ): Promise<string[]> {
    const filters = indexedPart(query, order);
    const { status } = query;
    if (status === undefined) return store.listEpisodeIds(filters);
    const stranded = await this.#stranded(store, live);
    if (stranded.size === 0) return store.listEpisodeIds(filters);
    if (status === 'running') return (await store.listEpisodeIds(filters)).filter((id) => !stranded.has(id));
    const [stored, any] = await Promise.all([
      store.listEpisodeIds(filters),
      store.listEpisodeIds({ ...filters, status: undefined }),
    ]);
    const candidates = any.filter((id) => stranded.has(id));
    const reads = (await store.getEpisodes(candidates))
      .filter((item) => settledItem(item, live).episode.status === status)
      .map((item) => item.episode.id);
    const keep = new Set([...stored, ...reads]);
    return any.filter((id) => keep.has(id));
  }

  /**
   * One page of the episodes matching `query`, with the total count. `live`: the episodes some context
   * runs now (the rest of those stored 'running' read as settled).
   * @throws {StoreError} when reading fails.
   */
  async page(store: LabStore, asked: EpisodeQuery, live: ReadonlySet<string>): Promise<HistoryPage> {
    const query = withoutBlanks(asked);
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const sort = query.sort ?? 'newest';
    const indexed = query.status === undefined || (await this.#stranded(store, live)).size === 0;
    if ((sort === 'newest' || sort === 'oldest') && query.text === undefined && indexed) {
      // Only indexed filters, in the store's own order: count from the index and read one page.
      const { total, rows } = await store.pageEpisodes({ ...indexedPart(query, sort), offset, limit });
      return { total, offset, rows };
    }
    if ((sort === 'solved-soonest' || sort === 'solved-latest') && onlySorted(query)) {
      // The whole history by solving turn: from the solved-turn index, unless an episode stranded
      // 'running' could read as solved (then every record is settled and sorted, below).
      if ((await this.#stranded(store, live)).size === 0) {
        const { total, rows } = await store.pageBySolvingTurn(sort, { offset, limit });
        return { total, offset, rows };
      }
    }
    const { ids, records } = await this.#matching(store, query, live);
    const rows = records
      ? records.slice(offset, offset + limit)
      : await store.getEpisodeRecords(ids.slice(offset, offset + limit));
    return { total: ids.length, offset, rows };
  }

  /**
   * The ids a selection names, oldest first (the order an export reads best in); listed ids that are
   * not stored are left out. `live` as for {@link page}.
   */
  async ids(store: LabStore, selection: HistorySelection, live: ReadonlySet<string>): Promise<string[]> {
    if ('ids' in selection) return [...new Set(selection.ids)];
    return (await this.#matching(store, { ...withoutBlanks(selection.query), sort: 'oldest' }, live)).ids;
  }

  /** Drop cached text of deleted episodes (all when no ids are given). */
  forget(ids?: Iterable<string>): void {
    if (ids === undefined) this.#text.clear();
    else for (const id of ids) this.#text.delete(id);
  }

  /** The candidates (in order) whose attempts, feedback or error contain `needle` (lower-case). */
  async #search(store: LabStore, candidates: string[], needle: string): Promise<string[]> {
    const running = new Set(await store.listEpisodeIds({ status: 'running' }));
    const missing = candidates.filter((id) => running.has(id) || !this.#text.has(id));
    const fresh = new Map<string, string>();
    const keep = (id: string, text: string) => {
      fresh.set(id, text);
      // Only ended episodes are kept: a running one's text grows with each turn.
      if (!running.has(id)) this.#text.set(id, text);
    };
    // The search text the store keeps apart (store/search-text.ts): about a kilobyte per episode,
    // read whole when most of it is wanted (one request), else by id in chunks.
    if (missing.length >= SEARCH_CHUNK) {
      const wanted = new Set(missing);
      for (const [id, text] of await store.searchTexts('all')) if (wanted.has(id)) keep(id, text);
    } else {
      for (const [id, text] of await store.searchTexts(missing)) keep(id, text);
    }
    return candidates.filter((id) => (fresh.get(id) ?? this.#text.get(id))?.includes(needle) ?? false);
  }
}
