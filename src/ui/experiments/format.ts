/** Number formats of the results view. */
import type { ConditionSummary } from '../../core/metrics';
import { conditionLabel, teacherOptionsText } from '../../core/protocol';

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
  // Rows split by budget and by the student's settings: name what differs.
  const same = rows.filter((r) => r.conditionKey === row.conditionKey);
  if (new Set(same.map((r) => r.turnBudget)).size > 1) parts.push(`${row.turnBudget} turns`);
  const settings = (r: ConditionSummary) => JSON.stringify(r.settings);
  if (new Set(rows.map(settings)).size > 1) {
    const { history, temperature, maxTokens, keepGoing, teacherOptions } = row.settings;
    parts.push(
      [
        history ? `history ${history}` : null,
        temperature !== null ? `temperature ${temperature}` : null,
        maxTokens !== null ? `${maxTokens} tokens` : null,
        keepGoing ? 'keeps going after correct' : null,
        teacherOptions ? teacherOptionsText(teacherOptions) : null,
      ]
        .filter((x) => x !== null)
        .join(', ') || 'settings not stored',
    );
  }
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

/** A p-value as people read it: "p = 0.031", "p < 0.001"; null → "no test". */
export function pValueText(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'no test';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** The test behind a p-value, named: "McNemar's exact test, p = 0.12". */
export function testText(
  test: 'mcnemar-exact' | 'sign-test' | null | undefined,
  p: number | null | undefined,
): string {
  if (!test) return 'no test';
  return `${test === 'mcnemar-exact' ? "McNemar's exact test" : 'sign test over items'}, ${pValueText(p)}`;
}

/**
 * What the table's numbers include that a reader would otherwise miss, one sentence each: teacher
 * messages withheld for leaking (the rule hint went instead) and students that ran out of context
 * (counted as failed).
 */
export function accountingNotes(rows: readonly ConditionSummary[]): string[] {
  const notes: string[] = [];
  for (const row of rows) {
    const name = rowLabel(row, rows);
    if (row.withheld.hits > 0) {
      notes.push(
        `${name}: ${row.withheld.hits} of ${row.withheld.units} teacher messages (${pct(row.withheld.rate)}) ` +
          'leaked the answer in every draft and were replaced by the rule hint.',
      );
    }
    const overflow = row.contextOverflowIds.length;
    if (overflow > 0) {
      notes.push(
        `${name}: ${overflow} ${overflow === 1 ? 'episode' : 'episodes'} ended when the conversation no longer ` +
          "fit the student's context window; counted as failed.",
      );
    }
  }
  return notes;
}

/**
 * The multiplicity warning after `count` different comparisons were read: at 5% each, some will
 * look "significant" by chance. Null for one comparison.
 */
export function multiplicityNote(count: number): string | null {
  if (count < 2) return null;
  const threshold = 0.05 / count;
  return (
    `You have read ${count} comparisons. At a 5% level each, about ${(count * 5).toFixed(0)}% of such ` +
    `readings would show a difference by chance alone somewhere; to keep that at 5% overall, count only ` +
    `p < ${threshold < 0.001 ? threshold.toExponential(1) : threshold.toFixed(3)} (Bonferroni).`
  );
}
