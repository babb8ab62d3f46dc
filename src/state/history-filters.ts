/**
 * The History page's filters as plain data: the form's empty query, the date inputs' days as times,
 * and the export file name. Pure functions (no Svelte state), so they are easy to test. The filters
 * themselves are an `EpisodeQuery` (src/core/episode-query.ts), the shape the worker and the store take.
 */
import type { EpisodeQuery } from '../core/episode-query';

/** The form with nothing chosen: every episode, newest first. */
export const EMPTY_FILTERS: Readonly<EpisodeQuery> = { sort: 'newest' };

/** Which episodes an export or delete acts on. */
export type Scope = 'all' | 'filter' | 'selection';

/** Local midnight of a 'YYYY-MM-DD' day (a date input's value), or undefined when blank or malformed. */
export function dayStart(day: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/** The last millisecond of a 'YYYY-MM-DD' day (a `to` day is included whole), or undefined. */
export function dayEnd(day: string): number | undefined {
  const start = dayStart(day);
  // The next local midnight, less one (a day is not always 24 hours long).
  return start === undefined ? undefined : new Date(start).setDate(new Date(start).getDate() + 1) - 1;
}

/** The local 'YYYY-MM-DD' day a time falls on (what a date input shows), or '' for none. */
export function dayOf(time: number | undefined): string {
  if (time === undefined) return '';
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A file name for an export made now, e.g. `plasticity-lab-history-2025-01-31-1405.jsonl`. */
export function exportFileName(scope: Scope, now: Date, stem = 'history'): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}`;
  const what = scope === 'all' ? '' : scope === 'filter' ? '-filtered' : '-selected';
  return `plasticity-lab-${stem}${what}-${day}-${time}.jsonl`;
}
