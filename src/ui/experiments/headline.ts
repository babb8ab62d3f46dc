/**
 * The results' headline in words: the condition with the largest measured feedback-specific gain,
 * "Rule teacher (hint level 2) adds +12.0 pp [+3.0, +21.0] over plain retry by attempt 5 (10 paired
 * tasks)", and whether its interval is clear of zero. Only measured numbers; null when there is none.
 */
import type { ConditionSummary, ExperimentSummary } from '../../core/metrics';
import { pp, rowLabel } from './format';

/** The headline sentence, or null when no row has a feedback gain with paired items. */
export function headline(summary: ExperimentSummary): string | null {
  const measured = summary.rows.filter(
    (r): r is ConditionSummary & { feedbackGain: NonNullable<ConditionSummary['feedbackGain']> } =>
      r.feedbackGain !== null &&
      r.feedbackGain.estimate !== null &&
      r.feedbackGain.low !== null &&
      r.feedbackGain.high !== null &&
      r.feedbackGain.items > 0,
  );
  if (measured.length === 0) return null;
  const best = measured.reduce((a, b) => (b.feedbackGain.estimate! > a.feedbackGain.estimate! ? b : a));
  const g = best.feedbackGain;
  const estimate = g.estimate!;
  const verb = estimate > 0 ? 'adds' : estimate < 0 ? 'changes accuracy by' : 'adds';
  const tasks = `${g.items} paired task${g.items === 1 ? '' : 's'}`;
  const sentence =
    `${rowLabel(best, summary.rows)} ${verb} ${pp(estimate)} [${pp(g.low)}, ${pp(g.high)}] over plain retry ` +
    `by attempt ${best.turnBudget} (${tasks}).`;
  const clear = g.low! > 0 || g.high! < 0;
  return clear
    ? `${sentence} The 95% interval is clear of zero.`
    : `${sentence} The 95% interval includes zero: no clear effect yet.`;
}
