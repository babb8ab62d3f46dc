/** CSV export of the summary table (RFC 4180: CRLF line ends, fields quoted only when needed). */
import type { ExperimentSummary } from './summary';

/**
 * Text a spreadsheet would read as a formula (OWASP "CSV injection"): a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return. Model names and environment ids are user- and
 * server-supplied, so `=HYPERLINK(…)` as a model name must reach the sheet as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: quoted, with inner quotes doubled, when it holds a comma, a double quote, CR or LF
 * (RFC 4180 §2.6–2.7); as is otherwise. null and undefined become the empty field. Text that starts
 * like a formula gets a leading `'` (OWASP's advice), so spreadsheets show it instead of running it;
 * numbers are written as numbers (a negative gain stays -0.1).
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? formatNumber(value) : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Numbers to at most 6 decimals, so 0.1 + 0.2 prints as 0.3; non-finite numbers as the empty field. */
function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  return String(Number(x.toFixed(6)));
}

/** Rows of fields to RFC 4180 text: fields joined by commas, records by CRLF, with a final CRLF. */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/**
 * The summary as a table, one row per condition row: identity, counts, accuracy (with Wilson bounds),
 * gains, feedback-specific gain, process rates, costs, then acc_t1..acc_tK for the largest K of any
 * row (empty beyond a row's own K). Empty fields mean "undefined" (null in the summary).
 * `tokens_unknown` counts the completed episodes left out of the token figures because a count was
 * unknown.
 */
export function summaryToCsv(summary: ExperimentSummary): string {
  const maxK = Math.max(0, ...summary.rows.map((r) => r.turnBudget));
  const turnColumns = Array.from({ length: maxK }, (_, i) => `acc_t${i + 1}`);
  const header = [
    'env',
    'preset',
    'student',
    'condition',
    'teacher',
    'turn_budget',
    'episodes',
    'completed',
    'running',
    'aborted',
    'interrupted',
    'error',
    'acc1',
    'acc1_low',
    'acc1_high',
    'accK',
    'accK_low',
    'accK_high',
    'gain',
    'normalised_gain',
    'auc',
    'feedback_gain',
    'feedback_gain_low',
    'feedback_gain_high',
    'feedback_gain_items',
    'feedback_gain_method',
    'feedback_gain_p',
    'feedback_gain_test',
    'content_gain',
    'content_gain_low',
    'content_gain_high',
    'content_gain_items',
    'repeat_rate',
    'repeat_units',
    'fix_rate',
    'fix_units',
    'regression_rate',
    'regression_units',
    'leak_rate',
    'leak_drafts',
    'leak_delivered_rate',
    'withheld_rate',
    'withheld_units',
    'context_overflow',
    'history',
    'temperature',
    'max_tokens',
    'keep_going',
    'teacher_options',
    'tokens_mean',
    'tokens_median',
    'tokens_unknown',
    'student_tokens_mean',
    'teacher_tokens_mean',
    'time_ms_mean',
    'time_ms_median',
    ...turnColumns,
  ];
  const body = summary.rows.map((r) => {
    const fg = r.feedbackGain;
    return [
      r.envId,
      r.preset,
      r.studentModel,
      r.conditionKey,
      r.teacherModel,
      r.turnBudget,
      r.episodeIds.length,
      r.completedIds.length,
      r.excluded.running.length,
      r.excluded.aborted.length,
      r.excluded.interrupted.length,
      r.excluded.error.length,
      r.acc1.p,
      r.acc1.low,
      r.acc1.high,
      r.accK.p,
      r.accK.low,
      r.accK.high,
      r.gain.value,
      r.normalisedGain.value,
      r.auc.value,
      fg?.estimate,
      fg?.low,
      fg?.high,
      fg?.items,
      fg?.method,
      fg?.pValue,
      fg?.test,
      r.contentGain?.estimate,
      r.contentGain?.low,
      r.contentGain?.high,
      r.contentGain?.items,
      r.repeat.rate,
      r.repeat.units,
      r.fix.rate,
      r.fix.units,
      r.regression.rate,
      r.regression.units,
      r.leak.rate,
      r.leak.units,
      r.leakDelivered.rate,
      r.withheld.rate,
      r.withheld.units,
      r.contextOverflowIds.length,
      r.settings.history,
      r.settings.temperature,
      r.settings.maxTokens,
      r.settings.keepGoing,
      r.settings.teacherOptions ? JSON.stringify(r.settings.teacherOptions) : null,
      r.costs.totalTokens.mean,
      r.costs.totalTokens.median,
      r.costs.totalTokens.unknownIds.length,
      r.costs.studentTokens.mean,
      r.costs.teacherTokens.mean,
      r.costs.timeMs.mean,
      r.costs.timeMs.median,
      ...turnColumns.map((_, i) => r.cumulative[i]?.p),
    ];
  });
  return toCsv([header, ...body]);
}
