/** Words and colours of the student × teacher grid (GainGrid.svelte). */
import type { Decomposition, GridColumn } from '../../core/metrics';
import { pct } from './format';

/** A column's header: the condition's label, and the teacher model where there is one. */
export function gridColumnLabel(
  label: string,
  column: Pick<GridColumn, 'teacherModel' | 'condition'>,
): string {
  if (column.teacherModel) return `${label} · ${column.teacherModel}`;
  // The self-teacher's model is the row's student: say so, since its column has no model name.
  if (column.condition.kind === 'self-teacher') return `${label} · the student itself`;
  return label;
}

/**
 * A diverging background for a gain in [−1, 1]: the lab's accent blue for a gain, its red for a
 * loss (blue–red, not green–red, for colour-blind readers), stronger with the size, at most half
 * strength so the text on it stays readable. Zero gets none; the sign is always in the text.
 */
export function gridCellStyle(gain: number): string {
  if (!Number.isFinite(gain) || gain === 0) return '';
  const strength = Math.round(Math.min(1, Math.abs(gain)) * 50);
  return `background: color-mix(in srgb, var(${gain > 0 ? '--accent' : '--bad'}) ${strength}%, transparent);`;
}

/**
 * What the variance decomposition says, in sentences, from measured numbers only: the shares when it
 * could be computed (and over which cells), else why not.
 */
export function gridSentence(d: Decomposition, students: number, teachers: number): string[] {
  if (!d.ok) {
    const reason = {
      'too-few-students':
        'The spread cannot be split between student and teacher: that needs at least two students measured with the same two or more teachers.',
      'too-few-teachers':
        'The spread cannot be split between student and teacher: that needs at least two teachers measured with the same two or more students.',
      'no-spread':
        'Every student and teacher pair has the same feedback-specific gain: there is no spread to split.',
    }[d.reason];
    return [reason];
  }
  const lines = [
    `Of the spread in feedback-specific gain, ${pct(d.student)} is explained by the student, ` +
      `${pct(d.teacher)} by the teacher, ${pct(d.residual)} by their interaction ` +
      '(with one gain per pair, the interaction also holds the sampling noise).',
  ];
  if (d.leftOut > 0) {
    lines.push(
      `Computed over the ${d.students.length} students × ${d.columns.length} teachers with every pair measured; ` +
        `${d.leftOut} of ${students * teachers} cells left out.`,
    );
  }
  return lines;
}
