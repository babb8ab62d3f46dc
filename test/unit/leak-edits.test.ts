/**
 * The edits a teacher names, applied to the student's attempt (leak-edits.ts), and the guard flagging
 * a message whose edit gives a correct answer while letting an edit that does not through.
 */
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import type { Environment } from '../../src/core/envs/types';
import { attemptEdits } from '../../src/core/protocol/leak-edits';
import { guardTeacherMessage, writesTaskBody } from '../../src/core/protocol/leak-reading';

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
