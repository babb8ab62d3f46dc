/**
 * The code verifier: find the function in the reply, run it in the QuickJS sandbox on the visible
 * examples and the hidden tests, and say what went wrong. The first failing example is named with its
 * input, expected and actual result; hidden tests are reported as counts only (never their inputs, the
 * values returned or the errors thrown on them, which code could use to smuggle the inputs out).
 */
import { canonicalJson } from '../../rng';
import { missingTagIssue, unparseableIssue } from '../shared/issues';
import type { Diagnosis, Issue, Task } from '../types';
import { extractCode } from './extract';
import { callText, shorten } from './format';
import { runInSandbox, type LoadFailure, type QuickJSModuleLike, type TestOutcome } from './sandbox';
import type { CodeData, CodeDetail, CodeParams, CodeTest, TestStatus } from './types';

type CodeTask = Task<CodeParams, CodeData>;

/** Whether the sandbox's JSON text equals the expected value (compared as canonical JSON). */
function sameJson(got: string | null, expected: CodeTest['expected']): boolean {
  if (got === null) return false;
  try {
    return canonicalJson(JSON.parse(got)) === canonicalJson(expected);
  } catch {
    return false;
  }
}

function statusOf(outcome: TestOutcome | undefined, test: CodeTest): TestStatus {
  if (!outcome) return 'not-run';
  switch (outcome.kind) {
    case 'returned':
      return sameJson(outcome.json, test.expected) ? 'pass' : 'fail';
    case 'threw':
      return 'error';
    default:
      return outcome.kind;
  }
}

const gotText = (o: TestOutcome | undefined): string | null =>
  o?.kind === 'returned' ? shorten(o.json ?? 'undefined') : o?.kind === 'threw' ? shorten(o.message) : null;

const lineText = (line: number | null): string => (line === null ? '' : ` (line ${line})`);

function loadIssue(f: LoadFailure, fnName: string): Issue {
  const where = { line: f.line, message: shorten(f.message) };
  switch (f.kind) {
    case 'syntax':
      return {
        code: 'code.syntax',
        message: `The code does not parse: ${where.message}${lineText(f.line)}.`,
        where,
      };
    case 'no-function':
      return { code: 'code.no-function', message: f.message, where: { name: fnName } };
    case 'runtime':
      return {
        code: 'code.runtime-error',
        message: `The code throws while it is loaded, before any test: ${where.message}${lineText(f.line)}.`,
        where: { ...where, phase: 'load' },
      };
    case 'timeout':
      return {
        code: 'code.timeout',
        message: 'Loading the code ran out of time (an endless loop?).',
        where: { phase: 'load' },
      };
    case 'memory':
      return {
        code: 'code.memory',
        message: 'Loading the code ran out of memory.',
        where: { phase: 'load' },
      };
  }
}

/** The issue for the first visible example that did not pass. */
function exampleIssue(
  i: number,
  status: TestStatus,
  outcome: TestOutcome | undefined,
  data: CodeData,
): Issue | null {
  const test = data.examples[i] as CodeTest;
  const input = shorten(callText(data.fnName, test.args));
  const expected = shorten(JSON.stringify(test.expected));
  const step = i + 1;
  switch (status) {
    case 'fail': {
      const got = gotText(outcome) ?? 'undefined';
      return {
        code: 'test.failed',
        message: `Example ${step}: ${input} should return ${expected} but returned ${got}.`,
        step,
        where: { test: step, input, expected, got },
      };
    }
    case 'error': {
      const thrown = outcome?.kind === 'threw' ? outcome : null;
      const message = shorten(thrown?.message ?? 'an error');
      return {
        code: 'code.runtime-error',
        message: `Example ${step}: ${input} throws ${message}${lineText(thrown?.line ?? null)}.`,
        step,
        where: { test: step, input, message, line: thrown?.line ?? null, phase: 'call' },
      };
    }
    case 'timeout':
      return {
        code: 'code.timeout',
        message: `Example ${step}: ${input} did not finish within the time limit (an endless loop?).`,
        step,
        where: { test: step, input },
      };
    case 'memory':
      return {
        code: 'code.memory',
        message: `Example ${step}: ${input} ran out of memory.`,
        step,
        where: { test: step, input },
      };
    default:
      return null;
  }
}

/** Issues about the hidden tests: counts only. */
function hiddenIssues(statuses: readonly TestStatus[]): Issue[] {
  const failed = statuses.filter((s) => s !== 'pass').length;
  if (failed === 0) return [];
  const total = statuses.length;
  const issues: Issue[] = [
    {
      code: 'test.failed',
      message: `Fails ${failed} of ${total} hidden test${total === 1 ? '' : 's'}.`,
      where: { hidden: true, failed, total },
    },
  ];
  const errors = statuses.filter((s) => s === 'error').length;
  if (errors > 0) {
    issues.push({
      code: 'code.runtime-error',
      message: `Throws an error on ${errors} hidden test${errors === 1 ? '' : 's'}.`,
      where: { hidden: true, count: errors },
    });
  }
  if (statuses.includes('timeout')) {
    issues.push({
      code: 'code.timeout',
      message: 'Ran out of time on a hidden test.',
      where: { hidden: true },
    });
  }
  if (statuses.includes('memory')) {
    issues.push({
      code: 'code.memory',
      message: 'Ran out of memory on a hidden test.',
      where: { hidden: true },
    });
  }
  return issues;
}

/**
 * Verify an attempt with the sandbox module `quickjs` (null while it is still loading). Never throws for
 * anything the student wrote; throws only if QuickJS itself fails (the caller's `neverThrows` turns that
 * into a diagnosis).
 */
export function verifyCode(
  quickjs: QuickJSModuleLike | null,
  task: CodeTask,
  studentText: string,
): Diagnosis {
  const data = task.data;
  const issues: Issue[] = [];
  const { code, tagged } = extractCode(studentText, data.fnName);
  if (!tagged) issues.push(missingTagIssue());
  const total = data.examples.length + data.hidden.length;
  const detail: CodeDetail = {
    code,
    examples: data.examples.map(() => ({ status: 'not-run', got: null })),
    hiddenPassed: 0,
    hiddenTotal: data.hidden.length,
  };
  const fail = (parsed: string | null): Diagnosis => ({ correct: false, score: 0, issues, parsed, detail });

  if (code === null) {
    issues.push(unparseableIssue('JavaScript function'));
    return fail(null);
  }
  if (quickjs === null) {
    issues.push({
      code: 'code.sandbox-not-ready',
      message: 'The code sandbox has not finished loading, so the code was not run (call prepare() first).',
    });
    return fail(code);
  }

  const tests = [...data.examples, ...data.hidden];
  const run = runInSandbox(
    quickjs,
    code,
    data.fnName,
    tests.map((t) => JSON.stringify(t.args)),
  );
  if (run.load) {
    issues.push(loadIssue(run.load, data.fnName));
    return fail(code);
  }

  const statuses = tests.map((t, i) => statusOf(run.tests[i], t));
  const visible = statuses.slice(0, data.examples.length);
  detail.examples = visible.map((status, i) => ({ status, got: gotText(run.tests[i]) }));
  const firstBad = visible.findIndex((s) => s !== 'pass');
  if (firstBad >= 0) {
    const issue = exampleIssue(firstBad, visible[firstBad] as TestStatus, run.tests[firstBad], data);
    if (issue) issues.push(issue);
  }
  const hidden = statuses.slice(data.examples.length);
  detail.hiddenPassed = hidden.filter((s) => s === 'pass').length;
  issues.push(...hiddenIssues(hidden));

  const passed = statuses.filter((s) => s === 'pass').length;
  return { correct: passed === total, score: passed / total, issues, parsed: code, detail };
}
