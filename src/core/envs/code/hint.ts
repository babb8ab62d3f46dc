/**
 * The code environment's rule-based teacher. Hints name the first failing example (already in the
 * prompt), the error the code raised, or how many hidden tests fail, and at level 3 add the family's
 * strategy in words. They never contain code from the reference solution or a hidden test's input.
 */
import { levelledHint, verdict } from '../shared/hint';
import type { Diagnosis, HintLevel, Issue, Task } from '../types';
import { CODE_FAMILIES } from './families';
import type { CodeData, CodeParams } from './types';

type CodeTask = Task<CodeParams, CodeData>;

const PRIORITY = [
  'format.unparseable',
  'code.sandbox-not-ready',
  'code.syntax',
  'code.no-function',
  'code.runtime-error',
  'code.crashed',
  'code.timeout',
  'code.stack',
  'code.memory',
  'test.failed',
  'format.missing-tag',
];

const at = (issue: Issue, key: string): string => String(issue.where?.[key] ?? '');
const isHidden = (issue: Issue): boolean => issue.where?.['hidden'] === true;
const line = (issue: Issue): string => (issue.where?.['line'] != null ? ` (line ${at(issue, 'line')})` : '');

/** Visible problems first (they can be shown in full), then hidden-test counts. */
function primary(issues: readonly Issue[]): Issue | undefined {
  for (const pass of [false, true]) {
    for (const code of PRIORITY) {
      const found = issues.find((i) => i.code === code && isHidden(i) === pass);
      if (found) return found;
    }
  }
  return issues[0];
}

function sentences(task: CodeTask, issue: Issue): string[] {
  const { fnName, params, family } = task.data;
  const signature = `${fnName}(${params.join(', ')})`;
  const tip =
    CODE_FAMILIES[family]?.tip ?? 'Work through the first example by hand and compare with your code.';
  const edges = CODE_FAMILIES[family]?.edges ?? 'other inputs';
  switch (issue.code) {
    case 'format.unparseable':
      return [
        'I could not find any code in your reply.',
        `Write the function ${signature} inside <answer></answer> tags.`,
        `Write the whole definition of ${signature} inside <answer></answer> tags, with no other text inside the tags.`,
      ];
    case 'code.sandbox-not-ready':
      return ['The code checker was still loading, so your code was not run. Send it again.'];
    case 'code.syntax':
      return [
        'Your code is not valid JavaScript.',
        `Your code is not valid JavaScript: ${at(issue, 'message')}${line(issue)}.`,
        `Your code is not valid JavaScript: ${at(issue, 'message')}${line(issue)}. Check the brackets and quotes near that line, and leave out TypeScript types and Markdown.`,
      ];
    case 'code.no-function':
      return [
        'Your code does not define the function the task asks for.',
        `Your code must define a function named ${fnName} with the parameters (${params.join(', ')}).`,
        `Your code must define a function named ${fnName} with the parameters (${params.join(', ')}) that returns its result. ${tip}`,
      ];
    case 'code.runtime-error':
      if (isHidden(issue))
        return [
          'Your function throws an error on some hidden tests.',
          `Your function throws an error on some hidden tests. They also try ${edges}.`,
          `Your function throws an error on some hidden tests. They also try ${edges}. ${tip}`,
        ];
      if (issue.where?.['phase'] === 'load')
        return [
          'Your code throws an error before any test runs.',
          `While loading, your code throws ${at(issue, 'message')}${line(issue)}.`,
          `While loading, your code throws ${at(issue, 'message')}${line(issue)}. Answer with the function definition only: do not call it, and do not use fetch, storage or the page, which do not exist here.`,
        ];
      return [
        'Your function throws an error on one of the examples.',
        `${at(issue, 'input')} throws ${at(issue, 'message')}${line(issue)}.`,
        `${at(issue, 'input')} throws ${at(issue, 'message')}${line(issue)}. Check that every variable you use is defined and holds what you expect. ${tip}`,
      ];
    case 'code.timeout': {
      const where = isHidden(issue)
        ? 'on a hidden test'
        : issue.where?.['input']
          ? `on ${at(issue, 'input')}`
          : '';
      return [
        'Your code ran out of time.',
        `Your code ran out of time ${where}: probably an endless loop.`.replace('  ', ' '),
        `Your code ran out of time ${where}: probably an endless loop. Check that each loop variable moves toward its end condition and that any recursion has a base case.`.replace(
          '  ',
          ' ',
        ),
      ];
    }
    case 'code.stack':
      return [
        'Your code recursed or nested too deeply.',
        'Your code recursed or nested too deeply: a recursion probably has no base case that it reaches.',
        'Your code recursed or nested too deeply: check that every recursive call moves toward a base case, or use a loop instead.',
      ];
    case 'code.crashed':
      return [
        'Your code crashed the code checker, so it was not run to the end.',
        'Your code crashed the code checker: very deep nesting or a flood of promises can do that.',
        'Your code crashed the code checker: very deep nesting or a flood of promises can do that. Write a plain function that returns its result, without promises or generated code.',
      ];
    case 'code.memory':
      return [
        'Your code used too much memory.',
        'Your code used too much memory: something keeps growing without end.',
        'Your code used too much memory: check for loops that keep adding to an array or string without stopping.',
      ];
    case 'test.failed':
      if (isHidden(issue))
        return [
          'Your function passes the examples but not every hidden test.',
          `Your function fails ${at(issue, 'failed')} of ${at(issue, 'total')} hidden tests. They also try ${edges}.`,
          `Your function fails ${at(issue, 'failed')} of ${at(issue, 'total')} hidden tests. They also try ${edges}. ${tip}`,
        ];
      return [
        'Your function gives a wrong result for one of the examples.',
        `${at(issue, 'input')} returned ${at(issue, 'got')}, but the expected result is ${at(issue, 'expected')}.`,
        `${at(issue, 'input')} returned ${at(issue, 'got')}, but the expected result is ${at(issue, 'expected')}. ${tip}`,
      ];
    default:
      return [issue.message];
  }
}

/** The hint for a diagnosis at a level. Never contains the reference solution or a hidden input. */
export function hintCode(task: CodeTask, diagnosis: Diagnosis, level: HintLevel): string {
  const issue = primary(diagnosis.issues);
  if (level === 0 || !issue) return verdict(diagnosis);
  if (diagnosis.correct) return `${verdict(diagnosis)} Next time put the function inside <answer></answer>.`;
  return levelledHint(task.solution, diagnosis, level, sentences(task, issue));
}
