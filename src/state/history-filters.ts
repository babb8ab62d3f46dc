/**
 * The History page's filters as plain data: the worker query they make, date handling, and the
 * export file name. Pure functions (no Svelte state), so they are easy to test.
 */
import type { HistoryQuery, HistorySort } from '../lab/lab-api';
import type { EpisodeStatus } from '../store';

export interface HistoryFilters {
  envId: string;
  conditionKind: string;
  studentModel: string;
  status: EpisodeStatus | '';
  /** 'YYYY-MM-DD' (local day) or ''. */
  from: string;
  to: string;
  text: string;
  sort: HistorySort;
}

export const EMPTY_FILTERS: HistoryFilters = {
  envId: '',
  conditionKind: '',
  studentModel: '',
  status: '',
  from: '',
  to: '',
  text: '',
  sort: 'newest',
};

/** Which episodes an export or delete acts on. */
export type Scope = 'all' | 'filter' | 'selection';

/** Local midnight of a 'YYYY-MM-DD' day, or undefined when blank or malformed. */
export function dayStart(day: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/** The filters as a worker query (the `to` day is included whole). */
export function toQuery(filters: HistoryFilters): HistoryQuery {
  const to = dayStart(filters.to);
  return {
    envId: filters.envId || undefined,
    conditionKind: filters.conditionKind || undefined,
    studentModel: filters.studentModel || undefined,
    status: filters.status || undefined,
    from: dayStart(filters.from),
    // The last millisecond of that day: the next local midnight, less one.
    to: to === undefined ? undefined : new Date(to).setDate(new Date(to).getDate() + 1) - 1,
    text: filters.text.trim() || undefined,
    sort: filters.sort,
  };
}

/** A file name for an export made now, e.g. `plasticity-lab-history-2025-01-31-1405.jsonl`. */
export function exportFileName(scope: Scope, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}`;
  const what = scope === 'all' ? '' : scope === 'filter' ? '-filtered' : '-selected';
  return `plasticity-lab-history${what}-${day}-${time}.jsonl`;
}
