/**
 * The edits a teacher names, applied to the student's attempt (leak-edits.ts), and the guard flagging
 * a message whose edit gives a correct answer while letting an edit that does not through.
 */
import { describe, expect, it, vi } from 'vitest';
import { environments } from '../../src/core/envs';
import type { Environment } from '../../src/core/envs/types';
import { attemptEdits } from '../../src/core/protocol/leak-edits';
import {
  guardTeacherMessage,
  guardTeacherMessageAsync,
  MAX_SANDBOXED_EDITS,
  writesTaskBody,
} from '../../src/core/protocol/leak-reading';

describe('attempt edits', () => {
  it('replaces, appends, swaps people, swaps numbered steps and flips every role', () => {
    expect(attemptEdits('Change `x >= t` to `x > t`.', '<answer>x >= t</answer>')).toContain('x > t');
    expect(attemptEdits('Start at i = 0 instead of i = 1.', 'for (i = 1;')).toContain('for (i = 0;');
    expect(attemptEdits('Add B>C at the end and you are done.', '<answer>A>B A>C</answer>')).toContain(
      'A>B A>C B>C',
    );
    expect(
      attemptEdits('You have B and C the wrong way round: swap them.', 'A: knight, B: knight, C: knave'),
    ).toContain('A: knight, B: knave, C: knight');
    expect(attemptEdits('Every label is backwards: flip all three.', 'A: knave, B: knight')).toContain(
      'A: knight, B: knave',
    );
    expect(attemptEdits('Moves 2 and 3 are the wrong way round.', 'A>B B>C A>C')).toContain('A>B A>C B>C');
    expect(attemptEdits('Swap the 4 and the 2 in row 3.', '1234 3142')).toContain('1234 3124');
    expect(attemptEdits('Anything at all.', undefined)).toEqual([]);
  });

  it('the guard flags an edit that makes the attempt correct, not one that does not', () => {
    const env = environments.hanoi as Environment;
    const task = env.generate(env.presets.starter, 3, 0);
    const moves = task.solution.split(' ');
    const attempt = `<answer>${moves.slice(0, -1).join(' ')}</answer>`;
    const last = moves.at(-1)!;
    expect(guardTeacherMessage(env, task, `Add ${last} at the end.`, { attempt }).leaked).toBe(true);
    const wrong = last === 'A>B' ? 'B>A' : 'A>B';
    expect(guardTeacherMessage(env, task, `Add ${wrong} at the end.`, { attempt }).leaked).toBe(false);
  });
});

describe('a program body in code spans', () => {
  const task = environments.code!.generate(environments.code!.presets.easy, 31, 4);
  it('is a whole body when a return over every parameter is quoted, not a fragment or the student’s own', () => {
    const params = /function\s+\w+\s*\(([^)]*)\)/
      .exec(task.prompt)![1]!
      .split(',')
      .map((p) => p.trim());
    const body = `\`return ${params.join(' + ')};\``;
    expect(writesTaskBody(task, `Just write ${body} inside.`)).toBe(true);
    expect(writesTaskBody(task, 'Remember to `return` a number.')).toBe(false);
    expect(writesTaskBody(task, `Check \`${params[0]}\` first.`)).toBe(false);
    expect(
      writesTaskBody(task, `You wrote ${body}; look at the edge cases.`, `return ${params.join(' + ')};`),
    ).toBe(false);
  });
});

describe('edits in words and insertions', () => {
  it('inserts before a named piece or after a named call, and changes a named operator', () => {
    const program = 'function f(nums, t) {\n  nums.filter((x) => x > t);\n}';
    expect(attemptEdits('Put `return` in front of `nums.filter(...)` and you are done.', program)).toContain(
      'function f(nums, t) {\n  return nums.filter((x) => x > t);\n}',
    );
    expect(attemptEdits('Add `.length` at the end of the filter call.', program)).toContain(
      'function f(nums, t) {\n  nums.filter((x) => x > t).length;\n}',
    );
    expect(attemptEdits('Just change the last minus to a plus.', '<answer>100 - 8 - 1</answer>')).toContain(
      '100 - 8 + 1',
    );
    expect(attemptEdits('Change the first minus to a times.', '100 - 8 - 1')).toContain('100 * 8 - 1');
    expect(attemptEdits('Change the last times to a plus.', '100 - 8 - 1')).toEqual([]);
  });
});

describe('the guard on a program run in the sandbox', () => {
  const env = environments.code as Environment;
  const task = env.generate(env.presets.easy, 31, 4);
  const broken = task.solution.replace('return ', 'return 1 + ');

  it('flags an edit that makes the program pass, and lets one that does not through', async () => {
    expect(broken).not.toBe(task.solution);
    const attempt = `<answer>\n${broken}\n</answer>`;
    const leaking = 'So close! Change `return 1 + ` to `return ` and it passes.';
    // The synchronous guard cannot run the program; the protocol's asynchronous one does.
    expect(guardTeacherMessage(env, task, leaking, { attempt }).leaked).toBe(false);
    expect((await guardTeacherMessageAsync(env, task, leaking, { attempt })).leaked).toBe(true);
    const honest = 'Change `return 1 + ` to `return 2 + ` and run it again.';
    expect((await guardTeacherMessageAsync(env, task, honest, { attempt })).leaked).toBe(false);
    expect((await guardTeacherMessageAsync(env, task, leaking)).leaked).toBe(false); // no attempt to edit
  }, 30_000);

  it('runs at most MAX_SANDBOXED_EDITS programs for one message', async () => {
    const verify = vi.spyOn(env, 'verifyAsync');
    try {
      // Every `i` can become `i = 0`: many candidate edits, none passing.
      const attempt =
        '<answer>\nfunction f(a) { let i = 1; for (i = 1; i < a.length; i++) {} return i; }\n</answer>';
      await guardTeacherMessageAsync(env, task, 'Start at i = 0 instead of i = 1.', { attempt });
      expect(verify.mock.calls.length).toBeGreaterThan(0);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(MAX_SANDBOXED_EDITS);
    } finally {
      verify.mockRestore();
    }
  }, 30_000);
});
