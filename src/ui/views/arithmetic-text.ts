/** Short per-step reasons for the arithmetic view, from the verifier's issues. */
import type { Issue } from '../../core/envs/types';

/**
 * A few words on what is wrong with a step, or null for issues that are not about one step.
 * Never uses `where.expected`: the view must not print the right value of a wrong step.
 */
export function stepReason(issue: Issue): string | null {
  switch (issue.code) {
    case 'step.wrong':
      return 'the result is not right';
    case 'step.precedence': {
      const first = issue.where?.first;
      return `done too early${typeof first === 'string' ? `: ${first} comes first` : ''}`;
    }
    case 'step.invented-operand':
      return `${String(issue.where?.number ?? 'a number')} is not in the problem or an earlier result`;
    default:
      return null;
  }
}
