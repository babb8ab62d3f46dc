import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { humanAnswerHelp } from '../../src/core/envs/human-answer';

describe('how a person answers each environment', () => {
  it('every environment has help in words, and no help or template gives the answer away', () => {
    for (const env of Object.values(environments)) {
      for (const preset of ['starter', 'easy', 'medium', 'hard'] as const) {
        for (let index = 0; index < 5; index++) {
          const task = env.generate(env.presets[preset], 3, index);
          const help = humanAnswerHelp(task);
          expect(help.help, env.id).not.toBe('Type your answer.');
          expect(help.help).not.toMatch(/<answer>|answer tags/);
          // Built from what the task shows, never its solution: the same help with the answer swapped.
          const blinded = {
            ...task,
            solution: 'X',
            data: { ...(task.data as object), solution: [], roles: [], steps: [], answer: 0 },
          };
          expect(humanAnswerHelp(blinded), env.id).toEqual(help);
          // An example it shows is the prompt's own format example, which is never the answer.
          const example = /e\.g\. ([^).]+)/.exec(help.help)?.[1];
          if (example && env.verifyAsync === undefined) {
            expect(env.verify(task, `<answer>${example}</answer>`).correct, `${env.id}: ${example}`).toBe(
              false,
            );
          }
          if (env.verifyAsync === undefined && help.template) {
            expect(env.verify(task, help.template).correct, `${env.id} template`).toBe(false);
          }
        }
      }
    }
  });

  it('the templates are the shape the reader takes: filled in, they read as the answer', () => {
    const sudoku = environments.sudoku!;
    const task = sudoku.generate(sudoku.presets.easy, 1, 0);
    const { template } = humanAnswerHelp(task);
    expect(template).toBe('2 1 3 4\n3 4 2 .\n4 . . 3\n1 . . .');
    const solved = task.solution
      .split(' ')
      .map((row) => row.split('').join(' '))
      .join('\n');
    expect(sudoku.verify(task, `<answer>${solved}</answer>`).correct).toBe(true);

    const knights = environments.knights!;
    const islanders = knights.generate(knights.presets.easy, 1, 0);
    expect(humanAnswerHelp(islanders).template).toBe('A: \nB: ');
    const roles = islanders.solution.split(', ').join('\n');
    expect(knights.verify(islanders, `<answer>${roles}</answer>`).correct).toBe(true);

    const code = environments.code!;
    expect(humanAnswerHelp(code.generate(code.presets.easy, 1, 0)).template).toBe(
      'function countVowels(s) {\n  \n}',
    );
    const hanoi = environments.hanoi!;
    const steps = humanAnswerHelp(hanoi.generate(hanoi.presets.easy, 1, 0)).steps.map((s) => s.value);
    expect(steps).toEqual(['A>B', 'A>C', 'B>A', 'B>C', 'C>A', 'C>B']);
  });
});
