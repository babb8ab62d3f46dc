/** Issues every environment raises the same way. */
import type { Issue } from '../types';

/** The answer was readable but not inside `<answer>…</answer>`. */
export const missingTagIssue = (): Issue => ({
  code: 'format.missing-tag',
  message: 'The answer is not inside <answer></answer> tags.',
});

/** Nothing in the reply could be read as an answer. */
export const unparseableIssue = (what: string): Issue => ({
  code: 'format.unparseable',
  message: `No ${what} could be read from the reply.`,
});
