/** Number formats of the results view. */
import type { ConditionSummary } from '../../core/metrics';
import { conditionLabel } from '../../core/protocol';

/** 0.123 → "12.3%"; null → "—". */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** A difference of proportions in percentage points: "+4.5 pp". */
export function pp(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const x = value * 100;
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(1)} pp`;
}

/** A plain number with at most `digits` decimals; null → "—". */
export function num(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits).replace(/\.0+$/, '');
}

/** Milliseconds as seconds: "3.2 s". */
export function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A row's name: its condition, plus what tells it apart from other rows (teacher, student, slice).
 */
export function rowLabel(row: ConditionSummary, rows: readonly ConditionSummary[]): string {
  const parts = [conditionLabel(row.condition)];
  if (row.teacherModel) parts.push(`teacher ${row.teacherModel}`);
  if (new Set(rows.map((r) => r.studentModel)).size > 1) parts.push(row.studentModel);
  if (new Set(rows.map((r) => `${r.envId} ${r.preset}`)).size > 1) parts.push(`${row.envId} ${row.preset}`);
  return parts.join(' · ');
}

/** The episodes behind a number or a chart point. */
export interface Selection {
  title: string;
  episodeIds: string[];
  /** Episodes counted as hits (solved, repeated…), marked in the list. */
  hitIds?: string[];
  hitLabel?: string;
}
