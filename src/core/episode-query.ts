/**
 * "Which episodes?", asked one way everywhere: the History page's filters state holds an
 * `EpisodeQuery`, the worker's history calls (`queryHistory`, export and delete of a filter, the
 * recent episodes) take it, and the store plans its indexed part over its indexes
 * (`store/query-planner.ts`). The worker (`lab/history-query.ts`) adds what no index answers: the text
 * search and the order by solving turn. Pure data.
 */
import type { EpisodeStatus } from './protocol/vocabulary';

/** How a list of episodes is ordered: by start (ties by id), or by the solving turn, unsolved last. */
export type EpisodeSort = 'newest' | 'oldest' | 'solved-soonest' | 'solved-latest';

/** The orders an index keeps (by startedAt): what the store answers itself. */
export type DateSort = Extract<EpisodeSort, 'newest' | 'oldest'>;

export interface EpisodeQuery {
  envId?: string;
  conditionKind?: string;
  /** The student's model id, or 'human'. */
  studentModel?: string;
  /**
   * The store matches it as stored; the worker as the episode reads (one stored 'running' that
   * nothing runs reads as settled: `lab/stranded.ts`).
   */
  status?: EpisodeStatus;
  experimentId?: string;
  /** Started at or after this time (ms since the epoch). */
  from?: number;
  /** Started at or before this time (ms since the epoch). */
  to?: number;
  /** Case-insensitive text found in an attempt, a feedback message or the error. */
  text?: string;
  /** 'newest' when absent. */
  sort?: EpisodeSort;
  /** Rows to skip (0 when absent). */
  offset?: number;
  /** Rows to return (the store: all when absent; the History page's worker call: 50, at most 500). */
  limit?: number;
}

/** The part of a query the store answers from its indexes alone: no text, in date order. */
export type IndexedQuery = Omit<EpisodeQuery, 'text' | 'sort'> & { sort?: DateSort };

/** The fields that hold a menu's choice; an empty one ('All') is no filter. */
const CHOICES = ['envId', 'conditionKind', 'studentModel', 'experimentId'] as const;

/**
 * `query` with its blank parts left out: an empty choice (a menu's 'All') and a search of only
 * spaces filter nothing; the search text is trimmed.
 */
export function withoutBlanks(query: EpisodeQuery): EpisodeQuery {
  const out: EpisodeQuery = { ...query };
  for (const key of CHOICES) if (out[key] === '') delete out[key];
  const text = out.text?.trim();
  if (text) out.text = text;
  else delete out.text;
  return out;
}

/**
 * The indexed part of `query`, in `sort` (a date order), for every match: its filters, with the text
 * and the paging left out.
 */
export function indexedPart(query: EpisodeQuery, sort: DateSort): IndexedQuery {
  const { text: _text, offset: _offset, limit: _limit, ...filters } = query;
  return { ...filters, sort };
}
