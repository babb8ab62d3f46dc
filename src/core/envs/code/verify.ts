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
import {
  runInSandbox,
  SandboxLostError,
  type LoadFailure,
  type QuickJSModuleLike,
  type SandboxRun,
  type TestOutcome,
} from './sandbox';
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
    case 'stack':
      return {
        code: 'code.stack',
        message: 'Loading the code recursed too deeply (past the stack limit).',
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
    case 'stack':
      return {
        code: 'code.stack',
        message: `Example ${step}: ${input} recursed too deeply (past the stack limit; a missing base case?).`,
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
  if (statuses.includes('stack')) {
    issues.push({
      code: 'code.stack',
      message: 'Recursed too deeply on a hidden test.',
      where: { hidden: true },
    });
  }
  return issues;
}

/**
 * What the sandbox could not do, in place of a run: still loading (`not-ready`), its host's stack
 * overflowed (`stack`), it crashed at the memory cap (`memory`) or otherwise (`crashed`), or it overran the wall-clock deadline of the worker
 * it runs in (`deadline`, after `deadlineMs`).
 */
export type SandboxFault =
  { fault: 'not-ready' | 'stack' | 'memory' | 'crashed' } | { fault: 'deadline'; deadlineMs: number };

/** A run, or why there is none. */
export type SandboxOutcome = SandboxRun | SandboxFault;

/** One verification's work for the sandbox: load `source`, call `fnName` on each test's arguments. */
export interface SandboxRequest {
  source: string;
  fnName: string;
  argsJson: string[];
}

const faultIssue = (f: SandboxFault): Issue => {
  switch (f.fault) {
    case 'not-ready':
      return {
        code: 'code.sandbox-not-ready',
        message: 'The code sandbox has not finished loading, so the code was not run (call prepare() first).',
      };
    case 'stack':
      return {
        code: 'code.stack',
        message: 'The code nested or recursed too deeply for the sandbox (past its stack limit).',
        where: { phase: 'host' },
      };
    case 'memory':
      return {
        code: 'code.memory',
        message: "The code ran out of memory (past the sandbox's memory limit).",
        where: { phase: 'host' },
      };
    case 'crashed':
      return {
        code: 'code.crashed',
        message: 'The code crashed the sandbox, so it was not verified; the sandbox was restarted.',
      };
    case 'deadline':
      return {
        code: 'code.timeout',
        message: `The code did not finish within ${f.deadlineMs / 1000} s (a long built-in call or an endless loop?).`,
        where: { phase: 'deadline' },
      };
  }
};

/** An attempt read as far as the sandbox: the code found in it and the issues so far. */
interface Reading {
  data: CodeData;
  code: string | null;
  issues: Issue[];
  detail: CodeDetail;
}

function read(task: CodeTask, studentText: string): Reading {
  const data = task.data;
  const issues: Issue[] = [];
  const { code, tagged } = extractCode(studentText, data.fnName);
  if (!tagged) issues.push(missingTagIssue());
  const detail: CodeDetail = {
    code,
    examples: data.examples.map(() => ({ status: 'not-run', got: null })),
    hiddenPassed: 0,
    hiddenTotal: data.hidden.length,
  };
  if (code === null) issues.push(unparseableIssue('JavaScript function'));
  return { data, code, issues, detail };
}

const requestOf = (r: Reading, code: string): SandboxRequest => ({
  source: code,
  fnName: r.data.fnName,
  argsJson: [...r.data.examples, ...r.data.hidden].map((t) => JSON.stringify(t.args)),
});

/** The diagnosis of a reading and what the sandbox made of it (null: there was no code to run). */
function diagnose(r: Reading, outcome: SandboxOutcome | null): Diagnosis {
  const { data, code, issues, detail } = r;
  const fail = (): Diagnosis => ({ correct: false, score: 0, issues, parsed: code, detail });
  if (outcome === null) return fail();
  if ('fault' in outcome) {
    issues.push(faultIssue(outcome));
    return fail();
  }
  if (outcome.load) {
    issues.push(loadIssue(outcome.load, data.fnName));
    return fail();
  }
  const tests = [...data.examples, ...data.hidden];
  const total = tests.length;
  const statuses = tests.map((t, i) => statusOf(outcome.tests[i], t));
  const visible = statuses.slice(0, data.examples.length);
  detail.examples = visible.map((status, i) => ({ status, got: gotText(outcome.tests[i]) }));
  const firstBad = visible.findIndex((s) => s !== 'pass');
  if (firstBad >= 0) {
    const issue = exampleIssue(firstBad, visible[firstBad] as TestStatus, outcome.tests[firstBad], data);
    if (issue) issues.push(issue);
  }
  const hidden = statuses.slice(data.examples.length);
  detail.hiddenPassed = hidden.filter((s) => s === 'pass').length;
  issues.push(...hiddenIssues(hidden));

  const passed = statuses.filter((s) => s === 'pass').length;
  return { correct: passed === total, score: passed / total, issues, parsed: code, detail };
}

/**
 * Verify an attempt with `run`, which runs a request in a sandbox here and now. Never throws for
 * anything the student wrote.
 */
export function verifyCodeWith(
  task: CodeTask,
  studentText: string,
  run: (request: SandboxRequest) => SandboxOutcome,
): Diagnosis {
  const r = read(task, studentText);
  return diagnose(r, r.code === null ? null : run(requestOf(r, r.code)));
}

/**
 * Verify an attempt with `run`, which runs a request elsewhere (a sandbox worker with a deadline).
 * Never rejects for anything the student wrote.
 */
export async function verifyCodeAsync(
  task: CodeTask,
  studentText: string,
  run: (request: SandboxRequest) => Promise<SandboxOutcome>,
): Promise<Diagnosis> {
  const r = read(task, studentText);
  return diagnose(r, r.code === null ? null : await run(requestOf(r, r.code)));
}

/**
 * Run a request in `quickjs` here: a run, or the fault that lost the module (the caller must drop it
 * then, `onLost`), or `not-ready` while there is no module.
 */
export function runRequest(
  quickjs: QuickJSModuleLike | null,
  request: SandboxRequest,
  onLost: () => void = () => {},
): SandboxOutcome {
  if (quickjs === null) return { fault: 'not-ready' };
  try {
    const run = runInSandbox(quickjs, request.source, request.fnName, request.argsJson);
    if (run.lost) onLost();
    return run;
  } catch (error) {
    if (!(error instanceof SandboxLostError)) throw error;
    onLost();
    return { fault: error.reason };
  }
}

/**
 * Verify an attempt with the sandbox module `quickjs` (null while it is still loading), in this thread.
 * Never throws for anything the student wrote.
 */
export function verifyCode(
  quickjs: QuickJSModuleLike | null,
  task: CodeTask,
  studentText: string,
  onLost?: () => void,
): Diagnosis {
  return verifyCodeWith(task, studentText, (request) => runRequest(quickjs, request, onLost));
}
