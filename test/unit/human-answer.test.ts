import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { humanAnswerHelp, roleIn, withRole } from '../../src/core/envs/human-answer';
import { previewPath } from '../../src/core/envs/maze/preview';
import type { MazeData } from '../../src/core/envs/maze/types';

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

  it('knights role pickers write each person’s line, keeping what else was typed', () => {
    const knights = environments.knights!;
    const task = knights.generate(knights.presets.easy, 1, 0);
    const { roles, template } = humanAnswerHelp(task);
    expect(roles).toEqual({ names: ['A', 'B'], choices: ['knight', 'knave'] });
    let draft = template;
    expect(roleIn(draft, 'A', roles!.choices)).toBeNull();
    draft = withRole(draft, 'B', 'knave');
    expect(draft).toBe('A: \nB: knave');
    draft = withRole(draft, 'A', 'knight');
    draft = withRole(draft, 'A', 'knave');
    expect(draft).toBe('A: knave\nB: knave');
    expect(roleIn(draft, 'A', roles!.choices)).toBe('knave');
    expect(roleIn('a: Knight', 'a', roles!.choices)).toBe('knight');
    // A deleted line comes back at the end; other text stays; a name is matched whole, not as a prefix.
    expect(withRole('I think so.\n', 'C', 'knight')).toBe('I think so.\nC: knight');
    expect(withRole('', 'C', 'knight')).toBe('C: knight');
    expect(withRole('AB: knave\nA: knight', 'A', 'knave')).toBe('AB: knave\nA: knave');
    // Picked for every person as the solution says, the box reads as the answer.
    let picked = template;
    for (const part of task.solution.split(', ')) {
      const [name, role] = part.split(': ') as [string, string];
      picked = withRole(picked, name, role);
    }
    expect(knights.verify(task, `<answer>${picked}</answer>`).correct).toBe(true);
  });

  it('the maze previews the moves being typed, stopping at a wall or the edge, with no verdict', () => {
    const maze = environments.maze!;
    const task = maze.generate(maze.presets.easy, 4, 0);
    const data = task.data as MazeData;
    expect(previewPath(data, '')).toEqual([data.start]);
    const moves = task.solution.split(' ');
    const full = previewPath(data, task.solution);
    expect(full).toHaveLength(moves.length + 1);
    expect(full.at(-1)).toEqual(data.goal);
    // Arrow-key style and lowercase read the same as the answer box does.
    expect(previewPath(data, moves.join('').toLowerCase())).toEqual(full);
    // A move into a wall or off the grid ends the preview where the person is.
    for (const move of ['U', 'D', 'L', 'R']) {
      const path = previewPath(
        data,
        `${moves.slice(0, 2).join(' ')} ${move} ${move} ${move} ${move} ${move} ${move} ${move} ${move}`,
      );
      for (const cell of path) expect(data.grid[cell.row]?.[cell.col]).not.toBe('#');
      expect(path.length).toBeLessThanOrEqual(11);
    }
  });
});
