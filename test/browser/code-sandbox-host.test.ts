/**
 * The code sandbox host in real Chromium, attacked with the programs that crashed or hung the old
 * in-thread sandbox: every verification runs in a dedicated worker (workers/sandbox.worker.ts) with
 * a wall-clock deadline, a worker that overruns or loses its QuickJS is replaced, each fault gets its
 * own diagnosis, the next verification runs normally, and the page keeps running throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, verifyCodeAsync, type CodeData, type CodeParams } from '../../src/core/envs/code';
import type { Task } from '../../src/core/envs/types';
import { WorkerSandboxHost } from '../../src/sandbox/worker-host';

const DEADLINE_MS = 2_000;
let host: WorkerSandboxHost;
let task: Task<CodeParams, CodeData>;

const spawn = (): Worker =>
  new Worker(new URL('../../workers/sandbox.worker.ts', import.meta.url), { type: 'module' });
const verify = (text: string) => verifyCodeAsync(task, text, (request) => host.run(request));
const codesOf = async (text: string): Promise<string[]> => (await verify(text)).issues.map((i) => i.code);
/** The task's function with `body`, after `before` at the top level. */
const program = (body: string, before = ''): string =>
  `<answer>${before}\nfunction ${task.data.fnName}(...args) {\n  ${body}\n}</answer>`;
const solution = (): string => `<answer>${task.solution}</answer>`;

describe('code sandbox host (a worker per verification, with a deadline)', () => {
  beforeAll(async () => {
    host = new WorkerSandboxHost({ spawn, deadlineMs: DEADLINE_MS });
    task = code.generate(code.presets.easy, 1, 0);
    await host.ready();
  }, 60_000);

  afterAll(() => host?.dispose());

  it('verifies a correct solution, and recursion to depth 1,000 runs', async () => {
    expect((await verify(solution())).correct).toBe(true);
    const run = await host.run({
      source: 'function f(n) { return n === 0 ? 0 : f(n - 1) + 1; }',
      fnName: 'f',
      argsJson: ['[1000]'],
    });
    expect(run).toMatchObject({ tests: [{ kind: 'returned', json: '1000' }] });
  });

  for (const [what, body] of [
    [
      'a long built-in call the fuel count cannot see',
      'return [].includes.call({ length: 2 ** 53 - 1 }, 0);',
    ],
    ['a huge join', "return new Array(2 ** 32 - 1).join('');"],
    ['a huge BigInt', 'return String(10n ** 10000000n);'],
  ] as const) {
    it(`${what} is stopped by the deadline (or the memory limit) while the page keeps running`, async () => {
      const started = host.started;
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const t0 = performance.now();
      const d = await verify(program(body));
      const ms = performance.now() - t0;
      clearInterval(timer);
      expect(d.correct).toBe(false);
      const codes = d.issues.map((i) => i.code);
      expect(
        codes.some((c) => ['code.timeout', 'code.memory'].includes(c)),
        String(codes),
      ).toBe(true);
      // Never much past the deadline: the worker is terminated, not waited for.
      expect(ms).toBeLessThan(DEADLINE_MS + 10_000);
      expect(ticks).toBeGreaterThan(Math.floor(ms / 10 / 4));
      expect((await verify(solution())).correct).toBe(true);
      if (d.issues.some((i) => i.where?.['phase'] === 'deadline')) {
        expect(host.started).toBe(started + 1); // the overrunning worker was replaced, once
      }
      console.info(
        `sandbox host: ${what}: ${codes.join(', ')} after ${ms.toFixed(0)} ms; ${ticks} page ticks`,
      );
    }, 60_000);
  }

  it('the deadline names itself in the diagnosis and the hint', async () => {
    const d = await verify(program('return [].includes.call({ length: 2 ** 53 - 1 }, 0);'));
    const issue = d.issues.find((i) => i.code === 'code.timeout');
    expect(issue?.where).toEqual({ phase: 'deadline' });
    expect(issue?.message).toContain(`${DEADLINE_MS / 1000} s`);
    expect(code.hint(task, d, 1)).toMatch(/ran out of time/);
  }, 60_000);

  it('deep recursion is the stack limit', async () => {
    expect(await codesOf(program('return f(); function f() { return f() + 1; }'))).toContain('code.stack');
    expect((await verify(solution())).correct).toBe(true);
  }, 60_000);

  it('nesting that overflows the host stack (eval, JSON.parse) is the stack limit, and the worker is replaced', async () => {
    for (const nest of [
      `eval('['.repeat(1e4) + ']'.repeat(1e4))`,
      `JSON.parse('['.repeat(1e5) + ']'.repeat(1e5))`,
    ]) {
      expect(await codesOf(program(`return ${nest};`)), nest).toContain('code.stack');
      expect((await verify(solution())).correct, nest).toBe(true);
    }
  }, 60_000);

  it('memory is bounded: push loops end as code.memory in seconds', async () => {
    for (const bomb of [
      'let a = []; while (true) a.push(new Array(1e6).fill(1));',
      'const a = []; for (;;) a.push({ a, s: "xxxxxxxx" + a.length });',
    ]) {
      const t0 = performance.now();
      expect(await codesOf(program(bomb)), bomb).toContain('code.memory');
      console.info(`sandbox host: ${bomb}: code.memory after ${(performance.now() - t0).toFixed(0)} ms`);
      expect((await verify(solution())).correct, bomb).toBe(true);
    }
  }, 60_000);

  it('a flood of promise jobs keeps its diagnosis and the next verification works', async () => {
    const flood = program('return 0;', 'for (let i = 0; i < 1e4; i++) Promise.resolve(i).then((x) => [x]);');
    expect(await codesOf(flood)).toContain('test.failed');
    expect((await verify(solution())).correct).toBe(true);
  }, 60_000);

  it('verifications queued together all get their answers, a hostile one among them', async () => {
    const results = await Promise.all([
      verify(solution()),
      verify(program('for (;;) {}')),
      verify(program('return [].includes.call({ length: 2 ** 53 - 1 }, 0);')),
      verify(solution()),
    ]);
    expect(results.map((d) => d.correct)).toEqual([true, false, false, true]);
  }, 60_000);
});
