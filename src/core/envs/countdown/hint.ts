/** The countdown rule-based teacher. */
import { parseExpression, type Op } from '../shared/expression';
import { levelledHint, primaryIssue, verdict } from '../shared/hint';
import type { Diagnosis, HintLevel, Issue, Task } from '../types';
import type { CountdownData, CountdownParams } from './types';

const PRIORITY = [
  'format.unparseable',
  'parse.error',
  'number.foreign',
  'number.reused',
  'math.div-zero',
  'value.wrong',
  'format.missing-tag',
];

const OP_NAMES: Record<Op, string> = {
  '+': 'an addition',
  '-': 'a subtraction',
  '*': 'a multiplication',
  '/': 'a division',
};

/** A shape-only description of the reference solution: how many numbers, and its last operation. */
function strategy(task: Task<CountdownParams, CountdownData>): string {
  const parsed = parseExpression(task.solution);
  if (!parsed.ok || parsed.value.kind !== 'op')
    return 'Try combining two numbers first, then build on the result.';
  const count = (task.solution.match(/\d+/g) ?? []).length;
  return `One solution uses ${count} of the numbers and ends with ${OP_NAMES[parsed.value.op]}.`;
}

const at = (issue: Issue, key: string): string => String(issue.where?.[key] ?? '');

function sentences(task: Task<CountdownParams, CountdownData>, issue: Issue): string[] {
  switch (issue.code) {
    case 'format.unparseable':
      return [
        'I could not find an expression in your reply.',
        'Write one expression such as (a + b) * c, using your numbers, inside <answer></answer>.',
        'Write one expression such as (a + b) * c, using your numbers, inside <answer></answer>. Leave out words and the "= target" part.',
      ];
    case 'parse.error':
      return [
        'Your expression could not be read.',
        `Your expression could not be read: ${at(issue, 'message')} (at character ${at(issue, 'position')}).`,
        `Your expression could not be read: ${at(issue, 'message')} (at character ${at(issue, 'position')}). Use only the numbers, + - * / and brackets.`,
      ];
    case 'number.foreign':
      return [
        'You used a number that is not in the list.',
        `${at(issue, 'number')} is not one of the given numbers.`,
        `${at(issue, 'number')} is not one of the given numbers: you may only use the listed numbers, each at most once. ${strategy(task)}`,
      ];
    case 'number.reused':
      return [
        'You used a number more often than it is given.',
        `You used ${at(issue, 'number')} ${at(issue, 'used')} times; it is given ${at(issue, 'given')} time(s).`,
        `You used ${at(issue, 'number')} ${at(issue, 'used')} times; each given number may be used at most once. ${strategy(task)}`,
      ];
    case 'math.div-zero':
      return [
        'Your expression divides by zero.',
        `The division at character ${at(issue, 'position')} divides by zero.`,
        `The division at character ${at(issue, 'position')} divides by zero; rearrange so that you never divide by 0.`,
      ];
    case 'value.wrong': {
      const dir = at(issue, 'direction') === 'too-high' ? 'too high' : 'too low';
      return [
        `Your expression equals ${at(issue, 'value')}, which is ${dir}.`,
        `Your expression equals ${at(issue, 'value')}, which is ${at(issue, 'off')} ${dir}.`,
        `Your expression equals ${at(issue, 'value')}, which is ${at(issue, 'off')} ${dir}. ${strategy(task)}`,
      ];
    }
    default:
      return [issue.message];
  }
}

/** The hint for a diagnosis at a level. Never contains the reference expression. */
export function hintCountdown(
  task: Task<CountdownParams, CountdownData>,
  diagnosis: Diagnosis,
  level: HintLevel,
): string {
  const issue = primaryIssue(
    diagnosis.issues.filter((i) => i.code !== 'number.unused'),
    PRIORITY,
  );
  if (level === 0 || !issue) return verdict(diagnosis);
  if (diagnosis.correct)
    return `${verdict(diagnosis)} Next time put the expression inside <answer></answer>.`;
  return levelledHint(task.solution, diagnosis, level, sentences(task, issue));
}
