/** The arithmetic rule-based teacher: from the verdict (level 0) to the first faulty step (level 3). */
import { levelledHint, primaryIssue, verdict } from '../shared/hint';
import type { Diagnosis, HintLevel, Issue, Task } from '../types';
import type { ArithmeticData, ArithmeticParams } from './types';

/** Which issue the teacher talks about first: the earliest cause, not its consequences. */
const PRIORITY = [
  'format.unparseable',
  'step.precedence',
  'step.wrong',
  'step.invented-operand',
  'answer.mismatch-steps',
  'steps.missing',
  'answer.too-high',
  'answer.too-low',
  'format.missing-tag',
];

const str = (issue: Issue, key: string): string => String(issue.where?.[key] ?? '');

/** Candidate hints for one issue, most specific first, one per level 1–3. */
function candidates(task: Task<ArithmeticParams, ArithmeticData>, issue: Issue): [string, string, string] {
  const story = task.data.story !== null;
  const step = issue.step ?? 0;
  switch (issue.code) {
    case 'format.unparseable':
      return [
        'I could not find your final number.',
        'Finish with the final number alone inside answer tags, like <answer>5</answer> with your own number.',
        'Write one operation per line, then put only the final number inside <answer></answer>.',
      ];
    case 'step.precedence': {
      const rule = story
        ? 'Do the operations in the order the story tells them.'
        : 'Check the order of operations: brackets first, then × and ÷, then + and −.';
      const first = str(issue, 'first');
      return [
        rule,
        `Step ${step} is done too early. ${rule}`,
        first
          ? `In step ${step} you worked out ${str(issue, 'did')}, but ${first} has to be done before that.`
          : `In step ${step} you worked out ${str(issue, 'did')} too early. ${rule}`,
      ];
    }
    case 'step.wrong':
      return [
        'One of your steps has a calculation mistake.',
        `Step ${step} has a calculation mistake.`,
        `Step ${step}: recompute it carefully (your result was ${str(issue, 'written')}), then carry the new value through the later steps.`,
      ];
    case 'step.invented-operand':
      return [
        'One of your steps uses a number that does not come from the problem.',
        `Step ${step} uses a number that is neither in the problem nor an earlier result.`,
        `Step ${step} uses ${str(issue, 'number')}, which is neither in the problem nor an earlier result. Use only the given numbers and your own results.`,
      ];
    case 'answer.mismatch-steps':
      return [
        'Your final answer does not match your own last step.',
        'Your final answer differs from the result of your last step. Which one is right?',
        `Your answer says ${str(issue, 'answer')} but your last step gives ${str(issue, 'lastStep')}. Check the last step, then copy its result into the answer.`,
      ];
    case 'steps.missing':
      return [
        'Show your work: one operation per line, like "12 + 5 = 17".',
        'Write each operation on its own line, like "12 + 5 = 17", then check each line.',
        story
          ? 'Write each event of the story as one operation on its own line, then check each line.'
          : 'Write each operation on its own line, starting with the one that must come first, then check each line.',
      ];
    case 'answer.too-high':
    case 'answer.too-low': {
      const dir = issue.code === 'answer.too-high' ? 'high' : 'low';
      return [
        `Your final answer is too ${dir}.`,
        `Your final answer is too ${dir}. Go through your steps and find the one that went wrong.`,
        `Your final answer is too ${dir}. Recheck each step's calculation and that you did the operations in the right order.`,
      ];
    }
    case 'format.missing-tag':
      return [
        'Put your final number inside <answer></answer> tags.',
        'Put your final number inside <answer></answer> tags.',
        'Put your final number inside <answer></answer> tags.',
      ];
    default:
      return [issue.message, issue.message, issue.message];
  }
}

/** The hint for a diagnosis at a level. Never contains the answer. */
export function hintArithmetic(
  task: Task<ArithmeticParams, ArithmeticData>,
  diagnosis: Diagnosis,
  level: HintLevel,
): string {
  const head = verdict(diagnosis);
  const issue = primaryIssue(diagnosis.issues, PRIORITY);
  if (level === 0 || !issue) return head;
  if (diagnosis.correct) {
    return issue.code === 'format.missing-tag'
      ? `${head} Next time put the number inside <answer></answer>.`
      : head;
  }
  // Falls back to vaguer wording whenever a quoted number happens to be the answer.
  return levelledHint(task.solution, diagnosis, level, candidates(task, issue));
}
