/**
 * The code sandbox's hard limits in this thread (Node), attacked with the programs that crashed or
 * hung it: stack (QuickJS stops recursion by its own limit; what overflows the host loses the module,
 * which is replaced), memory in bytes (the wasm memory's cap), a getter that loops in place of the
 * function, a flood of pending promise jobs, and the diagnosis mapping under any outcome (fast-check).
 * The same programs in a Chromium worker, with the deadline: test/browser/code-sandbox-host.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  code,
  loadQuickJS,
  runInSandbox,
  SANDBOX_LIMITS,
  verifyCodeWith,
  type CodeData,
  type CodeParams,
  type SandboxOutcome,
  type TestOutcome,
} from '../../src/core/envs/code';
import type { Task } from '../../src/core/envs/types';

type CodeTask = Task<CodeParams, CodeData>;
const wrap = (src: string): string => `<answer>\n${src}\n</answer>`;
const codesOf = (task: CodeTask, text: string): string[] => code.verify(task, text).issues.map((i) => i.code);

let task: CodeTask;
/** A program that defines the task's function with `body`, after `before` at the top level. */
const program = (body: string, before = ''): string =>
  wrap(`${before}\nfunction ${task.data.fnName}(...args) {\n  ${body}\n}`);

beforeAll(async () => {
  await code.prepare!();
  task = code.generate(code.presets.easy, 1, 0);
});

describe('code sandbox limits', () => {
  it('recursion to depth 1,000 (what a real solution may need) runs; depth 5,000 hits the stack limit', async () => {
    const quickjs = await loadQuickJS();
    const depth = (n: number): TestOutcome | undefined =>
      runInSandbox(quickjs, 'function f(n) { return n === 0 ? 0 : f(n - 1) + 1; }', 'f', [`[${n}]`]).tests[0];
    expect(depth(1000)).toEqual({ kind: 'returned', json: '1000' });
    expect(depth(5000)).toEqual({ kind: 'stack' });
    expect(codesOf(task, program('return f(1); function f(n) { return f(n + 1) + 1; }'))).toContain(
      'code.stack',
    );
  });

  it('deep nesting in JSON.parse and eval ends as the stack limit, and the next verification works', async () => {
    for (const nest of [
      `JSON.parse('['.repeat(1e5) + ']'.repeat(1e5))`,
      `eval('['.repeat(1e5) + ']'.repeat(1e5))`,
    ]) {
      expect(codesOf(task, program(`return ${nest};`)), nest).toContain('code.stack');
      await code.prepare!(); // a module the host's stack overflow lost is replaced
      expect(code.verify(task, wrap(task.solution)).correct, nest).toBe(true);
    }
  }, 60_000);

  it('memory is bounded in bytes: a push loop ends as code.memory and the wasm memory stays under its cap', async () => {
    const quickjs = await loadQuickJS();
    for (const bomb of [
      'let a = []; while (true) a.push(new Array(1e6).fill(1));',
      'let a = []; while (true) a.push(new Array(1e6));',
      'let a = []; while (true) a.push({ n: a.length });',
    ]) {
      const run = runInSandbox(quickjs, `function f() { ${bomb} }`, 'f', ['[]']);
      expect(run.tests, bomb).toEqual([{ kind: 'memory' }]);
      expect(quickjs.getWasmMemory().buffer.byteLength).toBeLessThanOrEqual(SANDBOX_LIMITS.wasmBytes);
    }
    expect(codesOf(task, program('let a = []; while (true) a.push(new Array(1e6));'))).toContain(
      'code.memory',
    );
    expect(code.verify(task, wrap(task.solution)).correct).toBe(true);
  }, 60_000);

  it('`throw null` is the code’s own error, not the memory limit', () => {
    const d = code.verify(task, program('throw null;'));
    expect(d.issues.map((i) => i.code)).toContain('code.runtime-error');
    expect(d.issues.map((i) => i.code)).not.toContain('code.memory');
  });

  it('a getter that loops in place of the function is a time-out, not "no function"', () => {
    const getter = `Object.defineProperty(globalThis, '${task.data.fnName}', { get() { for (;;) {} } });`;
    const d = code.verify(task, wrap(getter));
    expect(d.issues.map((i) => i.code)).toEqual(['code.timeout']);
    expect(d.issues[0]!.where).toEqual({ phase: 'load' });
    const throwing = `Object.defineProperty(globalThis, '${task.data.fnName}', { get() { throw new TypeError('no'); } });`;
    expect(codesOf(task, wrap(throwing))).toEqual(['code.runtime-error']);
  });

  it('a flood of pending promise jobs keeps its diagnosis and the next verification works', async () => {
    const flood = program('return 0;', 'for (let i = 0; i < 1e4; i++) Promise.resolve(i).then((x) => [x]);');
    const d = code.verify(task, flood);
    expect(d.issues.map((i) => i.code)).toContain('test.failed');
    await code.prepare!();
    expect(code.verify(task, wrap(task.solution)).correct).toBe(true);
  }, 60_000);
});

const outcomeArb: fc.Arbitrary<TestOutcome> = fc.oneof(
  fc.record({ kind: fc.constant('returned' as const), json: fc.option(fc.oneof(fc.json(), fc.string())) }),
  fc.record({
    kind: fc.constant('threw' as const),
    message: fc.string(),
    line: fc.option(fc.integer()),
  }),
  fc.constantFrom<TestOutcome>(
    { kind: 'timeout' },
    { kind: 'memory' },
    { kind: 'stack' },
    { kind: 'not-run' },
  ),
);

const sandboxOutcomeArb: fc.Arbitrary<SandboxOutcome> = fc.oneof(
  fc.record({
    load: fc.option(
      fc.record({
        kind: fc.constantFrom('syntax', 'runtime', 'timeout', 'memory', 'stack', 'no-function' as const),
        message: fc.string(),
        line: fc.option(fc.integer()),
      }),
    ),
    tests: fc.array(outcomeArb, { maxLength: 20 }),
    polls: fc.nat(),
    lost: fc.boolean(),
  }),
  fc.constantFrom<SandboxOutcome>(
    { fault: 'not-ready' },
    { fault: 'stack' },
    { fault: 'memory' },
    { fault: 'crashed' },
    { fault: 'deadline', deadlineMs: 5000 },
  ),
);

describe('the diagnosis of any sandbox outcome', () => {
  it('never throws, keeps the score in [0, 1], and has a hint at every level', () => {
    fc.assert(
      fc.property(sandboxOutcomeArb, fc.string(), (outcome, extra) => {
        const d = verifyCodeWith(task, wrap(`${task.solution}\n// ${extra}`), () => outcome);
        expect(d.score).toBeGreaterThanOrEqual(0);
        expect(d.score).toBeLessThanOrEqual(1);
        if ('fault' in outcome || outcome.load) expect(d.correct).toBe(false);
        for (const level of [0, 1, 2, 3] as const) expect(typeof code.hint(task, d, level)).toBe('string');
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('names each fault', () => {
    const faultCode = (outcome: SandboxOutcome): string[] =>
      verifyCodeWith(task, wrap(task.solution), () => outcome).issues.map((i) => i.code);
    expect(faultCode({ fault: 'deadline', deadlineMs: 5000 })).toEqual(['code.timeout']);
    expect(faultCode({ fault: 'stack' })).toEqual(['code.stack']);
    expect(faultCode({ fault: 'memory' })).toEqual(['code.memory']);
    expect(faultCode({ fault: 'crashed' })).toEqual(['code.crashed']);
    expect(faultCode({ fault: 'not-ready' })).toEqual(['code.sandbox-not-ready']);
  });
});
